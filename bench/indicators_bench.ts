/**
 * Indicator throughput. Figures are per `Deno.bench` iteration; divide the
 * candle count in each name by the time per iteration for candle updates/s.
 *
 * The slow references get smaller inputs (named in the bench) so a run stays
 * short on a shared machine.
 *
 * @module
 */
import { SMA as TsSma } from "trading-signals";
import { SMA as TiSma } from "technicalindicators";
import { IndicatorSet, Sma, smaBatch } from "../indicators/mod.ts";

const MILLION = 1_000_000;

function randomWalk(count: number, seed: number) {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const openTime = new Float64Array(count);
  const high = new Float64Array(count);
  const low = new Float64Array(count);
  const close = new Float64Array(count);
  const volume = new Float64Array(count);
  let price = 30_000;
  for (let i = 0; i < count; i++) {
    const next = price * (1 + (random() - 0.5) * 0.004);
    openTime[i] = 1_704_067_200_000 + i * 60_000;
    high[i] = Math.max(price, next) * (1 + random() * 0.001);
    low[i] = Math.min(price, next) * (1 - random() * 0.001);
    close[i] = next;
    volume[i] = random() * 50;
    price = next;
  }
  return { openTime, high, low, close, volume };
}

const series = randomWalk(MILLION, 1);
const closes = series.close;
const closesList = Array.from(closes);
const closesList100k = closesList.slice(0, 100_000);
const out = new Float64Array(MILLION);
// Module-level, so the engine cannot drop the loops that feed it.
let sink = 0;

Deno.bench("plain Float64Array sliding-sum loop, 1M closes", {
  group: "sma(20) over 1M closes",
  baseline: true,
}, () => {
  const n = 20;
  let sum = 0;
  for (let i = 0; i < closes.length; i++) {
    sum += closes[i]! - (i >= n ? closes[i - n]! : 0);
    out[i] = i >= n - 1 ? sum / n : NaN;
  }
  sink += out[MILLION - 1]!;
});

Deno.bench("smaBatch, 1M closes", { group: "sma(20) over 1M closes" }, () => {
  smaBatch(closes, 20, out);
  sink += out[MILLION - 1]!;
});

Deno.bench("incremental Sma.update, 1M closes", { group: "sma(20) over 1M closes" }, () => {
  const sma = new Sma(20);
  for (let i = 0; i < closes.length; i++) sink += sma.update(closes[i]!) ?? 0;
});

Deno.bench("trading-signals SMA.add, 1M closes", { group: "sma(20) over 1M closes" }, () => {
  const sma = new TsSma(20);
  for (let i = 0; i < closesList.length; i++) sink += sma.add(closesList[i]!) ?? 0;
});

Deno.bench("technicalindicators SMA.calculate, 100k closes (10x fewer)", {
  group: "sma(20) over 1M closes",
}, () => {
  const result = TiSma.calculate({ period: 20, values: closesList100k });
  sink += result.length;
});

// Live candles arrive as objects; one reused object is filled per step so the
// bench measures the indicators, not building 1M candle objects.
const candle = { openTime: 0, high: 0, low: 0, close: 0, volume: 0 };
function fill(i: number): typeof candle {
  candle.openTime = series.openTime[i]!;
  candle.high = series.high[i]!;
  candle.low = series.low[i]!;
  candle.close = series.close[i]!;
  candle.volume = series.volume[i]!;
  return candle;
}

Deno.bench("single incremental Sma(20), 1M candles", {
  group: "indicator set",
  baseline: true,
}, () => {
  const sma = new Sma(20);
  for (let i = 0; i < MILLION; i++) sink += sma.update(fill(i).close) ?? 0;
});

Deno.bench("default IndicatorSet (19 outputs), 1M candles", { group: "indicator set" }, () => {
  const set = new IndicatorSet();
  for (let i = 0; i < MILLION; i++) sink += set.update(fill(i)).obv ?? 0;
});

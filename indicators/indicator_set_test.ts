import { assert, assertEquals, assertThrows } from "../tests/assert.ts";
import { assertSameSeries, randomSeries } from "./_test_utils.ts";
import { atrBatch } from "./atr.ts";
import { bollingerBatch } from "./bollinger.ts";
import { emaBatch } from "./ema.ts";
import { IndicatorSet } from "./indicator_set.ts";
import { macdBatch } from "./macd.ts";
import { obvBatch } from "./obv.ts";
import { rsiBatch } from "./rsi.ts";
import { smaBatch } from "./sma.ts";
import { stochasticBatch } from "./stochastic.ts";
import { volumeZScoreBatch } from "./volume_zscore.ts";
import { vwapBatch } from "./vwap.ts";

Deno.test("indicator set names its default outputs stably and needs 50 candles of warm-up", () => {
  const set = new IndicatorSet();
  assertEquals(set.keys, [
    "sma_20",
    "sma_50",
    "ema_12",
    "ema_26",
    "rsi_14",
    "macd",
    "macd_signal",
    "macd_hist",
    "bb_upper",
    "bb_middle",
    "bb_lower",
    "bb_pct_b",
    "bb_width",
    "atr_14",
    "stoch_k",
    "stoch_d",
    "obv",
    "vwap",
    "volume_z_20",
  ]);
  // SMA 50 is the slowest default; MACD needs 26 + 9 − 1 = 34.
  assertEquals(set.warmup, 50);
});

Deno.test("indicator set gives every value from the warm-up candle on, and the batch kernels' numbers", () => {
  const s = randomSeries(3_000, 111, { zeroVolumeShare: 0 });
  const set = new IndicatorSet();
  const rows = s.candles.map((c) => ({ ...set.update({ ...c }) }));
  assert(Object.values(rows[set.warmup - 2]!).includes(null), "candle warmup − 1 still has a null");
  for (let i = set.warmup - 1; i < rows.length; i++) {
    assert(
      !Object.values(rows[i]!).includes(null),
      `a null at candle ${i + 1}: ${JSON.stringify(rows[i])}`,
    );
  }
  const column = (key: string) => rows.map((r) => r[key] ?? null);
  const macd = macdBatch(s.close);
  const bb = bollingerBatch(s.close);
  const stoch = stochasticBatch(s.high, s.low, s.close);
  const expected: Record<string, Float64Array> = {
    sma_20: smaBatch(s.close, 20),
    sma_50: smaBatch(s.close, 50),
    ema_12: emaBatch(s.close, 12),
    ema_26: emaBatch(s.close, 26),
    rsi_14: rsiBatch(s.close, 14),
    macd: macd.macd,
    macd_signal: macd.signal,
    macd_hist: macd.histogram,
    bb_upper: bb.upper,
    bb_middle: bb.middle,
    bb_lower: bb.lower,
    bb_pct_b: bb.percentB,
    bb_width: bb.bandwidth,
    atr_14: atrBatch(s.high, s.low, s.close, 14),
    stoch_k: stoch.k,
    stoch_d: stoch.d,
    obv: obvBatch(s.close, s.volume),
    vwap: vwapBatch(s.openTime, s.high, s.low, s.close, s.volume),
    volume_z_20: volumeZScoreBatch(s.volume, 20),
  };
  assertEquals(Object.keys(expected), [...set.keys]);
  for (const [key, series] of Object.entries(expected)) assertSameSeries(column(key), series, key);
});

Deno.test("indicator set reuses one record, so callers copy what they keep", () => {
  const set = new IndicatorSet();
  const candle = { openTime: 0, high: 2, low: 1, close: 1.5, volume: 3 };
  const first = set.update(candle);
  const second = set.update({ ...candle, openTime: 60_000, close: 1.8 });
  assert(first === second);
  assertEquals(second.obv, 3);
});

Deno.test("indicator set takes custom periods into its names and warm-up", () => {
  const set = new IndicatorSet({
    sma: [5],
    ema: [3, 8],
    rsi: 7,
    macd: { fast: 4, slow: 9, signal: 3 },
    bollinger: { period: 6, stdDev: 1.5 },
    atr: 10,
    stochastic: { k: 5, d: 2 },
    volumeZ: 4,
  });
  assertEquals(set.keys.filter((k) => /\d/.test(k)), [
    "sma_5",
    "ema_3",
    "ema_8",
    "rsi_7",
    "atr_10",
    "volume_z_4",
  ]);
  // MACD 9 + 3 − 1 = 11 is now the slowest.
  assertEquals(set.warmup, 11);
});

Deno.test("indicator set rejects bad parameters, naming the parameter and the value received", () => {
  assertThrows(() => new IndicatorSet({ rsi: 0 }), "rsi must be an integer >= 1, received 0");
  assertThrows(() => new IndicatorSet({ atr: 2.5 }), "atr must be an integer >= 1, received 2.5");
  assertThrows(
    () => new IndicatorSet({ sma: [20, -5] }),
    "sma[1] must be an integer >= 1, received -5",
  );
  assertThrows(() => new IndicatorSet({ ema: [12, 12] }), "ema lists period 12 twice");
  assertThrows(
    () => new IndicatorSet({ sma: 20 as unknown as number[] }),
    "sma must be an array of periods, received 20",
  );
  assertThrows(
    () => new IndicatorSet({ volumeZ: 1 }),
    "volumeZ must be an integer >= 2, received 1",
  );
  assertThrows(() => new IndicatorSet({ macd: { fast: 30 } }), "macd.fast must be < macd.slow");
  assertThrows(
    () => new IndicatorSet({ bollinger: { stdDev: 0 } }),
    "bollinger.stdDev must be a finite number > 0, received 0",
  );
  assertThrows(
    () => new IndicatorSet({ smaa: [20] } as unknown as { sma: number[] }),
    "params.smaa is not an indicator parameter",
  );
});

import { z } from "zod";
import type { Analysis, Signal } from "../messages/payloads.ts";
import { assert, assertEquals, assertThrows } from "../tests/assert.ts";
import { fromCloses, MIN, repeat, scripted, SERIES, T0 } from "./_fixtures.ts";
import { evaluateSignal, startRun, type StrategyRun, supportsTimeframe } from "./evaluate.ts";
import { resolveStrategies } from "./registry.ts";
import { analyse, replaySignals } from "./replay.ts";
import { resolveWith } from "./resolve.ts";
import type { AnyStrategy, Strategy } from "./types.ts";

const CLOSES = [...repeat(100, 40), ...repeat(101, 30), ...repeat(99, 10)];

Deno.test("evaluateSignal builds the full signal payload from the candle and the analysis", () => {
  const candles = fromCloses(CLOSES);
  const analyses = analyse(candles);
  const [ema] = resolveStrategies([{ id: "ema_cross", name: "ema_fast" }]);
  let run = startRun(ema!);
  const signals = [];
  for (let i = 0; i < candles.length; i++) {
    const out = evaluateSignal(ema!, run, candles[i]!, analyses[i]!);
    run = out.run;
    if (out.signal) signals.push(out.signal);
  }
  const { ema_12, ema_26, atr_14 } = analyses[40]!.indicators;
  const gap = ema_12! - ema_26!;
  assertEquals(signals[0], {
    ...SERIES,
    strategy: "ema_fast",
    openTime: T0 + 40 * MIN,
    side: "buy",
    strength: gap / (gap + atr_14!),
    price: 101,
    reason: `EMA12 ${Number(ema_12!.toPrecision(6))} crossed above EMA26 ${
      Number(ema_26!.toPrecision(6))
    }`,
    indicators: { atr_14: atr_14!, ema_12: ema_12!, ema_26: ema_26! },
  });
  assertEquals(run.count, candles.length);
  assertEquals(run.lastOpenTime, candles.at(-1)!.openTime);
});

const scriptedRegistry = { scripted };

Deno.test("signals before the strategy's warm-up are dropped while its state still advances", () => {
  const [s] = resolveWith(scriptedRegistry, [{
    id: "scripted",
    params: {
      warmup: 4,
      at: { 2: { side: "buy", strength: 1 }, 4: { side: "sell", strength: 1 } },
    },
  }]);
  const { signals, runs } = replaySignals([s!], fromCloses(repeat(100, 6)));
  assertEquals(signals.map((x) => [(x.openTime - T0) / MIN + 1, x.side]), [[4, "sell"]]);
  assertEquals(runs[0]!.state, { calls: 6 });
});

Deno.test("a redelivered candle yields no signal and leaves the run unchanged", () => {
  const [s] = resolveWith(scriptedRegistry, [{
    id: "scripted",
    params: { at: { 1: { side: "buy", strength: 1 } } },
  }]);
  const [candle] = fromCloses([100]);
  const [analysis] = analyse([candle!]);
  const first = evaluateSignal(s!, startRun(s!), candle!, analysis!);
  assert(first.signal !== null);
  const again = evaluateSignal(s!, first.run, candle!, analysis!);
  assertEquals(again.signal, null);
  assert(again.run === first.run);
});

Deno.test("the view carries the previous candle's indicators and the candle count", () => {
  const seen: { count: number; previous: number | null }[] = [];
  const probe: Strategy<Record<string, never>, null> = {
    id: "probe",
    description: "Records what it sees.",
    parameters: z.strictObject({}),
    timeframes: "any",
    warmup: () => 1,
    uses: () => ["sma_20"],
    initialState: () => null,
    evaluate(view, _p, state) {
      seen.push({ count: view.count, previous: view.previous?.sma_20 ?? null });
      return { signal: null, state };
    },
  };
  const candles = fromCloses(Array.from({ length: 22 }, (_, i) => 100 + i));
  const analyses = analyse(candles);
  replaySignals(resolveWith({ probe }, [{ id: "probe" }]), candles);
  assertEquals(seen.map((v) => v.count), candles.map((_, i) => i + 1));
  assertEquals(seen[0]!.previous, null);
  assertEquals(seen[21]!.previous, analyses[20]!.indicators.sma_20);
});

Deno.test("an analysis missing an indicator the strategy uses is an error naming both", () => {
  const [rsi] = resolveStrategies([{ id: "rsi_reversion", params: { period: 7 } }]);
  const [candle] = fromCloses([100]);
  const [analysis] = analyse([candle!]);
  assertThrows(
    () => evaluateSignal(rsi!, startRun(rsi!), candle!, analysis!),
    'strategy "rsi_reversion" (rsi_reversion) needs indicator "rsi_7", which the analysis of binance:BTC/USDT:1m lacks',
  );
});

Deno.test("an analysis of another candle or series is refused", () => {
  const [ema] = resolveStrategies([{ id: "ema_cross" }]);
  const [c0, c1] = fromCloses([100, 101]);
  const [a0] = analyse([c0!, c1!]);
  const run: StrategyRun = startRun(ema!);
  assertThrows(
    () => evaluateSignal(ema!, run, c1!, a0!),
    `analysis binance:BTC/USDT:1m@${T0} does not belong to candle binance:BTC/USDT:1m@${T0 + MIN}`,
  );
  const other: Analysis = { ...a0!, symbol: "ETH/USDT" };
  assertThrows(() => evaluateSignal(ema!, run, c0!, other), "does not belong to candle");
});

Deno.test("a strategy limited to some timeframes refuses the others", () => {
  const hourly: AnyStrategy = { ...scripted, id: "hourly", timeframes: ["1h", "4h"] };
  const [s] = resolveWith({ hourly }, [{ id: "hourly" }]);
  assertEquals([supportsTimeframe(s!, "1h"), supportsTimeframe(s!, "1m")], [true, false]);
  const [candle] = fromCloses([100]);
  const [analysis] = analyse([candle!]);
  assertThrows(
    () => evaluateSignal(s!, startRun(s!), candle!, analysis!),
    'strategy "hourly" (hourly) supports timeframes 1h, 4h, received 1m',
  );
});

Deno.test("a strategy that proposes an invalid signal is caught with its name", () => {
  const broken: AnyStrategy = {
    ...scripted,
    id: "broken",
    evaluate: (_view, _params, state) => ({
      signal: { side: "buy", strength: NaN, reason: "nan" },
      state,
    }),
  };
  const [s] = resolveWith({ broken }, [{ id: "broken" }]);
  const [candle] = fromCloses([100]);
  const [analysis] = analyse([candle!]);
  assertThrows(
    () => evaluateSignal(s!, startRun(s!), candle!, analysis!),
    'strategy "broken" (broken) produced an invalid signal at binance:BTC/USDT:1m@',
  );
});

Deno.test("replaying the same candles twice gives identical signals and runs", () => {
  const config = [{ id: "ema_cross" }, { id: "macd_cross" }, { id: "rsi_reversion" }, {
    id: "vote",
  }];
  const candles = fromCloses(
    Array.from({ length: 400 }, (_, i) => 100 + 8 * Math.sin(i / 11) + (i % 5)),
  );
  const a = replaySignals(resolveStrategies(config), candles);
  const b = replaySignals(resolveStrategies(config), candles);
  assert(a.signals.length > 10);
  assertEquals(a, b);
  assertEquals(JSON.parse(JSON.stringify(a.runs)), a.runs, "runs are plain data");
});

Deno.test("a replay continued from saved runs equals one uninterrupted replay", () => {
  const config = [{ id: "ema_cross" }, { id: "rsi_reversion" }, { id: "vote" }];
  const candles = fromCloses(
    Array.from({ length: 300 }, (_, i) => 100 + 8 * Math.sin(i / 9) + (i % 3)),
  );
  const whole = replaySignals(resolveStrategies(config), candles);
  const head = replaySignals(resolveStrategies(config), candles.slice(0, 150));
  const saved = JSON.parse(JSON.stringify(head.runs)) as StrategyRun[];
  // Indicators need the whole history, so the tail's analysis is taken from a full replay.
  const analyses = analyse(candles);
  const resolved = resolveStrategies(config);
  const tail: Signal[] = [];
  for (let c = 150; c < candles.length; c++) {
    resolved.forEach((s, i) => {
      const out = evaluateSignal(s, saved[i]!, candles[c]!, analyses[c]!);
      saved[i] = out.run;
      if (out.signal) tail.push(out.signal);
    });
  }
  assertEquals([...head.signals, ...tail], whole.signals);
});

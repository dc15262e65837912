import { Stochastic as ReferenceStochastic } from "technicalindicators";
import { StochasticOscillator } from "trading-signals";
import { assertEquals, assertThrows } from "../tests/assert.ts";
import { assertClose, assertSameSeries, firstValue, randomSeries } from "./_test_utils.ts";
import { Stochastic, stochasticBatch } from "./stochastic.ts";

Deno.test("stochastic matches technicalindicators' %K and %D over 20,000 candles", () => {
  const s = randomSeries(20_000, 71);
  for (const [kPeriod, dPeriod] of [[14, 3], [5, 1], [30, 5]] as const) {
    const label = `stochastic(${kPeriod},${dPeriod})`;
    const stoch = new Stochastic({ k: kPeriod, d: dPeriod });
    const k: (number | null)[] = [];
    const d: (number | null)[] = [];
    for (const c of s.candles) {
      const v = stoch.update(c.high, c.low, c.close);
      k.push(v?.k ?? null);
      d.push(v?.d ?? null);
    }
    const expected = ReferenceStochastic.calculate({
      high: Array.from(s.high),
      low: Array.from(s.low),
      close: Array.from(s.close),
      period: kPeriod,
      signalPeriod: dPeriod,
    });
    const offset = s.close.length - expected.length;
    assertEquals(firstValue(k), offset);
    assertEquals(firstValue(d), offset + dPeriod - 1);
    assertEquals(stoch.warmup, firstValue(d) + 1);
    const batch = stochasticBatch(s.high, s.low, s.close, { k: kPeriod, d: dPeriod });
    for (let i = 0; i < k.length; i++) {
      const e = i < offset ? undefined : expected[i - offset];
      assertClose(k[i], e?.k, `${label} %K at ${i}`);
      assertClose(d[i], e?.d, `${label} %D at ${i}`);
      assertClose(batch.k[i], e?.k, `${label} batch %K at ${i}`);
      assertClose(batch.d[i], e?.d, `${label} batch %D at ${i}`);
    }
    assertSameSeries(k, batch.k, `${label} %K`);
    assertSameSeries(d, batch.d, `${label} %D`);
  }
});

Deno.test("stochastic agrees with trading-signals' oscillator without %K slowing", () => {
  const s = randomSeries(5_000, 72);
  const stoch = new Stochastic({ k: 14, d: 3 });
  const ref = new StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 1, dPeriod: 3 });
  for (let i = 0; i < s.candles.length; i++) {
    const c = s.candles[i]!;
    const v = stoch.update(c.high, c.low, c.close);
    const e = ref.add(c);
    // trading-signals withholds %K until %D exists.
    if (e === null) continue;
    assertClose(v?.k, e.stochK, `%K at ${i}`);
    assertClose(v?.d, e.stochD, `%D at ${i}`);
  }
});

Deno.test("stochastic of a flat window is the neutral 50, not the references' 0", () => {
  const stoch = new Stochastic({ k: 2, d: 2 });
  stoch.update(5, 5, 5);
  assertEquals({ ...stoch.update(5, 5, 5) }, { k: 50, d: null });
  assertEquals({ ...stoch.update(5, 5, 5) }, { k: 50, d: 50 });
});

Deno.test("stochastic rejects bad periods and misaligned inputs, naming them", () => {
  assertThrows(() => new Stochastic({ k: 0 }), "stochastic.k must be an integer >= 1, received 0");
  assertThrows(
    () => new Stochastic({ d: -3 }),
    "stochastic.d must be an integer >= 1, received -3",
  );
  assertThrows(
    () => stochasticBatch(new Float64Array(2), new Float64Array(2), new Float64Array(1)),
    "close has length 1 but high has length 2",
  );
});

import { assert, assertEquals, assertThrows } from "../tests/assert.ts";
import { fromCloses, MIN, repeat, scripted, T0 } from "./_fixtures.ts";
import { strategyRegistry } from "./registry.ts";
import { resolveWith } from "./resolve.ts";
import { replaySignals } from "./replay.ts";
import type { AnyStrategy } from "./types.ts";
import { createVoteStrategy } from "./vote.ts";

const registry: Record<string, AnyStrategy> = {
  scripted,
  vote: createVoteStrategy(() => registry),
};
const candles = fromCloses(repeat(100, 12));
const at = (openTime: number) => (openTime - T0) / MIN;
const member = (
  name: string,
  at: Record<string, { side: "buy" | "sell"; strength: number }>,
  warmup = 1,
) => ({
  id: "scripted",
  name,
  params: { at, warmup },
});
const buy = (strength: number) => ({ side: "buy" as const, strength });
const sell = (strength: number) => ({ side: "sell" as const, strength });

function vote(threshold: number, members: ReturnType<typeof member>[]) {
  return replaySignals(
    resolveWith(registry, [{ id: "vote", params: { threshold, members } }]),
    candles,
  )
    .signals;
}

Deno.test("a vote emits when at least threshold members agree on a side in the same candle", () => {
  const signals = vote(2, [
    member("a", { 3: buy(0.9), 5: buy(0.6), 8: sell(0.3) }),
    member("b", { 3: buy(0.3), 6: buy(0.6), 8: sell(0.9) }),
    member("c", { 8: sell(0.6), 9: sell(1) }),
  ]);
  // count 5 and 6 each have one buy (not the same candle); 9 has one sell.
  assertEquals(signals.map((s) => [at(s.openTime) + 1, s.side]), [[3, "buy"], [8, "sell"]]);
});

Deno.test("a vote's strength is the agreeing members' strengths summed over all members", () => {
  const [three, eight] = vote(2, [
    member("a", { 3: buy(0.9), 8: sell(0.3) }),
    member("b", { 3: buy(0.3), 8: sell(0.9) }),
    member("c", { 8: sell(0.6) }),
  ]);
  assertEquals(three!.strength, (0.9 + 0.3) / 3);
  assertEquals(eight!.strength, (0.3 + 0.9 + 0.6) / 3);
  assertEquals(
    three!.reason,
    "2 of 3 strategies say buy: a (scripted buy at 3 (call 3)); b (scripted buy at 3 (call 3))",
  );
});

Deno.test("a vote with both sides at the threshold follows the majority and emits nothing on a tie", () => {
  const signals = vote(1, [
    member("a", { 2: buy(1), 4: buy(1) }),
    member("b", { 2: sell(1), 4: buy(1) }),
    member("c", { 4: sell(1) }),
  ]);
  assertEquals(signals.map((s) => [at(s.openTime) + 1, s.side]), [[4, "buy"]]);
});

Deno.test("a member below its own warm-up abstains", () => {
  const signals = vote(2, [
    member("a", { 3: buy(1), 7: buy(1) }),
    member("b", { 3: buy(1), 7: buy(1) }, 5),
  ]);
  assertEquals(signals.map((s) => at(s.openTime) + 1), [7]);
});

Deno.test("a vote keeps every member's state and can nest another vote", () => {
  const [resolved] = resolveWith(registry, [{
    id: "vote",
    params: {
      threshold: 2,
      members: [
        member("a", { 4: buy(1) }),
        {
          id: "vote",
          name: "inner",
          params: { threshold: 1, members: [member("x", { 4: buy(0.5) })] },
        },
      ],
    },
  }]);
  const { signals, runs } = replaySignals([resolved!], candles);
  assertEquals(signals.map((s) => at(s.openTime) + 1), [4]);
  assertEquals(signals[0]!.strength, (1 + 0.5) / 2);
  assertEquals(runs[0]!.state, { members: [{ calls: 12 }, { members: [{ calls: 12 }] }] });
});

Deno.test("a vote rejects a threshold above its member count and a bad member, naming both", () => {
  assertThrows(
    () =>
      resolveWith(registry, [{
        id: "vote",
        params: { threshold: 3, members: [member("a", {}), member("b", {})] },
      }]),
    'parameter "threshold" = 3 is invalid: expected a threshold no greater than the number of members',
  );
  const e = assertThrows(() =>
    resolveWith(registry, [{ id: "vote", params: { threshold: 1, members: [{ id: "nope" }] } }])
  );
  assert(e.message.startsWith('strategy "vote": parameter "members"'), e.message);
  assert(
    e.message.includes('unknown strategy "nope"; known strategies: scripted, vote'),
    e.message,
  );
});

Deno.test("the built-in vote of ema_cross and macd_cross only fires where both cross on the same candle", () => {
  // The EMA fixture: both cross up at 40; MACD crosses down at 54, EMAs at 70.
  const closes = [...repeat(100, 40), ...repeat(101, 30), ...repeat(99, 10)];
  const members = [{ id: "ema_cross" }, { id: "macd_cross" }];
  const run = (threshold: number) =>
    replaySignals(
      resolveWith(strategyRegistry, [{ id: "vote", params: { threshold, members } }]),
      fromCloses(closes),
    ).signals.map((s) => [at(s.openTime), s.side]);
  assertEquals(run(2), [[40, "buy"]]);
  assertEquals(run(1), [[40, "buy"], [54, "sell"], [70, "sell"]]);
});

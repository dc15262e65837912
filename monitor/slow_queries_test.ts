import { assert, assertEquals, assertThrows } from "../tests/assert.ts";
import { type SlowQuery, SlowQueryLog } from "./slow_queries.ts";

Deno.test("slow query log counts and keeps only operations over the threshold", () => {
  const told: SlowQuery[] = [];
  const log = new SlowQueryLog({
    thresholdSeconds: 0.1,
    keep: 2,
    onSlow: (q) => told.push(q),
    now: () => 42,
  });
  log.hook("candles.range", 0.05);
  log.hook("candles.range", 0.1);
  log.hook("signals.insert", 0.3);
  log.hook("ping", 1.5);
  assertEquals(log.count, 3);
  assertEquals(told.map((q) => q.operation), ["candles.range", "signals.insert", "ping"]);
  assertEquals(log.recent(), [
    { operation: "signals.insert", seconds: 0.3, at: 42 },
    { operation: "ping", seconds: 1.5, at: 42 },
  ]);
  assert(told.every((q) => q.seconds >= 0.1));
  assertThrows(() => new SlowQueryLog({ thresholdSeconds: -1 }), "thresholdSeconds");
});

import { assertEquals, assertThrows } from "../../tests/assert.ts";
import type { Matcher, Silence } from "../model.ts";
import { Silencer } from "./silences.ts";

function silence(id: string, matchers: Matcher[], startsAt: number, endsAt: number): Silence {
  return { id, matchers, startsAt, endsAt, createdBy: "ops", comment: "test", updatedAt: startsAt };
}

const kraken: Matcher = { name: "exchange", type: "=", value: "kraken" };

Deno.test("a silence mutes only while active: pending before startsAt, expired from endsAt", () => {
  const silencer = new Silencer([silence("s1", [kraken], 100, 200)]);
  const labels = { alertname: "StaleData", exchange: "kraken" };
  const cases: Array<[number, string, string[]]> = [
    [99, "pending", []],
    [100, "active", ["s1"]],
    [199, "active", ["s1"]],
    [200, "expired", []],
  ];
  for (const [now, state, ids] of cases) {
    assertEquals(silencer.list(now).map((s) => s.status.state), [state], `state at ${now}`);
    assertEquals(silencer.silencedBy(labels, now), ids, `silencedBy at ${now}`);
  }
});

Deno.test("a silence mutes an alert matching all its matchers, and only such alerts", () => {
  const silencer = new Silencer([
    silence("s1", [kraken, { name: "severity", type: "=~", value: "warning|info" }], 0, 100),
  ]);
  assertEquals(silencer.silencedBy({ exchange: "kraken", severity: "warning" }, 50), ["s1"]);
  assertEquals(silencer.silencedBy({ exchange: "kraken", severity: "critical" }, 50), []);
  assertEquals(silencer.silencedBy({ exchange: "binance", severity: "info" }, 50), []);
});

Deno.test("silencedBy lists every matching active silence, sorted by id", () => {
  const silencer = new Silencer([
    silence("b", [kraken], 0, 100),
    silence("a", [{ name: "alertname", type: "=~", value: "Stale.*" }], 0, 100),
    silence("c", [kraken], 200, 300),
  ]);
  assertEquals(silencer.silencedBy({ alertname: "StaleData", exchange: "kraken" }, 10), ["a", "b"]);
});

Deno.test("expiring ends an active silence now and a pending one before it starts", () => {
  const silencer = new Silencer([
    silence("active", [kraken], 0, 100),
    silence("pending", [kraken], 50, 100),
  ]);
  assertEquals(silencer.expire("active", 10), {
    ...silence("active", [kraken], 0, 10),
    updatedAt: 10,
  });
  assertEquals(silencer.expire("pending", 10), {
    ...silence("pending", [kraken], 10, 10),
    updatedAt: 10,
  });
  assertEquals(silencer.list(10).map((s) => s.status.state), ["expired", "expired"]);
  assertEquals(silencer.silencedBy({ exchange: "kraken" }, 60), []);
  // Already expired: returned unchanged; unknown: null.
  assertEquals(silencer.expire("active", 20)?.endsAt, 10);
  assertEquals(silencer.expire("nope", 20), null);
});

Deno.test("upsert replaces a silence by id and list orders active, pending, expired", () => {
  const silencer = new Silencer();
  silencer.upsert(silence("x", [kraken], 0, 100));
  silencer.upsert(silence("p", [kraken], 500, 600));
  silencer.upsert(silence("e", [kraken], 0, 5));
  silencer.upsert({ ...silence("x", [kraken], 0, 1_000), comment: "extended" });
  assertEquals(silencer.size, 3);
  assertEquals(silencer.get("x")?.comment, "extended");
  assertEquals(silencer.list(200).map((s) => `${s.id}:${s.status.state}`), [
    "x:active",
    "p:pending",
    "e:expired",
  ]);
  assertEquals(silencer.list(200, "pending").map((s) => s.id), ["p"]);
  assertEquals(silencer.prune(6), 1);
  assertEquals(silencer.get("e"), null);
});

Deno.test("a silence that would mute everything, or ends before it starts, is refused", () => {
  const silencer = new Silencer();
  assertThrows(() => silencer.upsert(silence("none", [], 0, 1)), "at least one matcher");
  assertThrows(
    () => silencer.upsert(silence("all", [{ name: "env", type: "=~", value: ".*" }], 0, 1)),
    "must not match the empty string",
  );
  assertThrows(() => silencer.upsert(silence("back", [kraken], 10, 5)), "is before startsAt");
  assertThrows(
    () => silencer.upsert(silence("re", [{ name: "a", type: "=~", value: "(" }], 0, 1)),
    "invalid regular expression",
  );
});

import { assert, assertEquals } from "../../tests/assert.ts";
import { parseLabelFilter } from "./label_filter.ts";

Deno.test("equality matchers become store filters and the others a predicate", () => {
  const f = parseLabelFilter(["symbol=BTC/USDT", 'severity=~"warning|critical"', "env="]);
  assert(!Array.isArray(f));
  assertEquals(f.labels, { symbol: "BTC/USDT" });
  assert(f.rest !== null);
  assertEquals(f.rest({ symbol: "BTC/USDT", severity: "warning" }), true);
  assertEquals(f.rest({ symbol: "BTC/USDT", severity: "info" }), false);
  assertEquals(f.rest({ severity: "critical", env: "prod" }), false);
});

Deno.test("a single value and no value both parse", () => {
  assertEquals(parseLabelFilter('alertname="StaleData"'), {
    labels: { alertname: "StaleData" },
    rest: null,
  });
  assertEquals(parseLabelFilter(undefined), { labels: {}, rest: null });
});

Deno.test("two values for one label match nothing rather than the last one", () => {
  const f = parseLabelFilter(["symbol=A", "symbol=B"]);
  assert(!Array.isArray(f) && f.rest !== null);
  assertEquals(f.labels, { symbol: "A" });
  assertEquals(f.rest({ symbol: "A" }), false);
});

Deno.test("a value that is not a matcher is a problem quoting it", () => {
  const f = parseLabelFilter(["symbol=A", "no operator", 'a=~"("']);
  assert(Array.isArray(f));
  assertEquals(f.map((p) => p.path), ["label", "label"]);
  assert(f[0]!.message.includes('"no operator"'), f[0]!.message);
  assert(f[1]!.message.includes("invalid regular expression"), f[1]!.message);
});

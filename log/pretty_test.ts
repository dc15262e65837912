import type { LogRecord } from "@logtape/logtape";
import { assertEquals } from "../tests/assert.ts";
import { prettyFormatter } from "./pretty.ts";

function record(properties: Record<string, unknown>): LogRecord {
  return {
    category: ["ct", "api"],
    level: "info",
    timestamp: Date.UTC(2026, 11, 7, 1, 2, 3, 4),
    message: ["restart of ", "analyzer", " requested"],
    rawMessage: "restart of {actor} requested",
    properties,
  };
}

Deno.test("a pretty line of an API request ends with its request id", () => {
  assertEquals(
    prettyFormatter()(record({ requestId: "RID-XYZ" })),
    '2026-12-07 01:02:03.004 +00 [INF] ct·api: restart of "analyzer" requested [req RID-XYZ]\n',
  );
});

Deno.test("a pretty line outside a request and an actor is LogTape's text line as it was", () => {
  assertEquals(
    prettyFormatter()(record({ name: "x" })),
    '2026-12-07 01:02:03.004 +00 [INF] ct·api: restart of "analyzer" requested\n',
  );
});

Deno.test("a pretty line from an actor's thread names the actor unless its category does", () => {
  const line = (category: string[]) =>
    prettyFormatter()({ ...record({ actor: "analyzer" }), category, message: ["retrying"] });
  assertEquals(
    line(["ct", "bus"]),
    "2026-12-07 01:02:03.004 +00 [INF] ct·bus: retrying [actor analyzer]\n",
  );
  assertEquals(
    line(["ct", "analyzer"]),
    "2026-12-07 01:02:03.004 +00 [INF] ct·analyzer: retrying\n",
  );
  // A main-thread line about an actor already says which.
  assertEquals(
    prettyFormatter()(record({ actor: "analyzer" })),
    '2026-12-07 01:02:03.004 +00 [INF] ct·api: restart of "analyzer" requested\n',
  );
});

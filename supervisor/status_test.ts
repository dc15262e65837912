import { assertEquals } from "../tests/assert.ts";
import { actorStatus } from "../tests/actor_status.ts";
import { formatStatusLine } from "./status.ts";

const status = actorStatus;

Deno.test("the status line gives each actor's state, restarts, heartbeat age, counters and heap", () => {
  const line = formatStatusLine([
    status({
      restarts: 2,
      lastHeartbeat: 8_750,
      messagesIn: 12,
      messagesOut: 11,
      mailbox: 3,
      heapBytes: 41.6e6,
    }),
    status({ id: "alerter", state: "failed", leakedThreads: 1 }),
  ], 10_000);
  assertEquals(
    line,
    "analyzer=running r2 hb1.3s in12 out11 mb3 heap42MB alerter=failed r0 hb- in0 out0 mb0 heap0MB leaked1",
  );
});

import { actorStatus } from "../../tests/actor_status.ts";
import { assertEquals } from "../../tests/assert.ts";
import type { ActorStatus } from "../../supervisor/status.ts";
import { actorChecks } from "./actors.ts";
import { runChecks } from "./checks.ts";

function status(id: string, overrides: Partial<ActorStatus>): ActorStatus {
  return actorStatus({ id, lastHeartbeat: 10_000, heapBytes: 1e7, ...overrides });
}

Deno.test("an actor is ready only while running with a heartbeat within the timeout", async () => {
  const report = await runChecks(
    actorChecks(
      [
        status("fresh", { lastHeartbeat: 14_000 }),
        status("stale", { lastHeartbeat: 3_000 }),
        status("silent", { lastHeartbeat: null }),
        status("restarting", { state: "restarting", lastError: "boom" }),
        status("edge", { lastHeartbeat: 10_000 }),
      ],
      15_000,
      5_000,
    ),
    1_000,
  );
  assertEquals(report.failing, ["actor:stale", "actor:silent", "actor:restarting"]);
  assertEquals(report.checks.map((c) => c.detail), [
    "heartbeat 1000 ms ago",
    "stale's last heartbeat was 12000 ms ago (timeout 5000 ms)",
    "silent has not sent a heartbeat yet",
    "restarting is restarting, not running (last error: boom)",
    "heartbeat 5000 ms ago",
  ]);
});

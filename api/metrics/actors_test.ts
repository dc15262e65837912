import { actorStatus } from "../../tests/actor_status.ts";
import { Registry } from "prom-client";
import { assert, assertStringIncludes } from "../../tests/assert.ts";
import type { ActorStatus } from "../../supervisor/status.ts";
import { actorMetrics } from "./actors.ts";

Deno.test("actor metrics follow the supervisor's status at each scrape", async () => {
  const statuses: ActorStatus[] = [
    actorStatus({
      restarts: 3,
      restartsByReason: { crash: 2, hang: 1 },
      lastHeartbeat: 9_500,
      mailbox: 4,
      messagesIn: 10,
      messagesOut: 10,
      heapBytes: 12_345_678,
      leakedThreads: 1,
      invalidFrames: 2,
    }),
    actorStatus({ id: "strategy", state: "starting", isolation: "process" }),
  ];
  const registry = new Registry();
  actorMetrics(registry, () => statuses, () => 10_000);
  const text = await registry.metrics();
  for (
    const line of [
      'actor_up{actor="analyzer"} 1',
      'actor_up{actor="strategy"} 0',
      'actor_restarts_total{actor="analyzer",reason="crash"} 2',
      'actor_restarts_total{actor="analyzer",reason="hang"} 1',
      'actor_restarts_total{actor="analyzer",reason="memory"} 0',
      'actor_restarts_total{actor="strategy",reason="crash"} 0',
      'actor_heap_bytes{actor="analyzer"} 12345678',
      'actor_mailbox_messages{actor="analyzer"} 4',
      'actor_heartbeat_age_seconds{actor="analyzer"} 0.5',
      'actor_leaked_threads{actor="analyzer"} 1',
      'actor_invalid_frames_total{actor="analyzer"} 2',
      'actor_invalid_frames_total{actor="strategy"} 0',
    ]
  ) assertStringIncludes(text, line);
  // No heartbeat yet: no heap or age to report, rather than a misleading 0.
  assert(!text.includes('actor_heap_bytes{actor="strategy"}'));
  assert(!text.includes('actor_heartbeat_age_seconds{actor="strategy"}'));
  // The next scrape sees the restart.
  statuses[0]!.restartsByReason.crash = 3;
  assertStringIncludes(
    await registry.metrics(),
    'actor_restarts_total{actor="analyzer",reason="crash"} 3',
  );
});

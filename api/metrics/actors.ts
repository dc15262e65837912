import { Counter, Gauge, type Registry } from "prom-client";
import type { ActorStatus } from "../../supervisor/status.ts";

/**
 * Restart reasons pre-created at 0 for every actor, so the first restart is
 * an increase Prometheus can see (a series born at 1 has no increase).
 *
 * @example
 * ```ts
 * restartReasons.includes("hang"); // true
 * ```
 */
export const restartReasons = [
  "normal",
  "crash",
  "hang",
  "memory",
  "start_timeout",
  "fatal",
  "manual",
  "sibling",
] as const;

/**
 * Registers the supervisor's view of each actor, read at scrape time:
 * `actor_up`, `actor_restarts_total{actor,reason}`, `actor_heap_bytes`,
 * `actor_mailbox_messages`, `actor_heartbeat_age_seconds`,
 * `actor_leaked_threads`, `actor_invalid_frames_total`.
 *
 * @example
 * ```ts
 * import { Registry } from "prom-client";
 * actorMetrics(new Registry(), () => [], Date.now);
 * ```
 */
export function actorMetrics(
  registry: Registry,
  status: () => ActorStatus[],
  now: () => number,
): void {
  const registers = [registry];
  new Gauge({
    name: "actor_up",
    help: "1 while the actor runs, else 0.",
    labelNames: ["actor"] as const,
    registers,
    collect() {
      for (const s of status()) this.set({ actor: s.id }, s.state === "running" ? 1 : 0);
    },
  });
  new Counter({
    name: "actor_restarts_total",
    help: "Restarts by the supervisor, by actor and reason.",
    labelNames: ["actor", "reason"] as const,
    registers,
    collect() {
      this.reset();
      for (const s of status()) {
        for (const reason of restartReasons) this.inc({ actor: s.id, reason }, 0);
        for (const [reason, n] of Object.entries(s.restartsByReason)) {
          this.inc({ actor: s.id, reason }, n);
        }
      }
    },
  });
  new Gauge({
    name: "actor_heap_bytes",
    help: "Heap used by the actor, from its last heartbeat, bytes.",
    labelNames: ["actor"] as const,
    registers,
    collect() {
      this.reset();
      for (const s of status()) {
        if (s.lastHeartbeat !== null) this.set({ actor: s.id }, s.heapBytes);
      }
    },
  });
  new Gauge({
    name: "actor_mailbox_messages",
    help: "Messages waiting in the actor's mailbox, from its last heartbeat.",
    labelNames: ["actor"] as const,
    registers,
    collect() {
      for (const s of status()) this.set({ actor: s.id }, s.mailbox);
    },
  });
  new Gauge({
    name: "actor_heartbeat_age_seconds",
    help: "Seconds since the actor's last heartbeat.",
    labelNames: ["actor"] as const,
    registers,
    collect() {
      this.reset();
      const t = now();
      for (const s of status()) {
        if (s.lastHeartbeat !== null) this.set({ actor: s.id }, (t - s.lastHeartbeat) / 1000);
      }
    },
  });
  new Gauge({
    name: "actor_leaked_threads",
    help: "Hung worker threads of the actor that could not be stopped.",
    labelNames: ["actor"] as const,
    registers,
    collect() {
      for (const s of status()) this.set({ actor: s.id }, s.leakedThreads);
    },
  });
  new Counter({
    name: "actor_invalid_frames_total",
    help: "Frames from the actor that were no heartbeat or expected control message, dropped.",
    labelNames: ["actor"] as const,
    registers,
    collect() {
      this.reset();
      for (const s of status()) this.inc({ actor: s.id }, s.invalidFrames);
    },
  });
}

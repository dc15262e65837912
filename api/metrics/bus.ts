import type { Logger } from "@logtape/logtape";
import { Counter, Gauge, type Registry } from "prom-client";
import type { TopicStats } from "../../bus/types.ts";
import { withTimeout } from "../health/timeout.ts";

/**
 * Registers the bus's per-topic counters, read once per scrape:
 * `bus_messages_published_total`, `bus_messages_consumed_total`,
 * `bus_backlog`, `bus_oldest_message_age_seconds`, `bus_dead_letters_total`,
 * `bus_dropped_total`. A bus that
 * does not answer within `timeoutMs` leaves them out of that scrape.
 *
 * @example
 * ```ts ignore
 * busMetrics(registry, () => bus.stats(), 2_000, logger);
 * ```
 */
export function busMetrics(
  registry: Registry,
  stats: () => Promise<Record<string, TopicStats>>,
  timeoutMs: number,
  log: Logger,
): void {
  const registers = [registry];
  const labelNames = ["topic"] as const;
  const published = new Counter({
    name: "bus_messages_published_total",
    help: "Messages published, by topic.",
    labelNames,
    registers,
    collect: () => refresh(),
  });
  const consumed = new Counter({
    name: "bus_messages_consumed_total",
    help: "Messages acknowledged by a consumer group, by topic.",
    labelNames,
    registers,
    collect: () => refresh(),
  });
  const backlog = new Gauge({
    name: "bus_backlog",
    help: "Messages published and not yet acknowledged, summed over groups, by topic.",
    labelNames,
    registers,
    collect: () => refresh(),
  });
  const age = new Gauge({
    name: "bus_oldest_message_age_seconds",
    help: "How long the oldest message some group has not handled has been on the bus, by topic " +
      "(absent when every group is caught up).",
    labelNames,
    registers,
    collect: () => refresh(),
  });
  const dead = new Counter({
    name: "bus_dead_letters_total",
    help: "Messages moved to the dead-letter stream, by topic.",
    labelNames,
    registers,
    collect: () => refresh(),
  });
  const dropped = new Counter({
    name: "bus_dropped_total",
    help: "Messages dropped by a drop-oldest mailbox at its bound, by topic.",
    labelNames,
    registers,
    collect: () => refresh(),
  });
  // One read of the bus serves all six metrics: a scrape calls every
  // collect() in one go, so the first fetches and the others join it.
  let pending: Promise<void> | undefined;
  const refresh = () =>
    pending ??= (async () => {
      try {
        const all = await withTimeout(stats(), timeoutMs, "bus stats");
        for (const m of [published, consumed, backlog, age, dead, dropped]) m.reset();
        for (const [topic, s] of Object.entries(all)) {
          if (s.oldestAgeMs !== null) age.set({ topic }, s.oldestAgeMs / 1000);
          published.inc({ topic }, s.published);
          consumed.inc({ topic }, s.consumed);
          backlog.set({ topic }, s.backlog);
          dead.inc({ topic }, s.deadLettered);
          dropped.inc({ topic }, s.dropped);
        }
      } catch (e) {
        for (const m of [published, consumed, backlog, age, dead, dropped]) m.reset();
        log.warn("bus stats unavailable for metrics: {error}", { error: String(e) });
      }
    })().finally(() => {
      pending = undefined;
    });
}

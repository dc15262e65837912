/**
 * What the broker reports about its mailboxes for metrics, `/ready` and
 * draining: counters and backlog per topic, backlog per group. They walk
 * the mailboxes when asked, so the publish path keeps no totals for them.
 *
 * @module
 */
import type { TopicStats } from "../types.ts";
import type { InFlight } from "./in_flight.ts";
import type { Mailbox } from "./mailbox.ts";

/** The counters the broker keeps per topic as messages pass. */
export type TopicCounters = Pick<TopicStats, "published" | "consumed" | "deadLettered">;

/**
 * Counters per topic, with each topic's drops, backlog and oldest message
 * read off its mailboxes (`boxes`: topic → group → mailbox) and off what the
 * attached consumers hold.
 *
 * @example
 * ```ts
 * import { Mailbox } from "./mailbox.ts";
 * const box = new Mailbox({ capacity: 10, overflow: "block" });
 * box.offer({ id: "a", topic: "candle", message: {}, attempt: 1, at: 1_000, weight: 1 });
 * const counters = new Map([["candle", { published: 1, consumed: 0, deadLettered: 0 }]]);
 * const boxes = new Map([["candle", new Map([["analyzer", box]])]]);
 * topicStats(counters, boxes, [], 1_500).candle;
 * // { published: 1, consumed: 0, deadLettered: 0, dropped: 0, backlog: 1, oldestAgeMs: 500 }
 * ```
 */
export function topicStats(
  counters: ReadonlyMap<string, TopicCounters>,
  boxes: ReadonlyMap<string, ReadonlyMap<string, Mailbox>>,
  consumers: Iterable<{ readonly inFlight: InFlight }>,
  now: number,
): Record<string, TopicStats> {
  const out: Record<string, TopicStats> = {};
  const blank = (): TopicStats => ({
    published: 0,
    consumed: 0,
    deadLettered: 0,
    dropped: 0,
    backlog: 0,
    oldestAgeMs: null,
  });
  for (const [topic, s] of counters) out[topic] = { ...blank(), ...s };
  const older = (s: TopicStats, at: number | undefined) => {
    if (at === undefined) return;
    const age = Math.max(0, now - at);
    if (s.oldestAgeMs === null || age > s.oldestAgeMs) s.oldestAgeMs = age;
  };
  for (const [topic, groups] of boxes) {
    const s = out[topic] ??= blank();
    for (const box of groups.values()) {
      s.dropped += box.dropped;
      s.backlog += box.depth;
      older(s, box.queue.peek()?.at);
    }
  }
  // In flight, the oldest delivery of each consumer is its first.
  for (const { inFlight } of consumers) {
    const first = inFlight.values().next().value;
    if (first) older(out[first.entry.topic] ??= blank(), first.entry.at);
  }
  return out;
}

/**
 * Messages waiting for or held by `group`, over its topics.
 *
 * @example
 * ```ts
 * import { Mailbox } from "./mailbox.ts";
 * const box = new Mailbox({ capacity: 10, overflow: "block" });
 * box.offer({ id: "a", topic: "candle", message: {}, attempt: 1, at: 0, weight: 1 });
 * groupBacklog(new Map([["candle", new Map([["analyzer", box]])]]), "analyzer"); // 1
 * ```
 */
export function groupBacklog(
  boxes: ReadonlyMap<string, ReadonlyMap<string, Mailbox>>,
  group: string,
): number {
  let n = 0;
  for (const groups of boxes.values()) {
    const box = groups.get(group);
    if (!box) continue;
    n += box.depth;
  }
  return n;
}

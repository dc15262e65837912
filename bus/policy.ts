import type { Topic } from "../messages/mod.ts";
import type { MailboxPolicy } from "./types.ts";

/**
 * Mailbox bounds per topic. Data that feeds state (candles, analyses, signals,
 * alerts, notifications) must never be lost, so its producers wait at the
 * bound. A `tick` (a still-forming candle) is superseded by the next one, so a
 * slow consumer only needs the newest: the oldest is dropped and counted.
 */
export const defaultMailboxPolicies: Readonly<Record<Topic, MailboxPolicy>> = {
  candle: { capacity: 10_000, overflow: "block" },
  tick: { capacity: 1_000, overflow: "drop-oldest" },
  analysis: { capacity: 10_000, overflow: "block" },
  signal: { capacity: 10_000, overflow: "block" },
  alert: { capacity: 10_000, overflow: "block" },
  notification: { capacity: 10_000, overflow: "block" },
  silence: { capacity: 1_000, overflow: "block" },
  ack: { capacity: 1_000, overflow: "block" },
  control: { capacity: 100, overflow: "block" },
  heartbeat: { capacity: 100, overflow: "drop-oldest" },
};

/**
 * Merges overrides onto {@linkcode defaultMailboxPolicies}.
 *
 * @example
 * ```ts
 * const p = resolvePolicies({ candle: { capacity: 10, overflow: "block" } });
 * p.candle.capacity; // 10
 * ```
 */
export function resolvePolicies(
  overrides: Partial<Record<Topic, MailboxPolicy>> = {},
): Record<Topic, MailboxPolicy> {
  return { ...defaultMailboxPolicies, ...overrides };
}

/**
 * Options of the Redis bus, their defaults and validation.
 *
 * @module
 */
import { getLogger, type Logger } from "@logtape/logtape";
import type { Topic } from "../../messages/mod.ts";
import { redactUrl } from "../../lib/redact_url.ts";
import { resolvePolicies } from "../policy.ts";
import type { MailboxPolicy } from "../types.ts";

/** Options of {@linkcode createRedisBus}. */
export interface RedisBusOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379/0`. */
  url: string;
  /** Prefix of every key; buses sharing a prefix share topics, groups and dead letters. */
  prefix: string;
  /** Readable part of consumer names; a random suffix keeps each bus instance unique. Default `<hostname>-<pid>`. */
  consumerName?: string;
  /** Partition streams per topic; must be the same for every bus on the prefix. Default 8. */
  partitions?: number;
  /** Lease time of a partition; renewed every `leaseMs / 3`. Default 10 000. */
  leaseMs?: number;
  /** Idle time after which another consumer may take over a pending entry. Default 15 000. */
  claimIdleMs?: number;
  /** How long one `XREADGROUP BLOCK` waits. Default 2 000. */
  blockMs?: number;
  /** Entries read per partition per `XREADGROUP` (its COUNT). Default 300. */
  batchSize?: number;
  /** Deliveries before a failing message is dead-lettered; a subscription may override it. Default 5. */
  maxAttempts?: number;
  /** First in-place retry delay; doubles per attempt up to 1 s. Default 50. */
  retryBackoffMs?: number;
  /** Message ids remembered per group to skip redeliveries already handled. Default 10 000. */
  dedupeSize?: number;
  /** Mailbox policies per topic, merged onto the defaults. */
  policies?: Partial<Record<Topic, MailboxPolicy>>;
  /** Logger; default `getLogger(["ct", "bus", "redis"])`. */
  logger?: Logger;
  /** Wall clock for dead-letter timestamps, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** {@linkcode RedisBusOptions} with every default applied. */
export interface ResolvedRedisBusOptions {
  url: string;
  prefix: string;
  consumerName: string;
  partitions: number;
  leaseMs: number;
  claimIdleMs: number;
  blockMs: number;
  batchSize: number;
  maxAttempts: number;
  retryBackoffMs: number;
  dedupeSize: number;
  policies: Record<Topic, MailboxPolicy>;
  logger: Logger;
  now: () => number;
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) {
    throw new RangeError(`Redis bus option ${name} must be a positive integer, received ${value}`);
  }
  return v;
}

function defaultConsumerName(): string {
  let host = "host";
  try {
    host = Deno.hostname();
  } catch {
    // Without --allow-sys the hostname is unavailable; the pid still tells processes apart.
  }
  return `${host}-${Deno.pid}`;
}

/**
 * Applies defaults and checks every option, naming the bad one and its value.
 *
 * @example
 * ```ts
 * const o = resolveRedisBusOptions({ url: "redis://127.0.0.1:6379", prefix: "ct" });
 * o.partitions; // 8
 * ```
 */
export function resolveRedisBusOptions(options: RedisBusOptions): ResolvedRedisBusOptions {
  if (!/^rediss?:\/\//.test(options.url)) {
    throw new TypeError(
      `Redis bus option url must start with redis:// or rediss://, received ${
        JSON.stringify(redactUrl(options.url))
      }`,
    );
  }
  if (!options.prefix || /[\s*?[\]]/.test(options.prefix)) {
    throw new TypeError(
      `Redis bus option prefix must be non-empty without spaces or glob characters, received ${
        JSON.stringify(options.prefix)
      }`,
    );
  }
  const policies = resolvePolicies(options.policies);
  for (const [topic, policy] of Object.entries(policies)) {
    positiveInt(`policies.${topic}.capacity`, policy.capacity, 1);
  }
  return {
    url: options.url,
    prefix: options.prefix,
    consumerName: options.consumerName ?? defaultConsumerName(),
    partitions: positiveInt("partitions", options.partitions, 8),
    leaseMs: positiveInt("leaseMs", options.leaseMs, 10_000),
    claimIdleMs: positiveInt("claimIdleMs", options.claimIdleMs, 15_000),
    blockMs: positiveInt("blockMs", options.blockMs, 2_000),
    batchSize: positiveInt("batchSize", options.batchSize, 300),
    maxAttempts: positiveInt("maxAttempts", options.maxAttempts, 5),
    retryBackoffMs: positiveInt("retryBackoffMs", options.retryBackoffMs, 50),
    dedupeSize: positiveInt("dedupeSize", options.dedupeSize, 10_000),
    policies,
    logger: options.logger ?? getLogger(["ct", "bus", "redis"]),
    now: options.now ?? Date.now,
  };
}

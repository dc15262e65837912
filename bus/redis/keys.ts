/**
 * Redis key layout of the Redis bus and the stable key → partition hash.
 *
 * Every key starts with the bus prefix, so one prefix is one isolated bus and
 * deleting `<prefix>:*` removes all of its state.
 *
 * @module
 */
import type { Topic } from "../../messages/mod.ts";

const encoder = new TextEncoder();

/**
 * 32-bit FNV-1a of the UTF-8 bytes of `text`. Stable across processes,
 * runtimes and languages, which is what keeps a key on one partition.
 *
 * @example
 * ```ts
 * fnv1a32("a"); // 0xe40c292c
 * ```
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      ascii = false;
      break;
    }
    hash ^= c;
    hash = Math.imul(hash, 0x01000193);
  }
  if (ascii) return hash >>> 0;
  hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The partition a message key maps to: FNV-1a of the key modulo `partitions`.
 *
 * @example
 * ```ts
 * partitionOf("binance:BTC/USDT:1m", 8); // same number in every process
 * ```
 */
export function partitionOf(key: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(`partitions must be a positive integer, received ${partitions}`);
  }
  return fnv1a32(key) % partitions;
}

/**
 * Names of every Redis key one bus prefix uses.
 *
 * @example
 * ```ts
 * const keys = new RedisBusKeys("ct");
 * keys.stream("candle", 3); // "ct:stream:candle:3"
 * ```
 */
export class RedisBusKeys {
  /** @param prefix The bus prefix; every key starts with `<prefix>:`. */
  constructor(readonly prefix: string) {}

  /** The partition stream `p` of `topic`. */
  stream(topic: Topic, p: number): string {
    return `${this.prefix}:stream:${topic}:${p}`;
  }

  /** The lease naming the one consumer of `group` that reads partition `p` of `topic`. */
  lease(group: string, topic: Topic, p: number): string {
    return `${this.prefix}:lease:${group}:${topic}:${p}`;
  }

  /** Sorted set of live consumers of `group` on `topic`, scored by last heartbeat (Redis time, ms). */
  members(group: string, topic: Topic): string {
    return `${this.prefix}:members:${group}:${topic}`;
  }

  /** Hash of durable counters of `topic`: published, consumed, deadLettered, dropped. */
  stats(topic: Topic): string {
    return `${this.prefix}:stats:${topic}`;
  }

  /** The dead-letter stream shared by all topics and groups. */
  dlq(): string {
    return `${this.prefix}:dlq`;
  }

  /** Hash of settings every bus on the prefix must agree on (the partition count). */
  config(): string {
    return `${this.prefix}:config`;
  }

  /** SCAN pattern matching every key of the prefix. */
  pattern(): string {
    return `${this.prefix}:*`;
  }
}

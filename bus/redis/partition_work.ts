/**
 * What a consumer does with one partition it holds the lease of: recover its
 * pending entries in id order, deliver each (retrying in place, holding
 * through outages, dead-lettering), ack. Entries read with `>` go through
 * `batch_work.ts`.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Message, Topic } from "../../messages/mod.ts";
import { RetryableError } from "../../lib/errors.ts";
import { holdWhileTransient } from "../hold.ts";
import type { BatchOptions, Handler } from "../types.ts";
import type { RedisConn } from "./connect.ts";
import type { StatCounters } from "./counters.ts";
import { writeDeadLetter } from "./dead_letters.ts";
import type { RedisBusKeys } from "./keys.ts";
import type { SeenIds } from "../seen_ids.ts";
import type { BusScripts } from "./scripts.ts";
import { decodeEntry, fieldOf, type WireEntry } from "./wire.ts";

/** One partition a consumer holds (or is giving back). */
export interface PartitionState {
  readonly topic: Topic;
  readonly index: number;
  readonly stream: string;
  readonly lease: string;
  /** recovering: taking over pending entries; ready: may be read; busy: a batch is in hand. */
  phase: "recovering" | "ready" | "busy" | "releasing";
  /** Monotonic time until which the lease is trusted locally. */
  validUntil: number;
  /** The recovery or batch in progress. */
  work: Promise<void>;
}

/** What the consumers of one bus count towards its `clientStats()`. */
export interface ConsumerTally {
  /** Entries handled and acked, or dead-lettered. */
  finished: number;
  /** Entries read with `>` that no handler has taken yet. */
  waiting: number;
}

/** Everything partition work needs from its consumer. */
export interface WorkContext {
  conn: RedisConn;
  keys: RedisBusKeys;
  scripts: BusScripts;
  counters: StatCounters;
  tally: ConsumerTally;
  logger: Logger;
  now: () => number;
  group: string;
  consumer: string;
  handler: Handler;
  /** Batch handling of entries read with `>`; see {@linkcode SubscribeOptions.batch}. */
  batch?: BatchOptions;
  maxAttempts: number;
  retryBackoffMs: number;
  claimIdleMs: number;
  leaseMs: number;
  seen: SeenIds;
  /** Aborted when the consumer stops: ends a hold through a transient failure. */
  signal: AbortSignal;
  /** Sleeps; resolves false early when the consumer stops. */
  sleep(ms: number): Promise<boolean>;
  /** Whether the consumer is stopping (closing or aborted). */
  stopping(): boolean;
  /** Whether the consumer was aborted: it then writes nothing more, like a crashed process. */
  aborted(): boolean;
}

/** How one delivery ended. `stopped`: left pending because the partition or consumer stopped. */
export type Outcome = "handled" | "skipped" | "dead" | "stopped";

/** Whether work on `s` may go on: consumer running, partition kept, lease trusted. */
export function mayContinue(ctx: WorkContext, s: PartitionState): boolean {
  return !ctx.stopping() && s.phase !== "releasing" && s.validUntil > performance.now();
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Delivers one entry at `attempt`, retrying in place with backoff until it
 * succeeds or `maxAttempts` is spent. Each retry first records its attempt as
 * the entry's delivery count (XCLAIM RETRYCOUNT), so a crash keeps the count.
 * Synchronous when the handler is: no promise per message on the hot path.
 */
export function deliver(
  ctx: WorkContext,
  s: PartitionState,
  entry: WireEntry,
  attempt: number,
): Outcome | Promise<Outcome> {
  if (entry.raw === null) return "skipped"; // trimmed away before it was handled
  const d = decodeEntry(entry.raw, s.topic);
  if (!d.ok) {
    ctx.logger.warn("Redis bus dead-letters an invalid entry {entry} of {stream}: {error}", {
      entry: entry.id,
      stream: s.stream,
      error: d.error,
    });
    return deadLetter(ctx, s, entry.id, d.input, typeof d.input === "string", d.error, attempt);
  }
  const message = d.message;
  if (ctx.seen.has(message.id)) return "skipped";
  if (attempt > ctx.maxAttempts) {
    const error = `delivered ${attempt} times, over maxAttempts ${ctx.maxAttempts}: ` +
      `its consumer stopped or crashed while handling it`;
    return deadLetter(ctx, s, entry.id, message, false, error, attempt - 1);
  }
  let result: unknown;
  try {
    result = ctx.handler(message, { attempt, group: ctx.group });
  } catch (e) {
    return retry(ctx, s, entry.id, message, attempt, e);
  }
  if (result instanceof Promise) {
    return result.then(() => {
      ctx.seen.add(message.id);
      return "handled" as const;
    }, (e: unknown) => retry(ctx, s, entry.id, message, attempt, e));
  }
  ctx.seen.add(message.id);
  return "handled";
}

async function deadLetter(
  ctx: WorkContext,
  s: PartitionState,
  entryId: string,
  input: unknown,
  rawText: boolean,
  error: string,
  attempts: number,
): Promise<Outcome> {
  await writeDeadLetter(ctx.conn, ctx.keys, ctx.scripts, {
    topic: s.topic,
    stream: s.stream,
    entryId,
    group: ctx.group,
    input,
    rawText,
    error,
    attempts,
    at: ctx.now(),
  });
  ctx.tally.finished++;
  return "dead";
}

/** The in-place retry loop after attempt `attempt` failed with `failure`. */
async function retry(
  ctx: WorkContext,
  s: PartitionState,
  entryId: string,
  message: Message,
  attempt: number,
  failure: unknown,
): Promise<Outcome> {
  for (;;) {
    if (failure instanceof RetryableError) {
      // An outage, not the message's fault: hold it without spending attempts.
      try {
        await holdWhileTransient(() => ctx.handler(message, { attempt, group: ctx.group }), {
          signal: ctx.signal,
          log: ctx.logger,
          keepGoing: () => mayContinue(ctx, s),
          minDelayMs: ctx.retryBackoffMs,
        });
        ctx.seen.add(message.id);
        return "handled";
      } catch (e) {
        if (!mayContinue(ctx, s)) return "stopped";
        failure = e;
      }
    }
    const error = errorText(failure);
    if (attempt >= ctx.maxAttempts) {
      return await deadLetter(ctx, s, entryId, message, false, error, attempt);
    }
    ctx.logger.warn("Redis bus handler of {group} failed on {id} (attempt {attempt}): {error}", {
      group: ctx.group,
      id: message.id,
      attempt,
      error,
    });
    const backoff = Math.min(ctx.retryBackoffMs * 2 ** (attempt - 1), 1_000);
    if (!(await ctx.sleep(backoff)) || !mayContinue(ctx, s)) return "stopped";
    attempt++;
    await ctx.conn.sendCommand([
      "XCLAIM",
      s.stream,
      ctx.group,
      ctx.consumer,
      "0",
      entryId,
      "RETRYCOUNT",
      String(attempt),
      "JUSTID",
    ]);
    try {
      await ctx.handler(message, { attempt, group: ctx.group });
      ctx.seen.add(message.id);
      return "handled";
    } catch (e) {
      failure = e;
    }
  }
}

/** Acknowledges `ids` in one XACK and counts `handled` of them as consumed. */
export async function ack(
  ctx: WorkContext,
  s: PartitionState,
  ids: string[],
  handled: number,
): Promise<void> {
  if (ids.length > 0) await ctx.conn.sendCommand(["XACK", s.stream, ctx.group, ...ids]);
  ctx.counters.add(s.topic, "consumed", handled);
  ctx.tally.finished += handled;
}

/**
 * Takes over the partition's pending entries and redelivers them one by one,
 * in id order, before any new entry: waits until no other consumer holds a
 * pending entry of the partition (each is claimed once idle `claimIdleMs`).
 * Resolves true when the partition is ready for new entries.
 */
export async function runRecovery(ctx: WorkContext, s: PartitionState): Promise<boolean> {
  const pollMs = Math.max(10, Math.min(250, Math.floor(ctx.claimIdleMs / 4)));
  for (;;) {
    if (!mayContinue(ctx, s)) return false;
    const others = await ctx.scripts.claimAll.run<number>(ctx.conn, [s.stream], [
      ctx.group,
      ctx.consumer,
      ctx.claimIdleMs,
      ctx.leaseMs * 3,
    ]);
    if (others === 0) break;
    if (!(await ctx.sleep(pollMs))) return false;
  }
  let after = "0-0";
  for (;;) {
    if (!mayContinue(ctx, s)) return false;
    const next = await ctx.scripts.recoverNext.run<[string, number, unknown] | null>(
      ctx.conn,
      [s.stream],
      [ctx.group, ctx.consumer, after],
    );
    if (next === null) return true;
    const [id, attempt, fields] = next;
    after = id;
    if (fields === null) continue; // trimmed away; the script acked it
    const outcome = await deliver(ctx, s, { id, raw: fieldOf(fields) }, Number(attempt));
    if (outcome === "stopped") return false;
    if (outcome !== "dead") await ack(ctx, s, [id], outcome === "handled" ? 1 : 0);
  }
}

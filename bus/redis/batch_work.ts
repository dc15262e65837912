/**
 * Handling one `XREADGROUP >` read of a partition: entry by entry, or with a
 * subscription's batch handler, then one XACK for what was settled.
 *
 * @module
 */
import type { Message } from "../../messages/mod.ts";
import type { BatchOptions } from "../types.ts";
import {
  ack,
  deliver,
  mayContinue,
  type PartitionState,
  type WorkContext,
} from "./partition_work.ts";
import { decodeEntry, type WireEntry } from "./wire.ts";

/** What a batch read has settled so far: entries to acknowledge, of which handled. */
interface Settled {
  ids: string[];
  handled: number;
  /** Entries a handler has taken, so no longer counted as waiting. */
  taken: number;
}

/** `n` more entries of the read are in a handler's hands. */
function take(ctx: WorkContext, done: Settled, n: number): void {
  done.taken += n;
  ctx.tally.waiting -= n;
}

/**
 * Handles a batch read with `>` in order, then acks what was handled in one
 * XACK. Stops early (leaving the rest pending) when the partition stops.
 */
export async function runBatch(
  ctx: WorkContext,
  s: PartitionState,
  entries: WireEntry[],
): Promise<void> {
  const done: Settled = { ids: [], handled: 0, taken: 0 };
  ctx.tally.waiting += entries.length;
  try {
    if (ctx.batch) await handleInBatches(ctx, s, entries, ctx.batch, done);
    else await handleOneByOne(ctx, s, entries, done, true);
  } finally {
    // Entries left when the partition stopped stay pending in Redis, for recovery: no longer ours.
    ctx.tally.waiting -= entries.length - done.taken;
    // Ack what was handled even when a dead-letter write threw, so it is not redone.
    if (done.ids.length > 0 && !ctx.aborted()) await ack(ctx, s, done.ids, done.handled);
  }
}

/**
 * Delivers entries one at a time. Resolves false when the partition stopped.
 * `fresh`: the entries are still counted as waiting (not part of a batch taken).
 */
async function handleOneByOne(
  ctx: WorkContext,
  s: PartitionState,
  entries: readonly WireEntry[],
  done: Settled,
  fresh: boolean,
): Promise<boolean> {
  for (const entry of entries) {
    if (!mayContinue(ctx, s)) return false;
    if (fresh) take(ctx, done, 1);
    let outcome = deliver(ctx, s, entry, 1);
    if (typeof outcome !== "string") outcome = await outcome;
    if (outcome === "stopped") return false;
    if (outcome === "handled") done.handled++;
    if (outcome !== "dead") done.ids.push(entry.id);
  }
  return true;
}

/**
 * Hands first deliveries to the batch handler, `max` at a time. Entries that
 * are not plain first deliveries (trimmed, invalid, already handled) take the
 * single-message path, which skips or dead-letters them; a batch that throws
 * is delivered again one entry at a time, with the usual retries.
 */
async function handleInBatches(
  ctx: WorkContext,
  s: PartitionState,
  entries: readonly WireEntry[],
  batch: BatchOptions,
  done: Settled,
): Promise<void> {
  const max = batch.max ?? 256;
  for (let start = 0; start < entries.length; start += max) {
    if (!mayContinue(ctx, s)) return;
    const chunk = entries.slice(start, start + max);
    // The chunk is in hand as one, as the in-process bus takes a batch off its queue.
    take(ctx, done, chunk.length);
    const taken: WireEntry[] = [];
    const messages: Message[] = [];
    for (const entry of chunk) {
      const d = entry.raw === null ? null : decodeEntry(entry.raw, s.topic);
      if (d?.ok && !ctx.seen.has(d.message.id)) {
        taken.push(entry);
        messages.push(d.message);
      } else if (!(await handleOneByOne(ctx, s, [entry], done, false))) return;
    }
    if (messages.length === 0) continue;
    try {
      await batch.handler(messages, { group: ctx.group });
    } catch {
      if (!(await handleOneByOne(ctx, s, taken, done, false))) return;
      continue;
    }
    for (let i = 0; i < taken.length; i++) {
      ctx.seen.add(messages[i]!.id);
      done.ids.push(taken[i]!.id);
      done.handled++;
    }
  }
}

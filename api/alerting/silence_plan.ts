/**
 * What creating, updating or expiring a silence writes, with Alertmanager's
 * semantics (`silence.Silences.Set` and `expire`): a silence is changed in
 * place only when that does not rewrite history (same matchers; an active
 * one keeps its start; a pending one does not start in the past); otherwise
 * the old one is expired and a new one, with a new id, takes its place.
 * Pure: the time and new ids are parameters.
 *
 * @module
 */
import { formatMatcher } from "../../alerting/dispatch/mod.ts";
import { type Matcher, type Silence, silenceState } from "../../alerting/model.ts";
import type { Problem } from "./invalid.ts";

/**
 * A silence as posted, matchers already parsed and checked.
 *
 * @example
 * ```ts
 * const input: SilenceInput = {
 *   matchers: [{ name: "exchange", type: "=", value: "kraken" }],
 *   durationMs: 3_600_000, createdBy: "ops", comment: "maintenance",
 * };
 * ```
 */
export interface SilenceInput {
  /** Set to update (or replace) that silence. */
  id?: string;
  matchers: Matcher[];
  /** Default: the start of the silence being updated (unless expired), else now. */
  startsAt?: number;
  /** Default: the end of the silence being updated; one of this and `durationMs` is required otherwise. */
  endsAt?: number;
  /** Instead of `endsAt`: counted from `startsAt`, or from now when that is past. */
  durationMs?: number;
  createdBy: string;
  comment: string;
}

/**
 * The outcome of a post: problems, an unknown id, an in-place update, or a
 * new silence (replacing an old one that must be saved expired).
 *
 * @example
 * ```ts ignore
 * const plan = planSilence(input, await store.alerts.silence(input.id), now, crypto.randomUUID);
 * ```
 */
export type SilencePlan =
  | { kind: "invalid"; problems: Problem[] }
  | { kind: "not_found"; id: string }
  | { kind: "updated"; silence: Silence }
  | { kind: "created"; silence: Silence; expired: Silence | null };

/**
 * Decides what a posted silence writes. `previous` is the stored silence of
 * `input.id` (`null` when there is none or no id was given).
 *
 * @example
 * ```ts
 * const plan = planSilence({
 *   matchers: [{ name: "alertname", type: "=", value: "StaleData" }],
 *   durationMs: 60_000, createdBy: "ops", comment: "known",
 * }, null, 1_000, () => "s1");
 * // { kind: "created", silence: { id: "s1", startsAt: 1_000, endsAt: 61_000, … }, expired: null }
 * ```
 */
export function planSilence(
  input: SilenceInput,
  previous: Silence | null,
  now: number,
  newId: () => string,
): SilencePlan {
  if (input.id !== undefined && previous === null) return { kind: "not_found", id: input.id };
  const live = previous !== null && silenceState(previous, now) !== "expired";
  const startsAt = input.startsAt ?? (live ? previous.startsAt : now);
  const endsAt = input.endsAt ??
    (input.durationMs !== undefined
      ? Math.max(startsAt, now) + input.durationMs
      : previous?.endsAt);
  if (endsAt === undefined) return problem("endsAt", "give endsAt or durationMs");
  const endField = input.durationMs === undefined ? "endsAt" : "durationMs";
  if (endsAt <= now) {
    return problem(
      endField,
      `the silence would end at ${iso(endsAt)}, which is not in the future (now ${iso(now)})`,
    );
  }
  if (endsAt <= startsAt) {
    return problem(endField, `the silence must end after it starts (${iso(startsAt)})`);
  }
  const wanted: Silence = {
    id: previous?.id ?? "",
    matchers: input.matchers,
    startsAt,
    endsAt,
    createdBy: input.createdBy,
    comment: input.comment,
    updatedAt: now,
  };
  if (previous && canUpdate(previous, wanted, now)) return { kind: "updated", silence: wanted };
  return {
    kind: "created",
    silence: { ...wanted, id: newId(), startsAt: Math.max(startsAt, now) },
    expired: previous ? expireSilence(previous, now) : null,
  };
}

/**
 * The silence ended at `now` (a pending one also starts at `now`, so it
 * never was active), or `null` when it had already expired.
 *
 * @example
 * ```ts ignore
 * const ended = expireSilence(silence, now);
 * if (ended) await store.alerts.saveSilence(ended);
 * ```
 */
export function expireSilence(silence: Silence, now: number): Silence | null {
  const state = silenceState(silence, now);
  if (state === "expired") return null;
  return {
    ...silence,
    startsAt: state === "pending" ? now : silence.startsAt,
    endsAt: now,
    updatedAt: now,
  };
}

/** Whether `next` can overwrite `prev` without changing what was silenced so far. */
function canUpdate(prev: Silence, next: Silence, now: number): boolean {
  if (!sameMatchers(prev.matchers, next.matchers)) return false;
  switch (silenceState(prev, now)) {
    case "active":
      return next.startsAt === prev.startsAt && next.endsAt >= now;
    case "pending":
      return next.startsAt >= now;
    case "expired":
      return false;
  }
}

function sameMatchers(a: readonly Matcher[], b: readonly Matcher[]): boolean {
  const key = (ms: readonly Matcher[]) => ms.map(formatMatcher).sort().join(",");
  return a.length === b.length && key(a) === key(b);
}

function problem(path: string, message: string): SilencePlan {
  return { kind: "invalid", problems: [{ path, message }] };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

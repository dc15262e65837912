/**
 * Silences (Alertmanager's `silence/silence.go`): an active silence mutes
 * every alert that matches all of its matchers. The state (pending, active,
 * expired) is derived from `now`, never stored.
 *
 * @module
 */
import { type Labels, type Silence, type SilenceState, silenceState } from "../model.ts";
import {
  compileMatcher,
  compileMatchers,
  formatMatchers,
  type LabelPredicate,
} from "./matchers.ts";

/** A silence with its state at the time of listing (Alertmanager's GettableSilence). */
export type SilenceView = Silence & { status: { state: SilenceState } };

interface Entry {
  silence: Silence;
  matches: LabelPredicate;
}

/** Alertmanager lists active, then pending, then expired silences. */
const STATE_ORDER: Record<SilenceState, number> = { active: 0, pending: 1, expired: 2 };

/**
 * The set of silences and the question "which of them mute these labels?".
 *
 * @example
 * ```ts
 * const silencer = new Silencer(await store.alerts.silences());
 * silencer.upsert({
 *   id: crypto.randomUUID(), matchers: [{ name: "exchange", type: "=", value: "kraken" }],
 *   startsAt: now, endsAt: now + 3_600_000, createdBy: "ops", comment: "maintenance", updatedAt: now,
 * });
 * silencer.silencedBy({ alertname: "StaleData", exchange: "kraken" }, now); // [that id]
 * ```
 */
export class Silencer {
  readonly #entries = new Map<string, Entry>();

  /** @throws {TypeError} when a silence is invalid (see {@link upsert}). */
  constructor(silences: Iterable<Silence> = []) {
    for (const s of silences) this.upsert(s);
  }

  /**
   * Adds or replaces a silence by id, compiling its matchers once.
   *
   * @throws {TypeError} when it has no matchers, every matcher matches the
   *   empty string (it would silence every alert, which Alertmanager
   *   refuses), a regex does not compile, or it ends before it starts.
   * @example
   * ```ts
   * silencer.upsert(silence);
   * ```
   */
  upsert(silence: Silence): void {
    const what = `silence ${JSON.stringify(silence.id)} ${formatMatchers(silence.matchers)}`;
    if (silence.matchers.length === 0) {
      throw new TypeError(`${what}: a silence needs at least one matcher`);
    }
    if (silence.matchers.every((m) => compileMatcher(m)({}))) {
      throw new TypeError(
        `${what}: at least one matcher must not match the empty string, or it silences everything`,
      );
    }
    if (silence.endsAt < silence.startsAt) {
      throw new TypeError(
        `${what}: endsAt ${silence.endsAt} is before startsAt ${silence.startsAt}`,
      );
    }
    this.#entries.set(silence.id, { silence, matches: compileMatchers(silence.matchers) });
  }

  /**
   * Ends a silence at `now`, as Alertmanager does: an active one gets
   * `endsAt = now`, a pending one `startsAt = endsAt = now`. Returns the
   * updated silence to persist, the unchanged one when it already expired,
   * or `null` when no silence has this id.
   *
   * @example
   * ```ts
   * const expired = silencer.expire(id, now);
   * if (expired) await store.alerts.saveSilence(expired);
   * ```
   */
  expire(id: string, now: number): Silence | null {
    const entry = this.#entries.get(id);
    if (!entry) return null;
    const state = silenceState(entry.silence, now);
    if (state === "expired") return entry.silence;
    const silence: Silence = {
      ...entry.silence,
      startsAt: state === "pending" ? now : entry.silence.startsAt,
      endsAt: now,
      updatedAt: now,
    };
    this.#entries.set(id, { silence, matches: entry.matches });
    return silence;
  }

  /**
   * One silence by id, or `null`.
   *
   * @example
   * ```ts
   * silencer.get(id)?.comment;
   * ```
   */
  get(id: string): Silence | null {
    return this.#entries.get(id)?.silence ?? null;
  }

  /**
   * Every silence with its state at `now` (optionally only one state):
   * active first, then pending, then expired; newest `updatedAt` first within
   * a state.
   *
   * @example
   * ```ts
   * silencer.list(now, "active").map((s) => s.id);
   * ```
   */
  list(now: number, state?: SilenceState): SilenceView[] {
    const out: SilenceView[] = [];
    for (const { silence } of this.#entries.values()) {
      const s = silenceState(silence, now);
      if (state === undefined || s === state) out.push({ ...silence, status: { state: s } });
    }
    return out.sort((a, b) =>
      STATE_ORDER[a.status.state] - STATE_ORDER[b.status.state] || b.updatedAt - a.updatedAt
    );
  }

  /**
   * The ids of the silences active at `now` that match `labels` (all their
   * matchers), sorted.
   *
   * @example
   * ```ts
   * if (silencer.silencedBy(alert.labels, now).length > 0) skip(alert);
   * ```
   */
  silencedBy(labels: Labels, now: number): string[] {
    let ids: string[] | undefined;
    for (const { silence, matches } of this.#entries.values()) {
      if (now < silence.startsAt || now >= silence.endsAt) continue;
      if (matches(labels)) (ids ??= []).push(silence.id);
    }
    return ids ? ids.sort() : [];
  }

  /**
   * Forgets silences that expired before `before` (retention); returns how
   * many were removed.
   *
   * @example
   * ```ts
   * silencer.prune(now - 5 * 86_400_000);
   * ```
   */
  prune(before: number): number {
    let removed = 0;
    for (const [id, { silence }] of this.#entries) {
      if (silence.endsAt < before) {
        this.#entries.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** How many silences are held, in any state. */
  get size(): number {
    return this.#entries.size;
  }
}

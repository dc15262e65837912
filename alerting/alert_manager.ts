/**
 * The alert manager as the alerter runs it: the pure dispatcher plus the
 * store. Every alert it hears is stored (history, API) and routed; every
 * flush that must be sent becomes one outbox row per channel target, stored
 * with its notification-log entry in one transaction, before anything is sent.
 *
 * State survives a crash: on open it reloads silences and the alerts that
 * are still firing (or resolved but not yet notified) from the store, and the
 * notification log keeps it from re-sending what already went out.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import { errorMessage } from "../lib/errors.ts";
import type { AlertStore } from "../store/alert_types.ts";
import type { AlertingConfig } from "./config.ts";
import { decideNotify, Dispatcher, Inhibitor, logEntry, Route, Silencer } from "./dispatch/mod.ts";
import type { GroupFlush } from "./dispatch/mod.ts";
import {
  type Alert,
  type AlertRecord,
  fingerprint,
  type OutboxRecord,
  type Silence,
} from "./model.ts";
import { type ChannelTarget, channelTargets } from "./receivers.ts";

/** How far back a restart looks for resolved alerts whose resolution may not have been sent. */
const RESOLVED_REPLAY_MS = 3_600_000;

/** Options of {@linkcode AlertManager.open}. */
export interface AlertManagerOptions {
  store: AlertStore;
  config: AlertingConfig;
  log: Logger;
  /** Called after rows were added to the outbox (wake the sender). */
  onEnqueued?: (rows: number) => void;
  /** Called per flush that was sent or logged, for metrics and tests. */
  onFlush?: (flush: GroupFlush, sent: boolean) => void;
  /** Outbox row ids; default random UUIDs. */
  newId?: () => string;
}

/**
 * Receives alerts, silences and acks; at `nextWakeAt()` the owner calls
 * `tick(now)`, which resolves timed-out alerts and flushes due groups.
 *
 * @example
 * ```ts ignore
 * const manager = await AlertManager.open({ store: store.alerts, config: config.alerts, log }, now);
 * await manager.receive(alert, now);
 * await manager.tick(now + 30_000);
 * ```
 */
export class AlertManager {
  readonly dispatcher: Dispatcher;
  readonly #o: AlertManagerOptions;
  readonly #targets = new Map<string, ChannelTarget[]>();
  /** Firing alerts by fingerprint, with when they were last heard of. */
  readonly #firing = new Map<string, AlertRecord>();
  /** When each firing alert was last heard of; its stored `updatedAt` lags by up to a heartbeat. */
  readonly #heard = new Map<string, number>();
  readonly #newId: () => string;

  private constructor(options: AlertManagerOptions) {
    this.#o = options;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
    const { config } = options;
    const sendResolved = new Map(config.receivers.map((r) => [r.name, r.sendResolved]));
    this.dispatcher = new Dispatcher({
      route: Route.fromConfig(config.route),
      inhibitor: new Inhibitor(config.inhibitRules),
      silencer: new Silencer(),
      sendResolved: (receiver) => sendResolved.get(receiver) ?? true,
      externalUrl: config.publicUrl,
    });
    for (const receiver of config.receivers) {
      this.#targets.set(receiver.name, channelTargets(receiver, config));
    }
  }

  /** Builds a manager and restores silences and live alerts from the store. */
  static async open(options: AlertManagerOptions, now: number): Promise<AlertManager> {
    const manager = new AlertManager(options);
    for (const silence of await options.store.silences()) {
      // One bad row (written by hand, or by an older version) must not keep
      // the alerter from starting: it is skipped and named.
      try {
        manager.silence(silence);
      } catch (error) {
        options.log.error("stored silence skipped: {error}", { error: errorMessage(error) });
      }
    }
    // Firing alerts go back into their groups; the notification log decides
    // whether their group still owes a message.
    for (const record of await options.store.list({ state: "firing", limit: 100_000 })) {
      manager.#firing.set(record.fingerprint, record);
      manager.dispatcher.ingest(record, now);
    }
    // Recently resolved ones too: their group may still owe the "resolved" message.
    for (const record of await options.store.list({ state: "resolved", limit: 10_000 })) {
      if (record.updatedAt >= now - RESOLVED_REPLAY_MS) manager.dispatcher.ingest(record, now);
    }
    const channels = [...manager.#targets.values()].flat().map((t) => t.channel);
    options.log.info("alert manager restored {alerts} firing alerts; channels: {channels}", {
      alerts: manager.#firing.size,
      channels: channels.length > 0 ? [...new Set(channels)].join(", ") : "none (log only)",
    });
    return manager;
  }

  /**
   * Takes in an alert from a rule, an actor or Prometheus. It is stored when
   * it changed (rules re-send firing alerts periodically) and routed unless pending.
   */
  async receive(alert: Alert, now: number): Promise<AlertRecord> {
    const fp = fingerprint(alert.labels);
    const known = this.#firing.get(fp) ?? await this.#o.store.get(fp);
    const sameEpisode = known !== null && known.startsAt === alert.startsAt;
    let record: AlertRecord = {
      ...alert,
      fingerprint: fp,
      updatedAt: now,
      ackedAt: sameEpisode ? known.ackedAt : undefined,
      ackedBy: sameEpisode ? known.ackedBy : undefined,
    };
    // Stored first: when the write fails, nothing here has changed, so a
    // retry of the same alert writes it then.
    if (!known || changed(known, record) || now - known.updatedAt >= this.#heartbeatMs()) {
      await this.#o.store.upsert([record]);
    } else {
      record = { ...record, updatedAt: known.updatedAt }; // what the store holds
    }
    if (record.state === "firing") {
      this.#firing.set(fp, record);
      this.#heard.set(fp, now);
    } else {
      this.#firing.delete(fp);
      this.#heard.delete(fp);
    }
    this.dispatcher.ingest(record, now);
    return record;
  }

  /** The firing alerts it holds (restored from the store on open, then kept current). */
  firing(): AlertRecord[] {
    return [...this.#firing.values()];
  }

  /** Applies a created, updated or expired silence (the API stored it already). */
  silence(silence: Silence): void {
    this.dispatcher.silencer.upsert(silence);
  }

  /** Applies an acknowledgement (the API stored it already): no more repeats for it. */
  ack(fp: string, by: string, at: number): void {
    const record = this.#firing.get(fp);
    if (!record) return;
    const acked = { ...record, ackedAt: at, ackedBy: by };
    this.#firing.set(fp, acked);
    this.dispatcher.ingest(acked, at);
  }

  /** When `tick` next has work: a group flush or an alert's resolve timeout. */
  nextWakeAt(): number | null {
    let next = this.dispatcher.nextFlushAt();
    for (const record of this.#firing.values()) {
      const expiry = this.#expiry(record);
      if (next === null || expiry < next) next = expiry;
    }
    return next;
  }

  /**
   * Resolves firing alerts nobody re-sent within `resolveTimeoutMs` (or whose
   * own `endsAt` passed), then flushes every due group into the outbox.
   */
  async tick(now: number): Promise<void> {
    const expired = [...this.#firing.values()].filter((r) => this.#expiry(r) <= now);
    for (const record of expired) {
      await this.receive({ ...record, state: "resolved", endsAt: this.#expiry(record) }, now);
    }
    let failure: unknown;
    for (const flush of this.dispatcher.flushDue(now)) {
      try {
        await this.#deliver(flush, now);
      } catch (error) {
        failure ??= error;
        // The flush dropped its resolved alerts from the group; put them back
        // so the group's next flush still tells the receiver they resolved.
        for (const alert of flush.data.alerts) {
          if (flush.resolved.includes(alert.fingerprint)) {
            this.dispatcher.ingest({ ...alert, updatedAt: now }, now);
          }
        }
      }
    }
    if (failure !== undefined) throw failure;
  }

  async #deliver(flush: GroupFlush, now: number): Promise<void> {
    const last = await this.#o.store.notificationLog(flush.receiver, flush.groupKey);
    const decision = decideNotify(flush, last, now);
    if (!decision.log) return;
    const targets = decision.send ? this.#targets.get(flush.receiver) ?? [] : [];
    const rows: OutboxRecord[] = targets.map(({ channel, target }) => ({
      id: this.#newId(),
      channel,
      target,
      receiver: flush.receiver,
      groupKey: flush.groupKey,
      data: flush.data,
      status: "pending",
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    }));
    await this.#o.store.enqueue(rows, [logEntry(flush, now)]);
    if (decision.send) {
      this.#o.log.info(
        "notify {receiver} ({reason}): {firing} firing, {resolved} resolved {group}",
        {
          receiver: flush.receiver,
          reason: decision.reason,
          firing: flush.firing.length,
          resolved: flush.resolved.length,
          group: flush.groupKey,
          targets: rows.length,
        },
      );
    }
    if (rows.length > 0) this.#o.onEnqueued?.(rows.length);
    this.#o.onFlush?.(flush, decision.send);
  }

  #expiry(record: AlertRecord): number {
    if (record.endsAt !== undefined) return record.endsAt;
    const heard = this.#heard.get(record.fingerprint) ?? record.updatedAt;
    return heard + this.#o.config.resolveTimeoutMs;
  }

  /** Unchanged re-sends are still written now and then, so `updatedAt` shows liveness after a restart. */
  #heartbeatMs(): number {
    return Math.max(1_000, Math.floor(this.#o.config.resolveTimeoutMs / 4));
  }
}

function changed(a: AlertRecord, b: AlertRecord): boolean {
  return a.state !== b.state || a.startsAt !== b.startsAt || a.endsAt !== b.endsAt ||
    JSON.stringify(a.annotations) !== JSON.stringify(b.annotations);
}

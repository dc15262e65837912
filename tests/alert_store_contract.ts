/**
 * The alert storage contract (`store.alerts`): every case runs against each
 * backend, on a fresh, migrated store.
 *
 * @module
 */
import { assert, assertEquals, assertRejects } from "./assert.ts";
import {
  type AlertRecord,
  fingerprint,
  type Labels,
  type NotificationData,
  type OutboxRecord,
  type Silence,
} from "../alerting/model.ts";
import {
  type AlertStore,
  type NotificationLogEntry,
  STORE_OPERATIONS,
  type StoreOperation,
} from "../store/mod.ts";
import type { ContractLifecycle, OpenStore, StoreHandle } from "./store_contract.ts";

/**
 * A store handle that can also run raw SQL against the store's schema, to
 * plant rows the API would never write.
 *
 * @example
 * ```ts
 * const handle: AlertStoreHandle = { store, dispose, exec: (sql) => db.exec(sql) };
 * ```
 */
export interface AlertStoreHandle extends StoreHandle {
  exec(sql: string): Promise<void>;
}

/**
 * Opens a fresh, empty, unmigrated store with raw SQL access.
 *
 * @example
 * ```ts
 * const open: OpenAlertStore = async (hooks) => ({ ...await openHandle(hooks), exec });
 * ```
 */
export type OpenAlertStore = (...args: Parameters<OpenStore>) => Promise<AlertStoreHandle>;

const T0 = 1_700_000_000_000;
const MIN = 60_000;

function alert(labels: Labels, overrides: Partial<AlertRecord> = {}): AlertRecord {
  const full = { alertname: "StaleData", severity: "warning", ...labels };
  return {
    fingerprint: fingerprint(full),
    labels: full,
    annotations: { summary: "no candle for 3 intervals" },
    state: "firing",
    startsAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

const silence = (id: string, overrides: Partial<Silence> = {}): Silence => ({
  id,
  matchers: [{ name: "alertname", type: "=~", value: "Stale.*|Price\\.Move" }],
  startsAt: T0,
  endsAt: T0 + 60 * MIN,
  createdBy: "ops",
  comment: "exchange maintenance — «ünï»",
  updatedAt: T0,
  ...overrides,
});

function data(groupKey: string): NotificationData {
  const a = alert({ symbol: "BTC/USDT" });
  return {
    receiver: "default",
    status: "firing",
    groupKey,
    groupLabels: { alertname: "StaleData" },
    commonLabels: a.labels,
    commonAnnotations: {},
    externalUrl: 'https://ct.example/alerts?x=1&y="2"',
    alerts: [{
      fingerprint: a.fingerprint,
      labels: a.labels,
      annotations: { summary: "price 1/3 ≈ 0.333…" },
      state: "firing",
      startsAt: T0,
      endsAt: T0 + 0.5,
    }],
    truncatedAlerts: 0,
  };
}

function outbox(id: string, overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id,
    channel: "webhook",
    target: "https://hooks.example/ct",
    receiver: "default",
    groupKey: '{}:{alertname="StaleData"}',
    data: data(`group of ${id}`),
    status: "pending",
    attempts: 0,
    nextAttemptAt: T0,
    createdAt: T0,
    ...overrides,
  };
}

const logEntry = (groupKey: string, sentAt: number): NotificationLogEntry => ({
  receiver: "default",
  groupKey,
  firing: ["0123456789abcdef", "fedcba9876543210"],
  resolved: [],
  sentAt,
});

const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);
const fps = (records: readonly AlertRecord[]) => records.map((r) => r.fingerprint);

type Case = (alerts: AlertStore, handle: AlertStoreHandle) => Promise<void>;

const cases: Record<string, Case> = {
  "upsert stores alerts that get returns as written, and get of an unknown fingerprint is null":
    async (alerts) => {
      const full = alert({ symbol: 'we"ird' }, {
        annotations: { summary: "s", runbook: "https://runbooks.example/stale" },
        state: "resolved",
        endsAt: T0 + 5 * MIN,
        generatorUrl: "http://ct.example/rules#stale",
        updatedAt: T0 + 5 * MIN,
        ackedAt: T0 + MIN,
        ackedBy: "ops",
      });
      const minimal = alert({ symbol: "ETH/USDT" }, { state: "pending" });
      await alerts.upsert([full, minimal]);
      await alerts.upsert([]);
      assertEquals(await alerts.get(full.fingerprint), full);
      assertEquals(await alerts.get(minimal.fingerprint), minimal);
      assertEquals(await alerts.get("0000000000000000"), null);

      // One transaction: a bad alert late in a batch leaves nothing of the batch.
      const next = alert({ symbol: "SOL/USDT" });
      const bad = { ...alert({ symbol: "XRP/USDT" }), state: "bogus" } as unknown as AlertRecord;
      await assertRejects(() => alerts.upsert([{ ...full, annotations: {} }, next, bad]));
      assertEquals(await alerts.get(next.fingerprint), null);
      assertEquals(await alerts.get(full.fingerprint), full);
      assertEquals(await alerts.stats(0), [
        {
          alertname: "StaleData",
          severity: "warning",
          count: 1,
          resolved: 1,
          meanResolveMs: 5 * MIN,
          maxResolveMs: 5 * MIN,
        },
      ]);
    },

  "list filters by state, severity and labels, most recently updated first, up to the limit":
    async (alerts) => {
      // Label names a JSON path would have to quote or escape.
      const odd = { 'a"b': "x'y", "c.d": "1", "$[0]": "" };
      const a = alert({ symbol: "BTC/USDT", ...odd }, { updatedAt: T0 + 3 });
      const b = alert({ symbol: "BTC/USDT", severity: "critical" }, { updatedAt: T0 + 2 });
      const c = alert({ symbol: "ETH/USDT" }, { state: "resolved", updatedAt: T0 + 4 });
      const d = alert({ symbol: "ETH/USDT", severity: "info" }, {
        state: "pending",
        updatedAt: T0 + 1,
      });
      await alerts.upsert([a, b, c, d]);
      assertEquals(await alerts.list(), [c, a, b, d]);
      assertEquals(fps(await alerts.list({ state: "firing" })), fps([a, b]));
      assertEquals(fps(await alerts.list({ state: "pending" })), fps([d]));
      assertEquals(fps(await alerts.list({ severity: "warning" })), fps([c, a]));
      assertEquals(fps(await alerts.list({ labels: { symbol: "BTC/USDT" } })), fps([a, b]));
      assertEquals(fps(await alerts.list({ labels: odd })), fps([a]));
      assertEquals(fps(await alerts.list({ labels: { 'a"b': "x'y", "c.d": "2" } })), []);
      assertEquals(fps(await alerts.list({ labels: { "c.d": "1", nope: "1" } })), []);
      assertEquals(
        fps(await alerts.list({ state: "firing", severity: "critical", labels: {} })),
        fps([b]),
      );
      assertEquals(fps(await alerts.list({ limit: 2 })), fps([c, a]));
      await assertRejects(() => alerts.list({ limit: 0 }), "limit must be a positive integer");
    },

  "list returns at most 500 alerts by default": async (alerts) => {
    const many = Array.from(
      { length: 501 },
      (_, i) => alert({ symbol: `S${i}` }, { updatedAt: T0 + i }),
    );
    await alerts.upsert(many);
    const listed = await alerts.list();
    assertEquals(listed.length, 500);
    assertEquals(listed[0], many[500]);
  },

  "an ack survives updates of its episode and is cleared when a new episode starts": async (
    alerts,
  ) => {
    const a = alert({ symbol: "BTC/USDT" }, { updatedAt: T0 + 1 });
    await alerts.upsert([a]);
    assertEquals(await alerts.ack("0000000000000000", "ops", T0 + 2), null);
    const acked = { ...a, ackedAt: T0 + 2, ackedBy: "ops", updatedAt: T0 + 2 };
    assertEquals(await alerts.ack(a.fingerprint, "ops", T0 + 2), acked);
    assertEquals(await alerts.get(a.fingerprint), acked);

    // The evaluator writes what it knows, which is not the ack.
    const update = { ...a, annotations: { summary: "still stale" }, updatedAt: T0 + 3 };
    await alerts.upsert([update]);
    assertEquals(await alerts.get(a.fingerprint), { ...update, ackedAt: T0 + 2, ackedBy: "ops" });
    // A stale copy of another ack does not overwrite the stored one.
    await alerts.upsert([{ ...update, ackedAt: T0, ackedBy: "bot" }]);
    assertEquals((await alerts.get(a.fingerprint))?.ackedBy, "ops");
    // An ack older than the last update keeps updatedAt.
    assertEquals((await alerts.ack(a.fingerprint, "lead", T0 + 1))?.updatedAt, T0 + 3);

    const resolved = { ...update, state: "resolved" as const, endsAt: T0 + 9, updatedAt: T0 + 9 };
    await alerts.upsert([resolved]);
    assertEquals((await alerts.get(a.fingerprint))?.ackedBy, "lead");
    const again = { ...a, startsAt: T0 + 20, updatedAt: T0 + 20 };
    await alerts.upsert([{ ...again, ackedAt: T0 + 1, ackedBy: "lead" }]);
    assertEquals(await alerts.get(a.fingerprint), again, "a new episode starts unacknowledged");
  },

  "history keeps one row per episode and stats aggregate counts and resolve times": async (
    alerts,
  ) => {
    const x = { alertname: "X", severity: "critical" };
    const fp = fingerprint(alert(x).labels);
    const episode = (startsAt: number, endsAt?: number) =>
      alert(x, {
        startsAt,
        updatedAt: endsAt ?? startsAt,
        state: endsAt === undefined ? "firing" : "resolved",
        ...endsAt === undefined ? {} : { endsAt },
      });
    await alerts.upsert([episode(T0)]);
    await alerts.upsert([episode(T0, T0 + MIN)]);
    await alerts.upsert([episode(T0 + 2 * MIN), episode(T0 + 2 * MIN, T0 + 4 * MIN)]);
    // A Prometheus alert fires with a future endsAt: still an open episode.
    await alerts.upsert([
      episode(T0 + 5 * MIN),
      { ...episode(T0 + 5 * MIN), endsAt: T0 + 9 * MIN },
    ]);
    // A pending alert is no episode; firing starts it at its own startsAt.
    const w = { alertname: "X", severity: "warning" };
    await alerts.upsert([alert(w, { state: "pending", startsAt: T0 })]);
    await alerts.upsert([alert(w, { startsAt: T0 + 10 })]);
    // An episode before `since`, and one with no severity label at all.
    await alerts.upsert([alert({ alertname: "Y" }, { startsAt: T0 - 1000 })]);
    const z = { alertname: "Z" };
    await alerts.upsert([{
      ...alert({}),
      labels: z,
      fingerprint: fingerprint(z),
      startsAt: T0 + 1,
    }]);

    assertEquals(await alerts.stats(T0), [
      {
        alertname: "X",
        severity: "critical",
        count: 3,
        resolved: 2,
        meanResolveMs: 1.5 * MIN,
        maxResolveMs: 2 * MIN,
      },
      {
        alertname: "X",
        severity: "warning",
        count: 1,
        resolved: 0,
        meanResolveMs: null,
        maxResolveMs: null,
      },
      {
        alertname: "Z",
        severity: "",
        count: 1,
        resolved: 0,
        meanResolveMs: null,
        maxResolveMs: null,
      },
    ]);
    assertEquals((await alerts.stats(T0 - 1000)).map((s) => s.alertname), ["X", "X", "Y", "Z"]);
    assertEquals(await alerts.stats(T0 + 60 * MIN), []);
    assertEquals((await alerts.get(fp))?.startsAt, T0 + 5 * MIN, "the alert row is the latest");

    // Retention of alerts keeps their history.
    await alerts.upsert([episode(T0 + 5 * MIN, T0 + 6 * MIN)]);
    assertEquals(await alerts.deleteResolvedBefore(T0 + 60 * MIN), 1);
    assertEquals((await alerts.stats(T0))[0]?.count, 3);
    assertEquals((await alerts.stats(T0))[0]?.resolved, 3);
  },

  "deleteResolvedBefore removes only resolved alerts updated before the cutoff": async (
    alerts,
  ) => {
    const old = alert({ n: "1" }, { state: "resolved", endsAt: T0, updatedAt: T0 });
    const recent = alert({ n: "2" }, { state: "resolved", endsAt: T0, updatedAt: T0 + MIN });
    const firing = alert({ n: "3" }, { updatedAt: T0 - MIN });
    const pending = alert({ n: "4" }, { state: "pending", updatedAt: T0 - 2 * MIN });
    await alerts.upsert([old, recent, firing, pending]);
    assertEquals(await alerts.deleteResolvedBefore(T0 + MIN), 1);
    assertEquals(await alerts.deleteResolvedBefore(T0 + MIN), 0);
    assertEquals(await alerts.get(old.fingerprint), null);
    assertEquals(fps(await alerts.list()), fps([recent, firing, pending]));
  },

  ...pruneCases(),

  "silences are saved, replaced by id and listed newest update first": async (alerts) => {
    const a = silence("a");
    const b = silence("b", { updatedAt: T0 + 1, matchers: [{ name: "x", type: "!=", value: "" }] });
    await alerts.saveSilence(a);
    await alerts.saveSilence(b);
    assertEquals(await alerts.silences(), [b, a]);
    const expired = { ...a, endsAt: T0 + 2, updatedAt: T0 + 2, comment: "done early" };
    await alerts.saveSilence(expired);
    assertEquals(await alerts.silence("a"), expired);
    assertEquals(await alerts.silences(), [expired, b]);
    assertEquals(await alerts.silence("nope"), null);
  },

  ...outboxCases(),
};

function outboxCases(): Record<string, Case> {
  return {
    "enqueue stores each notification once by id, with its notification log in one transaction":
      async (alerts) => {
        const [r1, r2, r3] = [outbox("r1"), outbox("r2", { channel: "telegram" }), outbox("r3")];
        assertEquals(await alerts.enqueue([r1, r2], [logEntry("g", T0)]), 2);
        assertEquals(await alerts.notificationLog("default", "g"), logEntry("g", T0));
        const changed = { ...r1, target: "elsewhere", createdAt: T0 + 1 };
        const later = { ...logEntry("g", T0 + 1), firing: [], resolved: ["0123456789abcdef"] };
        assertEquals(await alerts.enqueue([changed, r3], [later]), 1);
        assertEquals(await alerts.outbox(), [r3, r2, r1], "an existing id is left untouched");
        assertEquals(await alerts.notificationLog("default", "g"), later);
        assertEquals(await alerts.notificationLog("default", "other"), null);
        assertEquals(await alerts.notificationLog("else", "g"), null);
        assertEquals(await alerts.enqueue([], []), 0);

        // A failing row or log entry rolls back everything of its call.
        const bad = { ...outbox("r5"), status: "bogus" } as unknown as OutboxRecord;
        await assertRejects(() => alerts.enqueue([outbox("r4"), bad], [logEntry("h", T0)]));
        await assertRejects(() => alerts.enqueue([outbox("r6")], [logEntry("i", Number.NaN)]));
        assertEquals(ids(await alerts.outbox()), ["r3", "r2", "r1"]);
        assertEquals(await alerts.notificationLog("default", "h"), null);
      },

    "claimDue leases due rows oldest first up to the limit until the lease runs out": async (
      alerts,
    ) => {
      const lease = 60_000;
      const now = T0 + 100;
      await alerts.enqueue([
        outbox("due30", { nextAttemptAt: T0 + 30, createdAt: T0 + 1 }),
        outbox("due10", { nextAttemptAt: T0 + 10, createdAt: T0 + 2 }),
        outbox("due20", { nextAttemptAt: T0 + 20, createdAt: T0 + 3 }),
        outbox("later", { nextAttemptAt: T0 + 1000, createdAt: T0 + 4 }),
        outbox("sent", { status: "sent", sentAt: T0, createdAt: T0 + 5 }),
        outbox("dead", { status: "dead", lastError: "HTTP 404", createdAt: T0 + 6 }),
      ], []);
      const first = await alerts.claimDue(now, 2, lease);
      assertEquals(ids(first), ["due10", "due20"]);
      assertEquals(first[0], outbox("due10", { nextAttemptAt: now + lease, createdAt: T0 + 2 }));
      assertEquals(ids(await alerts.claimDue(now, 10, lease)), ["due30"]);
      assertEquals(await alerts.claimDue(now, 10, lease), [], "every due row is leased");
      assertEquals(ids(await alerts.claimDue(now + lease - 1, 10, lease)), ["later"]);
      assertEquals(
        ids(await alerts.claimDue(now + lease, 10, lease)),
        ["due30", "due10", "due20"],
        "leases ran out; equal due times go by creation",
      );
      await assertRejects(() => alerts.claimDue(now, 0, lease), "limit must be a positive integer");
    },

    "markSent takes a row out of the claims for good and is idempotent": async (alerts) => {
      await alerts.enqueue([outbox("a"), outbox("b", { createdAt: T0 + 1 })], []);
      assertEquals(ids(await alerts.claimDue(T0, 10, 1000)), ["a", "b"]);
      await alerts.markSent("a", T0 + 5);
      await alerts.markSent("a", T0 + 7);
      await alerts.markSent("unknown", T0 + 7);
      assertEquals(ids(await alerts.claimDue(T0 + 5000, 10, 1000)), ["b"]);
      const [sent] = await alerts.outbox({ status: "sent" });
      assertEquals(sent, outbox("a", { status: "sent", sentAt: T0 + 5, nextAttemptAt: T0 + 1000 }));
    },

    "markFailed reschedules a row, dead-letters it, and never revives a sent row": async (
      alerts,
    ) => {
      await alerts.enqueue([outbox("a"), outbox("s", { createdAt: T0 + 1 })], []);
      await alerts.claimDue(T0, 10, 1000);
      await alerts.markFailed("a", {
        attempts: 1,
        nextAttemptAt: T0 + 5000,
        error: "HTTP 500",
        dead: false,
      });
      const retry = outbox("a", { attempts: 1, nextAttemptAt: T0 + 5000, lastError: "HTTP 500" });
      assertEquals((await alerts.outbox({ status: "pending" })).find((r) => r.id === "a"), retry);
      // s's lease ran out long ago; a waits for its retry time.
      assertEquals(ids(await alerts.claimDue(T0 + 4999, 10, 1000)), ["s"]);
      assertEquals(ids(await alerts.claimDue(T0 + 5000, 10, 1000)), ["a"]);

      await alerts.markFailed("a", { attempts: 2, nextAttemptAt: T0, error: "429", dead: true });
      assertEquals(await alerts.outbox({ status: "dead" }), [
        outbox("a", { status: "dead", attempts: 2, nextAttemptAt: T0, lastError: "429" }),
      ]);
      assertEquals(ids(await alerts.claimDue(T0 + 99_999, 10, 1000)), ["s"], "dead stays dead");

      await alerts.markSent("s", T0 + 6000);
      await alerts.markFailed("s", { attempts: 1, nextAttemptAt: T0, error: "late", dead: false });
      const [s] = await alerts.outbox({ status: "sent" });
      assertEquals([s?.id, s?.lastError, s?.attempts], ["s", undefined, 0]);
    },

    "outbox lists rows newest first, filtered by status, up to the limit": async (alerts) => {
      await alerts.enqueue([
        outbox("p1", { createdAt: T0 }),
        outbox("s1", { createdAt: T0 + 1, status: "sent", sentAt: T0 + 1 }),
        outbox("p2", { createdAt: T0 + 2 }),
        outbox("d1", { createdAt: T0 + 3, status: "dead", lastError: "gone", attempts: 10 }),
      ], []);
      assertEquals(ids(await alerts.outbox()), ["d1", "p2", "s1", "p1"]);
      assertEquals(ids(await alerts.outbox({ status: "pending" })), ["p2", "p1"]);
      assertEquals(ids(await alerts.outbox({ status: "dead", limit: 5 })), ["d1"]);
      assertEquals(ids(await alerts.outbox({ limit: 2 })), ["d1", "p2"]);
      await assertRejects(() => alerts.outbox({ limit: 1.5 }), "limit must be a positive integer");
    },

    "a row that does not decode fails naming its table, key and column": async (alerts, h) => {
      const a = alert({ symbol: "BTC/USDT" });
      await alerts.upsert([a]);
      await alerts.saveSilence(silence("s1"));
      await alerts.enqueue([outbox("o1")], [logEntry("g", T0)]);
      await h.exec(`UPDATE alerts SET labels = '{"alertname": 7}'`);
      await h.exec(`UPDATE silences SET matchers = '[{"name": "a", "type": "~", "value": ""}]'`);
      await h.exec(`UPDATE notification_outbox SET data = '{"receiver": "default"}'`);
      await h.exec(`UPDATE notification_log SET firing = '"abc"'`);
      await assertRejects(
        () => alerts.get(a.fingerprint),
        `alerts row fingerprint="${a.fingerprint}", column labels: expected an object of strings`,
      );
      await assertRejects(() => alerts.list(), "alerts row");
      await assertRejects(() => alerts.silences(), 'silences row id="s1", column matchers');
      await assertRejects(() => alerts.outbox(), 'notification_outbox row id="o1", column data');
      await assertRejects(() => alerts.claimDue(T0, 1, 1), 'notification_outbox row id="o1"');
      await assertRejects(
        () => alerts.notificationLog("default", "g"),
        'notification_log row receiver="default" group_key="g", column firing',
      );
    },
  };
}

function pruneCases(): Record<string, Case> {
  const cutoff = T0 + 60 * MIN;
  // One row of every kind on each side of the cutoff, plus live state older than it.
  async function plant(alerts: AlertStore) {
    const resolved = (name: string, endsAt: number) =>
      alert({ alertname: name }, { state: "resolved", endsAt, updatedAt: endsAt });
    const rows = {
      gone: resolved("Gone", T0 + MIN),
      edge: resolved("Edge", cutoff),
      firing: alert({ alertname: "Firing" }, { startsAt: T0 - 100 * MIN, updatedAt: T0 }),
      pending: alert({ alertname: "Pending" }, { state: "pending", updatedAt: T0 - 1 }),
      again: alert({ alertname: "Again" }, { startsAt: cutoff + MIN, updatedAt: cutoff + MIN }),
    };
    // Again's first episode ended long ago; its alert row is a new, firing one.
    await alerts.upsert([resolved("Again", T0 + MIN)]);
    await alerts.upsert(Object.values(rows));
    await alerts.enqueue([
      outbox("sentOld", { status: "sent", sentAt: T0 + 1, createdAt: T0 }),
      outbox("deadOld", { status: "dead", lastError: "HTTP 404", createdAt: T0 }),
      outbox("pendingOld", { createdAt: T0 - 1000 * MIN, nextAttemptAt: cutoff * 2 }),
      outbox("sentEdge", { status: "sent", sentAt: cutoff, createdAt: cutoff }),
      outbox("deadNew", { status: "dead", lastError: "HTTP 410", createdAt: cutoff + 1 }),
    ], [logEntry("old", T0), logEntry("edge", cutoff), logEntry("new", cutoff + MIN)]);
    await alerts.saveSilence(silence("ended", { endsAt: T0 + MIN }));
    await alerts.saveSilence(silence("expiredEarly", { endsAt: T0 + 2, updatedAt: cutoff + MIN }));
    await alerts.saveSilence(silence("edge", { endsAt: cutoff }));
    await alerts.saveSilence(silence("active", { endsAt: cutoff + 60 * MIN }));
    return rows;
  }
  const pruned = { alerts: 1, history: 2, outbox: 2, notificationLog: 1, silences: 2 };
  const episodes = async (alerts: AlertStore) =>
    Object.fromEntries(
      (await alerts.stats(0)).map((s) => [s.alertname, `${s.resolved}/${s.count}`]),
    );
  const logs = async (alerts: AlertStore, ...groups: string[]) =>
    (await Promise.all(groups.map((g) => alerts.notificationLog("default", g))))
      .map((e) => e?.groupKey ?? null);

  return {
    "prune deletes finished rows older than the cutoff and keeps recent ones and live state":
      async (alerts) => {
        const rows = await plant(alerts);
        assertEquals(await alerts.prune(cutoff), pruned);
        assertEquals(
          fps(await alerts.list()),
          fps([rows.again, rows.edge, rows.firing, rows.pending]),
        );
        assertEquals(await alerts.get(rows.gone.fingerprint), null);
        assertEquals(await episodes(alerts), { Again: "0/1", Edge: "1/1", Firing: "0/1" });
        assertEquals(ids(await alerts.outbox()), ["deadNew", "sentEdge", "pendingOld"]);
        assertEquals(await logs(alerts, "old", "edge", "new"), [null, "edge", "new"]);
        assertEquals(ids(await alerts.silences()), ["active", "edge"]);
        assertEquals(await alerts.prune(cutoff), {
          alerts: 0,
          history: 0,
          outbox: 0,
          notificationLog: 0,
          silences: 0,
        });
      },

    "prune never deletes firing or pending alerts, open episodes or pending notifications": async (
      alerts,
    ) => {
      const rows = await plant(alerts);
      assertEquals(await alerts.prune(Number.MAX_SAFE_INTEGER), {
        alerts: 2,
        history: 3,
        outbox: 4,
        notificationLog: 3,
        silences: 4,
      });
      assertEquals(fps(await alerts.list()), fps([rows.again, rows.firing, rows.pending]));
      assertEquals(await episodes(alerts), { Again: "0/1", Firing: "0/1" });
      assertEquals(ids(await alerts.outbox()), ["pendingOld"]);
      assertEquals(ids(await alerts.claimDue(cutoff * 2, 10, MIN)), ["pendingOld"]);
    },

    "prune deletes in one transaction and rejects a cutoff that is not an integer": async (
      alerts,
      h,
    ) => {
      await plant(alerts);
      // Silences are deleted last; a row that still references one fails that
      // delete, and everything deleted before it must come back.
      await h.exec(`CREATE TABLE pin (silence_id TEXT REFERENCES silences (id));
        INSERT INTO pin (silence_id) VALUES ('ended')`);
      await assertRejects(() => alerts.prune(cutoff));
      assertEquals((await alerts.list()).length, 5);
      assertEquals((await alerts.stats(0)).reduce((n, s) => n + s.count, 0), 5);
      assertEquals((await alerts.outbox()).length, 5);
      assertEquals(await logs(alerts, "old"), ["old"]);
      assertEquals((await alerts.silences()).length, 4);

      await assertRejects(() => alerts.prune(Number.NaN), "prune: cutoff must be an integer");
      await assertRejects(() => alerts.prune(cutoff + 0.5), `got ${cutoff + 0.5}`);
      await h.exec(`DROP TABLE pin`);
      assertEquals(await alerts.prune(cutoff), pruned);
    },
  };
}

async function reportsEveryOperation(open: OpenAlertStore): Promise<void> {
  const seen = new Map<StoreOperation, number[]>();
  const { store, dispose } = await open({
    onQuery: (operation, seconds) => seen.set(operation, [...(seen.get(operation) ?? []), seconds]),
  });
  try {
    await store.migrate();
    seen.clear();
    const { alerts } = store;
    const a = alert({});
    await alerts.upsert([a]);
    await alerts.get(a.fingerprint);
    await alerts.list();
    await alerts.ack(a.fingerprint, "ops", T0);
    await alerts.deleteResolvedBefore(T0);
    await alerts.prune(T0);
    await alerts.stats(T0);
    await alerts.saveSilence(silence("s"));
    await alerts.silence("s");
    await alerts.silences();
    await alerts.enqueue([outbox("o")], [logEntry("g", T0)]);
    await alerts.claimDue(T0, 1, 1);
    await alerts.markSent("o", T0);
    await alerts.markFailed("o", { attempts: 1, nextAttemptAt: T0, error: "x", dead: true });
    await alerts.outbox();
    await alerts.notificationLog("default", "g");
    // A failing call is reported too.
    await assertRejects(() => alerts.claimDue(T0, -1, 1));
  } finally {
    await dispose();
  }
  const own = STORE_OPERATIONS.filter((op) => op.startsWith("alerts."));
  assertEquals([...seen.keys()].sort(), own.sort());
  assertEquals(seen.get("alerts.claim_due")?.length, 2);
  for (const [operation, times] of seen) {
    assert(times.every((s) => s >= 0 && s < 60), `${operation} reported ${times}`);
  }
}

/**
 * Registers one test per backend with one step per contract case.
 *
 * @example
 * ```ts
 * runAlertStoreContract("sqlite", openHandle, { setup, teardown });
 * ```
 */
export function runAlertStoreContract(
  name: string,
  open: OpenAlertStore,
  lifecycle: ContractLifecycle = {},
): void {
  Deno.test(`${name} store.alerts honours the alert storage contract`, async (t) => {
    await lifecycle.setup?.();
    try {
      for (const [caseName, run] of Object.entries(cases)) {
        await t.step(caseName, async () => {
          const handle = await open();
          try {
            await handle.store.migrate();
            await run(handle.store.alerts, handle);
          } finally {
            await handle.dispose();
          }
        });
      }
      await t.step(
        "every alert operation reports its duration to onQuery under a stable name",
        () => reportsEveryOperation(open),
      );
    } finally {
      await lifecycle.teardown?.();
    }
  });
}

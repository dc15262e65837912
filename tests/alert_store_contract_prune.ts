/**
 * Retention cases of the alert storage contract: `prune` deletes finished
 * rows of every table before a cutoff, in one transaction, and never live state.
 *
 * @module
 */
import { assertEquals, assertRejects } from "./assert.ts";
import type { AlertStore } from "../store/mod.ts";
import {
  alert,
  type Case,
  fps,
  ids,
  logEntry,
  MIN,
  outbox,
  silence,
  T0,
} from "./alert_store_contract_fixtures.ts";

/**
 * The retention (prune) cases, by test step name.
 *
 * @example
 * ```ts
 * const cases = { ...alertCases(), ...pruneCases(), ...outboxCases() };
 * ```
 */
export function pruneCases(): Record<string, Case> {
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

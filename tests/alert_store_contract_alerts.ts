/**
 * Alert cases of the alert storage contract: upsert and get, list filters,
 * acks, episode history and stats, and deleting resolved alerts.
 *
 * @module
 */
import { assertEquals, assertRejects } from "./assert.ts";
import { type AlertRecord, fingerprint } from "../alerting/model.ts";
import { alert, type Case, fps, MIN, T0 } from "./alert_store_contract_fixtures.ts";

/**
 * The alert, ack, history and stats cases, by test step name.
 *
 * @example
 * ```ts
 * const cases = { ...alertCases(), ...pruneCases(), ...outboxCases() };
 * ```
 */
export function alertCases(): Record<string, Case> {
  return {
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
      const acked = {
        ...a,
        ackedAt: T0 + 2,
        ackedBy: "ops",
        ackComment: "on it",
        updatedAt: T0 + 2,
      };
      assertEquals(await alerts.ack(a.fingerprint, "ops", T0 + 2, "on it"), acked);
      assertEquals(await alerts.get(a.fingerprint), acked);

      // The evaluator writes what it knows, which is not the ack.
      const update = { ...a, annotations: { summary: "still stale" }, updatedAt: T0 + 3 };
      await alerts.upsert([update]);
      assertEquals(await alerts.get(a.fingerprint), {
        ...update,
        ackedAt: T0 + 2,
        ackedBy: "ops",
        ackComment: "on it",
      });
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
  };
}

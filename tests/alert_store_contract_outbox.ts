/**
 * Silence and notification cases of the alert storage contract: silences,
 * the durable outbox (enqueue, claim, send, fail) and the notification log,
 * and rows that do not decode.
 *
 * @module
 */
import { assertEquals, assertRejects } from "./assert.ts";
import type { OutboxRecord } from "../alerting/model.ts";
import {
  alert,
  type Case,
  ids,
  logEntry,
  outbox,
  silence,
  T0,
} from "./alert_store_contract_fixtures.ts";

/**
 * The silence, outbox and notification log cases, by test step name.
 *
 * @example
 * ```ts
 * const cases = { ...alertCases(), ...pruneCases(), ...outboxCases() };
 * ```
 */
export function outboxCases(): Record<string, Case> {
  return {
    "silences are saved, replaced by id and listed newest update first": async (alerts) => {
      const a = silence("a");
      const b = silence("b", {
        updatedAt: T0 + 1,
        matchers: [{ name: "x", type: "!=", value: "" }],
      });
      await alerts.saveSilence(a);
      await alerts.saveSilence(b);
      assertEquals(await alerts.silences(), [b, a]);
      const expired = { ...a, endsAt: T0 + 2, updatedAt: T0 + 2, comment: "done early" };
      await alerts.saveSilence(expired);
      assertEquals(await alerts.silence("a"), expired);
      assertEquals(await alerts.silences(), [expired, b]);
      assertEquals(await alerts.silence("nope"), null);
    },

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

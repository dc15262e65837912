/**
 * The alert storage contract (`store.alerts`): every case runs against each
 * backend, on a fresh, migrated store. The cases live in one file per concern
 * (alerts, outbox, prune); this file registers them in a fixed order.
 *
 * @module
 */
import { assert, assertEquals, assertRejects } from "./assert.ts";
import { STORE_OPERATIONS, type StoreOperation } from "../store/mod.ts";
import type { ContractLifecycle, OpenStore, StoreHandle } from "./store_contract.ts";
import {
  alert,
  type Case,
  logEntry,
  outbox,
  silence,
  T0,
} from "./alert_store_contract_fixtures.ts";
import { alertCases } from "./alert_store_contract_alerts.ts";
import { outboxCases } from "./alert_store_contract_outbox.ts";
import { pruneCases } from "./alert_store_contract_prune.ts";

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

// Step order is part of the contract run: alerts, then prune, then silences and outbox.
const cases: Record<string, Case> = { ...alertCases(), ...pruneCases(), ...outboxCases() };

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

import type { Logger } from "@logtape/logtape";
import { Gauge, type Registry } from "prom-client";
import type { Store } from "../../store/types.ts";
import { withTimeout } from "../health/timeout.ts";

/** The paper account as metrics show it. */
export interface PaperSnapshot {
  cash: number;
  /** Cash plus open positions at the latest stored close. */
  equity: number;
  openPositions: number;
}

/**
 * Reads the paper account from the store: the wallet, its open positions,
 * and each position's latest stored close (its entry price when none).
 * `null` before the account's wallet exists.
 *
 * @example
 * ```ts ignore
 * const paper = await paperSnapshot(store, "default"); // { cash, equity, openPositions }
 * ```
 */
export async function paperSnapshot(store: Store, account: string): Promise<PaperSnapshot | null> {
  const [wallet, positions] = await Promise.all([store.wallet(account), store.positions(account)]);
  if (!wallet) return null;
  let held = 0;
  for (const p of positions) {
    const [last] = await store.latestCandles(p, 1);
    held += p.qty * (last?.close ?? p.entryPrice);
  }
  return { cash: wallet.cash, equity: wallet.cash + held, openPositions: positions.length };
}

/**
 * Registers `paper_equity`, `paper_cash` and `paper_open_positions`
 * (label `account`), read from the store once per scrape within `timeoutMs`.
 *
 * @example
 * ```ts ignore
 * paperMetrics(registry, { store: () => store, account: "default", timeoutMs: 2_000, log });
 * ```
 */
export function paperMetrics(
  registry: Registry,
  options: {
    store: () => Promise<Store>;
    account: string;
    timeoutMs: number;
    log: Logger;
  },
): void {
  const registers = [registry];
  const labelNames = ["account"] as const;
  const equity = new Gauge({
    name: "paper_equity",
    help: "Paper account value: cash plus open positions at the latest close, quote currency.",
    labelNames,
    registers,
    collect: () => refresh(),
  });
  const cash = new Gauge({
    name: "paper_cash",
    help: "Paper account cash not in positions, quote currency.",
    labelNames,
    registers,
    collect: () => refresh(),
  });
  const open = new Gauge({
    name: "paper_open_positions",
    help: "Open paper positions.",
    labelNames,
    registers,
    collect: () => refresh(),
  });
  const account = options.account;
  let pending: Promise<void> | undefined;
  const refresh = () =>
    pending ??= (async () => {
      for (const g of [equity, cash, open]) g.reset();
      try {
        const snap = await withTimeout(
          options.store().then((s) => paperSnapshot(s, account)),
          options.timeoutMs,
          "paper account",
        );
        if (!snap) return;
        equity.set({ account }, snap.equity);
        cash.set({ account }, snap.cash);
        open.set({ account }, snap.openPositions);
      } catch (e) {
        options.log.warn("paper account unavailable for metrics: {error}", { error: String(e) });
      }
    })().finally(() => {
      pending = undefined;
    });
}

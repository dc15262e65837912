/**
 * The storage contract: every case runs against each backend, on a fresh,
 * unmigrated store from the backend's `open()`.
 *
 * @module
 */
import { assert, assertEquals, assertRejects } from "./assert.ts";
import type { Candle, Series } from "../messages/mod.ts";
import { type QueryHook, type Store, STORE_OPERATIONS, type StoreOperation } from "../store/mod.ts";
import {
  BTC,
  candle,
  type Case,
  ETH,
  MIN,
  order,
  position,
  signal,
  T0,
  trade,
  wallet,
  withStore,
} from "./store_contract_fixtures.ts";
import { tradingCases } from "./store_contract_trading.ts";

/**
 * A store and how to throw it away (close it and delete its data).
 *
 * @example
 * ```ts
 * const { store, dispose }: StoreHandle = await open();
 * ```
 */
export interface StoreHandle {
  store: Store;
  dispose(): Promise<void>;
}

/**
 * Opens a fresh, empty, unmigrated store.
 *
 * @example
 * ```ts
 * const open: OpenStore = async (hooks) => {
 *   const store = await openSqliteStore({ dataDir: await Deno.makeTempDir(), ...hooks });
 *   return { store, dispose: () => store.close() };
 * };
 * ```
 */
export type OpenStore = (hooks?: { onQuery?: QueryHook }) => Promise<StoreHandle>;

/**
 * Work around the whole contract run, e.g. creating and dropping a database.
 *
 * @example
 * ```ts
 * const lifecycle: ContractLifecycle = { setup: createDatabase, teardown: dropDatabase };
 * ```
 */
export interface ContractLifecycle {
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
}

const cases: Record<string, Case> = {
  "migrate applies every migration once and is a no-op the second time": async (open) => {
    const { store, dispose } = await open();
    try {
      const first = await store.migrate();
      assert(first.applied.length > 0, "a fresh store applies migrations");
      assertEquals(first.current, first.applied.at(-1));
      await store.upsertCandles([candle(BTC, 0)]);
      assertEquals(await store.migrate(), { applied: [], current: first.current });
      assertEquals(await store.candles(BTC), [candle(BTC, 0)], "a re-run keeps the data");
    } finally {
      await dispose();
    }
  },

  "upsertCandles overwrites a late correction without duplicating the candle": (open) =>
    withStore(open, async (store) => {
      await store.upsertCandles([candle(BTC, 0), candle(BTC, 1), candle(BTC, 2)]);
      // A redelivery, a late correction, and the same key twice in one batch (last wins).
      await store.upsertCandles([
        candle(BTC, 0),
        candle(BTC, 1, 250),
        candle(BTC, 2, 7),
        candle(BTC, 2, 8),
      ]);
      assertEquals(await store.candles(BTC), [
        candle(BTC, 0),
        candle(BTC, 1, 250),
        candle(BTC, 2, 8),
      ]);
      await store.upsertCandles([]);
      assertEquals((await store.candles(BTC)).length, 3);
    }),

  "series names with quotes, commas, braces and backslashes round-trip": (open) =>
    withStore(open, async (store) => {
      const odd: Series[] = [
        { exchange: 'we"ird', symbol: "A,B/{C}", timeframe: "1\\m" },
        { exchange: "ünï", symbol: "NULL", timeframe: " " },
        BTC,
      ];
      // Interleaved series, plus a repeated key, take the general batch path.
      const batch = [0, 1].flatMap((i) => odd.map((s) => candle(s, i)));
      await store.upsertCandles([...batch, candle(odd[0]!, 1, 99)]);
      assertEquals(await store.candles(odd[0]!), [candle(odd[0]!, 0), candle(odd[0]!, 1, 99)]);
      assertEquals(await store.candles(odd[1]!), [candle(odd[1]!, 0), candle(odd[1]!, 1)]);
      assertEquals(await store.latestCandles(BTC, 5), [candle(BTC, 0), candle(BTC, 1)]);
    }),

  "upsertCandles stores a batch larger than one statement in one call": (open) =>
    withStore(open, async (store) => {
      const batch = Array.from({ length: 20_500 }, (_, i) => candle(BTC, i));
      await store.upsertCandles(batch);
      const stored = await store.candles(BTC);
      assertEquals(stored.length, batch.length);
      assertEquals(stored.at(-1), batch.at(-1));
      assertEquals(stored[200], batch[200]);
    }),

  "candles filters an inclusive time range, limits and orders by open time": (open) =>
    withStore(open, async (store) => {
      await store.upsertCandles([
        ...Array.from({ length: 10 }, (_, i) => candle(BTC, i)),
        candle(ETH, 3),
      ]);
      const at = (...is: number[]) => is.map((i) => candle(BTC, i));
      assertEquals(
        await store.candles({ ...BTC, from: T0 + 2 * MIN, to: T0 + 5 * MIN }),
        at(2, 3, 4, 5),
      );
      assertEquals(await store.candles({ ...BTC, from: T0 + 2 * MIN, limit: 2 }), at(2, 3));
      assertEquals(
        await store.candles({ ...BTC, to: T0 + 5 * MIN, order: "desc", limit: 3 }),
        at(5, 4, 3),
      );
      assertEquals(
        await store.candles({ ...BTC, order: "desc" }),
        at(9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
      );
      assertEquals(await store.candles({ ...ETH, timeframe: "5m" }), []);
      await assertRejects(
        () => store.candles({ ...BTC, limit: 0 }),
        "limit must be a positive integer, got 0",
      );
    }),

  "latestCandles returns the newest n candles oldest first": (open) =>
    withStore(open, async (store) => {
      await store.upsertCandles([5, 1, 3, 2, 4].map((i) => candle(BTC, i)));
      await store.upsertCandles([candle(ETH, 9)]);
      assertEquals(await store.latestCandles(BTC, 3), [3, 4, 5].map((i) => candle(BTC, i)));
      assertEquals((await store.latestCandles(BTC, 50)).length, 5);
      assertEquals(await store.latestCandles({ ...BTC, symbol: "NOPE/USDT" }, 3), []);
    }),

  "lastCandleTime is null for an empty series and the newest open time otherwise": (open) =>
    withStore(open, async (store) => {
      assertEquals(await store.lastCandleTime(BTC), null);
      await store.upsertCandles([candle(BTC, 4), candle(BTC, 7), candle(ETH, 9)]);
      assertEquals(await store.lastCandleTime(BTC), T0 + 7 * MIN);
      assertEquals(await store.lastCandleTime(ETH), T0 + 9 * MIN);
    }),

  "deleteCandlesBefore removes only older candles of every series and counts them": (open) =>
    withStore(open, async (store) => {
      await store.upsertCandles([0, 1, 2, 3].flatMap((i) => [candle(BTC, i), candle(ETH, i)]));
      assertEquals(await store.deleteCandlesBefore(T0 + 2 * MIN), 4);
      assertEquals(await store.candles(BTC), [candle(BTC, 2), candle(BTC, 3)]);
      assertEquals(await store.candles(ETH), [candle(ETH, 2), candle(ETH, 3)]);
      assertEquals(await store.deleteCandlesBefore(T0 + 2 * MIN), 0);
    }),

  "insertSignal stores a signal once and reports a redelivery as false": (open) =>
    withStore(open, async (store) => {
      assertEquals(await store.insertSignal(signal("rsi", BTC, 1)), true);
      assertEquals(await store.insertSignal({ ...signal("rsi", BTC, 1), reason: "again" }), false);
      assertEquals(
        await store.insertSignal(signal("macd", BTC, 1)),
        true,
        "another strategy is another key",
      );
      const stored = await store.signals({ strategy: "rsi" });
      assertEquals(stored.length, 1);
      const { id, ...rest } = stored[0]!;
      assertEquals(typeof id, "number");
      assertEquals(rest, signal("rsi", BTC, 1));
    }),

  "signals pages newest first with a keyset cursor and filters by symbol, strategy and since": (
    open,
  ) =>
    withStore(open, async (store) => {
      // Three signals share every open time, so the cursor must break ties by id.
      for (let i = 0; i < 5; i++) {
        for (const s of [signal("rsi", BTC, i), signal("rsi", ETH, i), signal("macd", BTC, i)]) {
          assert(await store.insertSignal(s));
        }
      }
      const all = await store.signals({ limit: 100 });
      assertEquals(all.length, 15);
      const pages = [];
      let page = await store.signals({ limit: 4 });
      while (page.length > 0) {
        pages.push(...page);
        page = await store.signals({ limit: 4, before: page.at(-1) });
      }
      assertEquals(pages, all, "pages concatenate to the full list, no gaps or repeats");
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [all[i - 1]!, all[i]!];
        assert(
          a.openTime > b.openTime || (a.openTime === b.openTime && a.id > b.id),
          "newest first",
        );
      }
      assertEquals((await store.signals({ symbol: "ETH/USDT" })).length, 5);
      assertEquals(
        (await store.signals({ strategy: "macd", since: T0 + 3 * MIN })).map((s) => s.openTime),
        [
          T0 + 4 * MIN,
          T0 + 3 * MIN,
        ],
      );
      assertEquals(
        (await store.signals({ symbol: "BTC/USDT", strategy: "rsi", limit: 2 })).length,
        2,
      );
    }),

  "numbers come back as numbers, exactly as stored": (open) =>
    withStore(open, async (store) => {
      const odd: Candle = {
        ...BTC,
        openTime: 4_102_444_800_000,
        open: 0.1 + 0.2,
        high: 123456789.123456,
        low: 1e-8,
        close: 0.30000000000000004,
        volume: 0,
      };
      await store.upsertCandles([odd]);
      const [back] = await store.candles(BTC);
      assertEquals(back, odd);
      for (
        const k of ["openTime", "open", "high", "low", "close", "volume"] as const
      ) assertEquals(typeof back![k], "number");
      assertEquals(await store.lastCandleTime(BTC), odd.openTime);

      const s = {
        ...signal("rsi", BTC, 0),
        strength: 1 / 3,
        indicators: { rsi: 1 / 7, macd: -0.000123, warm: null },
      };
      await store.insertSignal(s);
      const [stored] = await store.signals();
      assertEquals({ ...stored, id: 0 }, { ...s, id: 0 });

      const w = {
        account: "x",
        cash: 1 / 3,
        startingBalance: 1000.1,
        updatedAt: 4_102_444_800_123,
      };
      await store.saveWallet(w);
      assertEquals(await store.wallet("x"), w);
      const p = position("p1", {
        qty: 0.00012345,
        stopLoss: null,
        trailingStop: null,
        takeProfit: 1e6 + 0.5,
      });
      await store.openPosition(p);
      assertEquals(await store.positions(), [p]);
      const t = trade("t1", { pnl: -1 / 3, pnlPct: -0.0033333333333333335 });
      await store.closePosition("p1", t);
      assertEquals(await store.trades(), [t]);
    }),
  ...tradingCases(),
};

/** Every case gets its own store, so reported operations are this case's only. */
async function reportsEveryOperation(open: OpenStore): Promise<void> {
  const seen = new Map<StoreOperation, number[]>();
  const { store, dispose } = await open({
    onQuery: (operation, seconds) => seen.set(operation, [...(seen.get(operation) ?? []), seconds]),
  });
  try {
    await store.migrate();
    await store.ping();
    await store.upsertCandles([candle(BTC, 0)]);
    await store.candles(BTC);
    await store.latestCandles(BTC, 1);
    await store.lastCandleTime(BTC);
    await store.deleteCandlesBefore(T0);
    await store.insertSignal(signal("rsi", BTC, 0));
    await store.signals();
    await store.saveWallet(wallet(1));
    await store.wallet("default");
    await store.insertOrder(order("o1", "p1", "buy", T0));
    await store.orders();
    await store.openPosition(position("p1"));
    await store.updatePosition(position("p1"));
    await store.positions();
    await store.closePosition("p1", trade("t1"));
    await store.trades();
    await store.applyPaperFill({
      order: order("o2", "p2", "buy", T0),
      wallet: wallet(2),
      open: position("p2"),
    });
    await store.applyTrading([{ signal: signal("rsi", BTC, 1) }]);
    await store.tradingProgress("default", BTC);
    await store.unpublishedSignals("default");
    // A failing call is reported too.
    await assertRejects(() => store.closePosition("nope", trade("t2")));
  } finally {
    await dispose();
  }
  // store.alerts operations are proven by tests/alert_store_contract.ts.
  const own = STORE_OPERATIONS.filter((op) => !op.startsWith("alerts."));
  assertEquals([...seen.keys()].sort(), own.sort());
  assertEquals(seen.get("positions.close")?.length, 2);
  for (const [operation, times] of seen) {
    assert(times.every((s) => s >= 0 && s < 60), `${operation} reported ${times}`);
  }
}

/**
 * Registers one test per backend with one step per contract case.
 *
 * @example
 * ```ts
 * runStoreContract("sqlite", async () => {
 *   const dir = await Deno.makeTempDir();
 *   const store = await openSqliteStore({ dataDir: dir });
 *   return { store, dispose: async () => { await store.close(); await Deno.remove(dir, { recursive: true }); } };
 * });
 * ```
 */
export function runStoreContract(
  name: string,
  open: OpenStore,
  lifecycle: ContractLifecycle = {},
): void {
  Deno.test(`${name} store honours the storage contract`, async (t) => {
    await lifecycle.setup?.();
    try {
      for (const [caseName, run] of Object.entries(cases)) {
        await t.step(caseName, () => run(open));
      }
      await t.step(
        "every operation reports its duration to onQuery under a stable name",
        () => reportsEveryOperation(open),
      );
    } finally {
      await lifecycle.teardown?.();
    }
  });
}

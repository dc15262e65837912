/**
 * Paper-trading cases of the storage contract: fills, the desk's batches
 * (`applyTrading`), progress and published marks, and all-or-nothing writes.
 *
 * @module
 */
import { assert, assertEquals, assertRejects } from "./assert.ts";
import type { Series } from "../messages/mod.ts";
import { PositionNotOpenError, type TradingWrite } from "../store/mod.ts";
import {
  BTC,
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

/**
 * The paper-trading cases, by name.
 *
 * @example
 * ```ts ignore
 * const cases = { ...tradingCases() };
 * ```
 */
export function tradingCases(): Record<string, Case> {
  return {
    "paper fills open, update and close a position keeping orders, positions, trades and wallet consistent":
      (open) =>
        withStore(open, async (store) => {
          await store.saveWallet(wallet(1000));
          const opened = {
            order: order("o1", "p1", "buy", T0),
            wallet: wallet(949.95),
            open: position("p1"),
          };
          assertEquals(await store.applyPaperFill(opened), true);
          assertEquals(
            await store.applyPaperFill(opened),
            false,
            "a redelivered fill changes nothing",
          );
          assertEquals(await store.positions("default"), [position("p1")]);
          assertEquals(await store.wallet("default"), wallet(949.95));

          const raised = position("p1", { highWater: 108, stopLoss: 104 });
          await store.updatePosition(raised);
          assertEquals(await store.positions(), [raised]);

          const closed = {
            order: order("o2", "p1", "sell", T0 + 10 * MIN),
            wallet: wallet(1004.85, T0 + 10 * MIN),
            close: { positionId: "p1", trade: trade("t1") },
          };
          assertEquals(await store.applyPaperFill(closed), true);
          assertEquals(await store.positions(), []);
          assertEquals(await store.trades({ account: "default" }), [trade("t1")]);
          assertEquals(await store.wallet("default"), wallet(1004.85, T0 + 10 * MIN));
          assertEquals((await store.orders({ account: "default" })).map((o) => o.id), ["o2", "o1"]);
          assertEquals(await store.orders({ strategy: "rsi", since: T0 + MIN }), [
            order("o2", "p1", "sell", T0 + 10 * MIN),
          ]);
          assertEquals(await store.wallet("nobody"), null);

          // The standalone methods follow the same rules.
          assertEquals(await store.insertOrder(order("o3", "p2", "buy", T0 + 20 * MIN)), true);
          assertEquals(await store.insertOrder(order("o3", "p2", "buy", T0 + 20 * MIN)), false);
          await store.openPosition(position("p2", { entryTime: T0 + 20 * MIN }));
          await store.closePosition(
            "p2",
            trade("t2", { exitTime: T0 + 30 * MIN, exitReason: "stop_loss" }),
          );
          assertEquals(
            (await store.trades({ strategy: "rsi", since: T0 + 15 * MIN })).map((t) => t.id),
            ["t2"],
          );
          assertEquals((await store.trades({ limit: 1 })).map((t) => t.id), ["t2"]);
          const [newest] = await store.trades({ limit: 1 });
          assertEquals(
            (await store.trades({ before: newest })).map((t) => t.id),
            ["t1"],
            "the page after a keyset cursor",
          );
        }),

    "applyTrading writes a batch in order, all or nothing, and marks progress": (open) =>
      withStore(open, async (store) => {
        await store.saveWallet(wallet(1000));
        assertEquals(await store.tradingProgress("default", BTC), null);
        const opened = {
          order: order("o1", "p1", "buy", T0),
          wallet: wallet(950),
          open: position("p1"),
        };
        const raised = position("p1", { highWater: 108, stopLoss: 104 });
        const mark = (openTime: number) => ({
          progress: { account: "default", series: BTC, openTime },
        });
        assertEquals(
          await store.applyTrading([
            { signal: signal("rsi", BTC, 0) },
            { fill: opened },
            { position: raised },
            { signal: signal("rsi", BTC, 1) },
            mark(T0 + MIN),
          ]),
          [true, true],
        );
        assertEquals(await store.positions(), [raised]);
        assertEquals(await store.wallet("default"), wallet(950));
        assertEquals(await store.tradingProgress("default", BTC), T0 + MIN);
        assertEquals(await store.tradingProgress("default", ETH), null);

        // A batch repeating a stored fill writes nothing, not even its new signal or mark.
        assertEquals(
          await store.applyTrading([
            { signal: signal("rsi", BTC, 2) },
            { fill: opened },
            mark(T0 + 9 * MIN),
          ]),
          null,
        );
        assertEquals((await store.signals()).length, 2);
        assertEquals(await store.tradingProgress("default", BTC), T0 + MIN);

        // A failing write rolls the whole batch back; a lower mark never lowers it.
        await assertRejects(() =>
          store.applyTrading([{ signal: signal("rsi", BTC, 3) }, { position: position("nope") }])
        );
        assertEquals((await store.signals()).length, 2);
        assertEquals(await store.applyTrading([{ signal: signal("rsi", BTC, 1) }, mark(T0)]), [
          false,
        ]);
        assertEquals(await store.tradingProgress("default", BTC), T0 + MIN);

        // Several fills in one batch: the wallet ends as the last one left it.
        const closed = {
          order: order("o2", "p1", "sell", T0 + 2 * MIN),
          wallet: wallet(1004, T0 + 2 * MIN),
          close: { positionId: "p1", trade: trade("t1") },
        };
        const reopened = {
          order: order("o3", "p2", "buy", T0 + 3 * MIN),
          wallet: wallet(954, T0 + 3 * MIN),
          open: position("p2"),
        };
        assertEquals(await store.applyTrading([{ fill: closed }, { fill: reopened }]), []);
        assertEquals(await store.wallet("default"), wallet(954, T0 + 3 * MIN));
        assertEquals(await store.positions(), [position("p2")]);
        assertEquals(await store.trades(), [trade("t1")]);
      }),

    "signals past a series' published mark are handed back, oldest first, until the mark passes them":
      (open) =>
        withStore(open, async (store) => {
          const mark = (kind: "progress" | "published", series: Series, i: number) =>
            ({ [kind]: { account: "default", series, openTime: T0 + i * MIN } }) as TradingWrite;
          await store.applyTrading([
            { signal: signal("rsi", BTC, 1) },
            { signal: signal("ema", BTC, 1) },
            { signal: signal("rsi", BTC, 2) },
            mark("progress", BTC, 2),
            { signal: signal("rsi", ETH, 2) },
            mark("progress", ETH, 2),
          ]);
          // Nothing published yet: every stored signal of the account's series, as stored.
          assertEquals(await store.unpublishedSignals("default"), [
            signal("rsi", BTC, 1),
            signal("ema", BTC, 1),
            signal("rsi", BTC, 2),
            signal("rsi", ETH, 2),
          ]);
          assertEquals(await store.unpublishedSignals("another account"), []);

          await store.applyTrading([mark("published", BTC, 1), mark("published", ETH, 2)]);
          assertEquals(await store.unpublishedSignals("default"), [signal("rsi", BTC, 2)]);
          // A lower mark (an older batch's, late) never lowers it.
          await store.applyTrading([mark("published", BTC, 0)]);
          assertEquals(await store.unpublishedSignals("default"), [signal("rsi", BTC, 2)]);
          await store.applyTrading([mark("published", BTC, 2)]);
          assertEquals(await store.unpublishedSignals("default"), []);
        }),

    "applyTrading tells, in order, which signals of a long batch were new, a repeat within it included":
      (open) =>
        withStore(open, async (store) => {
          await store.applyTrading([0, 5, 7].map((i) => ({ signal: signal("rsi", BTC, i) })));
          const batch = Array.from(
            { length: 150 },
            (_, i) => signal(i % 2 ? "ema" : "rsi", BTC, i),
          );
          batch.splice(100, 0, signal("ema", BTC, 99)); // already in this batch, at 99
          const fresh = await store.applyTrading(batch.map((s) => ({ signal: s })));
          // Stored before: rsi at 0 (in the batch again); rsi at 5 and 7 (the batch has ema there).
          const expected = batch.map((s, i) =>
            !(s.strategy === "rsi" && s.openTime === T0) && i !== 100
          );
          assertEquals(fresh, expected);
          assertEquals(expected.filter((f) => !f).length, 2);
          assertEquals((await store.signals({ limit: 1_000 })).length, 3 + 149);
        }),

    "a failing step inside a paper fill or close leaves nothing half-written": (open) =>
      withStore(open, async (store) => {
        const start = {
          order: order("o1", "p1", "buy", T0),
          wallet: wallet(949.95),
          open: position("p1"),
        };
        assert(await store.applyPaperFill(start));
        const snapshot = async () => ({
          orders: await store.orders(),
          positions: await store.positions(),
          trades: await store.trades(),
          wallet: await store.wallet("default"),
        });
        const before = await snapshot();

        // Opening p1 again violates its primary key after the order was already written.
        await assertRejects(() =>
          store.applyPaperFill({
            order: order("o2", "p1", "buy", T0 + MIN),
            wallet: wallet(1),
            open: position("p1"),
          })
        );
        assertEquals(await snapshot(), before);

        // The trade violates a CHECK after the position was already deleted.
        const badTrade = trade("t1", { qty: 0 });
        await assertRejects(() =>
          store.applyPaperFill({
            order: order("o3", "p1", "sell", T0 + 2 * MIN),
            wallet: wallet(2),
            close: { positionId: "p1", trade: badTrade },
          })
        );
        await assertRejects(() => store.closePosition("p1", badTrade));
        assertEquals(await snapshot(), before);

        const missing = await assertRejects(() =>
          store.applyPaperFill({
            order: order("o4", "p9", "sell", T0 + 3 * MIN),
            wallet: wallet(3),
            close: { positionId: "p9", trade: trade("t9") },
          }), 'no open position with id "p9"');
        assert(missing instanceof PositionNotOpenError);
        await assertRejects(() => store.updatePosition(position("p9")), "updatePosition");
        assertEquals(await snapshot(), before);

        // The failed order ids were not recorded, so a corrected retry goes through.
        assert(
          await store.applyPaperFill({
            order: order("o2", "p2", "buy", T0 + MIN),
            wallet: wallet(899.9),
            open: position("p2"),
          }),
        );
        assertEquals((await store.positions()).length, 2);
      }),
  };
}

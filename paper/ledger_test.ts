import { assertEquals, assertThrows } from "../tests/assert.ts";
import { bar, exactConfig, sig } from "./_test_support.ts";
import { onCandle, onSignal } from "./engine.ts";
import { applyFill, applyUpdate, emptyLedger } from "./ledger.ts";
import { createPaperState } from "./state.ts";

function roundTrip() {
  let state = createPaperState(exactConfig());
  state = onCandle(state, bar(0, { open: 128 })).state;
  state = onSignal(state, sig(0, "buy"));
  const entry = onCandle(state, bar(1, { open: 128, close: 140 }));
  state = onSignal(entry.state, sig(1, "sell"));
  const exit = onCandle(state, bar(2, { open: 256 }));
  return { entry, exit };
}

Deno.test("the ledger records a fill once and ignores it when redelivered, like the store", () => {
  const { entry, exit } = roundTrip();
  const first = applyFill(emptyLedger(), entry.fills[0]!);
  assertEquals(first.applied, true);
  assertEquals(first.ledger.positions, [entry.fills[0]!.open!]);
  assertEquals(first.ledger.wallet, entry.fills[0]!.wallet);
  const again = applyFill(first.ledger, entry.fills[0]!);
  assertEquals(again, { ledger: first.ledger, applied: false });
  const raised = applyUpdate(first.ledger, entry.updates[0]!);
  assertEquals(raised.positions.map((p) => p.highWater), [140]);
  const closed = applyFill(raised, exit.fills[0]!).ledger;
  assertEquals(closed.positions, []);
  assertEquals(closed.trades, [exit.fills[0]!.close!.trade]);
  assertEquals(closed.orders.map((o) => o.id), [entry.fills[0]!.order.id, exit.fills[0]!.order.id]);
  assertEquals(closed.wallet, exit.state.wallet);
});

Deno.test("the ledger refuses to close or update a position that is not open", () => {
  const { entry, exit } = roundTrip();
  assertThrows(() => applyFill(emptyLedger(), exit.fills[0]!), "no open position with id");
  assertThrows(() => applyUpdate(emptyLedger(), entry.updates[0]!), "no open position with id");
});

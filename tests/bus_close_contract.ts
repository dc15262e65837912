/**
 * Closing a subscription from inside its own handler, the way an actor that
 * finishes its work stops (`ctx.finish()` closes its subscriptions): the
 * message being handled counts as handled. Every transport runs it next to
 * `runBusContract` with the same fixture.
 *
 * @module
 */
import type { Subscription } from "../bus/types.ts";
import { assertEquals } from "./assert.ts";
import { candle, contractTest, type MakeFixture, Progress, seqOf } from "./bus_contract_support.ts";

/** Registers the close contract's tests, each named "<name> bus ...". */
export function runCloseContract(name: string, makeFixture: MakeFixture): void {
  const test = contractTest(name, makeFixture);

  test("acknowledges the message whose handler closed its own subscription", async (f) => {
    const first = await f.open();
    const closed = Promise.withResolvers<void>();
    const sub: Subscription = await first.subscribe({
      group: "g",
      topics: ["candle"],
      // Synchronously, during the first delivery: the hardest moment.
      handler: () => void sub.close().then(closed.resolve, closed.reject),
    });
    await first.publish(candle("k", 0));
    await closed.promise;
    await first.publish(candle("k", 1));

    const second = await f.open();
    const progress = new Progress();
    const seen: number[] = [];
    await second.subscribe({
      group: "g",
      topics: ["candle"],
      handler: (m) => {
        seen.push(seqOf(m));
        progress.bump();
      },
    });
    await progress.until(() => seen.includes(1), "the next consumer got the next message");
    assertEquals(seen, [1], "the first message is not handed to the next consumer again");
  });
}

/**
 * The outage part of the {@linkcode Bus} contract: a handler failing with a
 * `RetryableError` (storage unreachable, a peer's 503) is held, not charged.
 * Every transport runs it next to `runBusContract` with the same fixture.
 *
 * @module
 */
import type { Message } from "../messages/mod.ts";
import { RetryableError } from "../lib/errors.ts";
import { StoreConnectionError } from "../store/mod.ts";
import { assertEquals } from "./assert.ts";
import { candle, contractTest, type MakeFixture, Progress, seqOf } from "./bus_contract_support.ts";

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Registers the outage contract's tests, each named "<name> bus ...". */
export function runHoldContract(name: string, makeFixture: MakeFixture): void {
  const test = contractTest(name, makeFixture);

  test("holds a message through transient failures without spending its attempts", async (f) => {
    const bus = await f.open();
    const progress = new Progress();
    const calls: [number, number][] = [];
    let outage = 8; // more failures than maxAttempts allows
    await bus.subscribe({
      group: "g",
      topics: ["candle"],
      maxAttempts: 3,
      handler: (m, info) => {
        calls.push([seqOf(m), info.attempt]);
        progress.bump();
        if (seqOf(m) === 0 && outage-- > 0) {
          throw new StoreConnectionError("postgres://ct:***@db:5432/ct", new Error("ECONNREFUSED"));
        }
      },
    });
    for (const seq of range(3)) await bus.publish(candle("k", seq));
    await progress.until(() => calls.some(([s]) => s === 2), "the last message was handled");
    assertEquals(calls.filter(([s]) => s === 0).length, 9, "8 transient failures, then success");
    assertEquals(calls.map(([s]) => s).filter((s) => s !== 0), [1, 2], "the key waited behind it");
    assertEquals(new Set(calls.map(([, attempt]) => attempt)), new Set([1]), "no attempt spent");
    assertEquals(await bus.deadLetters(10), []);
  });

  test("a transient failure after real ones still spends only the real ones", async (f) => {
    const bus = await f.open();
    const progress = new Progress();
    const attempts: number[] = [];
    let n = 0;
    await bus.subscribe({
      group: "g",
      topics: ["candle"],
      maxAttempts: 2,
      handler: (_m, info) => {
        attempts.push(info.attempt);
        progress.bump();
        n++;
        if (n === 1) throw new Error("bad data");
        if (n <= 4) throw new RetryableError("peer answered 503");
      },
    });
    await bus.publish(candle("k", 0));
    await progress.until(() => n === 5, "five calls");
    assertEquals(attempts, [1, 2, 2, 2, 2]);
    assertEquals(await bus.deadLetters(10), []);
  });

  test("a consumer closing while it holds a message leaves it to the next one", async (f) => {
    const first = await f.open();
    const held = new Progress();
    let tries = 0;
    const sub = await first.subscribe({
      group: "g",
      topics: ["candle"],
      handler: () => {
        tries++;
        held.bump();
        throw new RetryableError("storage unreachable");
      },
    });
    await first.publish(candle("k", 0));
    await held.until(() => tries >= 2, "the message is held");
    await sub.close();
    const second = await f.open();
    const got: Message[] = [];
    const progress = new Progress();
    await second.subscribe({
      group: "g",
      topics: ["candle"],
      handler: (m) => {
        got.push(m);
        progress.bump();
      },
    });
    await progress.until(() => got.length === 1, "the next consumer handled it");
    assertEquals(seqOf(got[0]!), 0);
    assertEquals(await second.deadLetters(10), []);
  });
}

/**
 * What the bus contract suites share: the fixture a transport provides, the
 * test messages, and ways to record and wait on deliveries.
 *
 * @module
 */
import { createMessage, type Message, type Topic } from "../messages/mod.ts";
import type { Bus, DeliveryInfo, MailboxPolicy } from "../bus/types.ts";

/** What a transport provides to run the contract against it. */
export interface BusFixture {
  /** Opens another Bus on the same transport (same broker / same Redis prefix). */
  open(): Promise<Bus>;
  /** Pushes an unvalidated value onto the wire for `topic`, bypassing publish-side checks. */
  injectRaw(topic: Topic, key: string, raw: unknown): Promise<void>;
  /** Kills a bus abruptly, as a crashed process would: no acks, no lease release, no graceful close. */
  kill(bus: Bus): Promise<void>;
  /** Closes everything and deletes all state the fixture made. */
  dispose(): Promise<void>;
}

/** Makes a fresh, isolated fixture, optionally with mailbox policy overrides. */
export type MakeFixture = (
  policies?: Partial<Record<Topic, MailboxPolicy>>,
) => Promise<BusFixture>;

/** Upper bound of every wait in the suite; waits end as soon as their condition holds. */
const DEADLINE_MS = 20_000;

/** A candle message whose sequence number is recoverable from its `openTime`. */
export function candle(key: string, seq: number, type: "candle" | "tick" = "candle"): Message {
  return createMessage(type, {
    exchange: "test",
    symbol: key,
    timeframe: "1m",
    openTime: seq * 60_000,
    open: 1,
    high: 2,
    low: 0.5,
    close: 1.5,
    volume: seq,
  }, { source: "contract", key, now: seq, id: `${type}:${key}:${seq}` });
}

/** The sequence number {@linkcode candle} encoded. */
export function seqOf(m: Message): number {
  return "openTime" in m.payload && typeof m.payload.openTime === "number"
    ? m.payload.openTime / 60_000
    : -1;
}

/**
 * Resolves once `condition` holds, re-checking whenever {@linkcode Progress.bump}
 * is called and every 25 ms (for conditions on remote state); rejects with
 * `what` at the deadline.
 */
export class Progress {
  #waiters = new Set<() => void>();

  /** Signals that something the waiters look at changed. */
  bump(): void {
    for (const w of this.#waiters) w();
  }

  /** Waits for `condition` (sync or async) to hold, at most `timeoutMs`. */
  async until(
    condition: () => boolean | Promise<boolean>,
    what: string,
    timeoutMs = DEADLINE_MS,
  ): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!(await condition())) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(25, left));
        this.#waiters.add(done);
      });
    }
  }
}

/** A handler log: every call as (message, info), plus waiting on it. */
export class Recorder {
  readonly calls: { message: Message; info: DeliveryInfo }[] = [];
  readonly progress = new Progress();

  record(message: Message, info: DeliveryInfo): void {
    this.calls.push({ message, info });
    this.progress.bump();
  }

  ids(): Set<string> {
    return new Set(this.calls.map((c) => c.message.id));
  }

  seqs(key: string): number[] {
    return this.calls.filter((c) => c.message.key === key).map((c) => seqOf(c.message));
  }
}

export function range(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

async function withFixture(
  makeFixture: MakeFixture,
  policies: Partial<Record<Topic, MailboxPolicy>> | undefined,
  body: (f: BusFixture) => Promise<void>,
): Promise<void> {
  const f = await makeFixture(policies);
  try {
    await body(f);
  } finally {
    await f.dispose();
  }
}

/** A contract test on a fresh fixture, optionally with mailbox policies. */
export type ContractTest = (
  title: string,
  body: (f: BusFixture) => Promise<void>,
  policies?: Partial<Record<Topic, MailboxPolicy>>,
) => void;

/**
 * Registers contract tests named "<name> bus <title>", each on a fixture of
 * its own that it disposes of.
 */
export function contractTest(name: string, makeFixture: MakeFixture): ContractTest {
  return (title, body, policies) =>
    Deno.test(`${name} bus ${title}`, () => withFixture(makeFixture, policies, body));
}

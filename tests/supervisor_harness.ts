/**
 * Builds supervisors over the real in-process bus and real workers/processes
 * for the runtime tests.
 */
import { getLogger } from "@logtape/logtape";
import type { Bus } from "../bus/types.ts";
import {
  createInProcessBus,
  type InProcessTransport,
  type PortBus,
} from "../bus/in_process/mod.ts";
import { validateConfig } from "../config/mod.ts";
import { type Analysis, type Candle, createMessage, type Message } from "../messages/mod.ts";
import type { ChildSpec } from "../supervisor/mod.ts";
import { Supervisor, type SupervisorAlert, type SupervisorOptions } from "../supervisor/mod.ts";
import { assert } from "./assert.ts";

/** A child spec for a test actor module under tests/fixtures/actors. */
export function fixtureSpec(file: string, overrides: Partial<ChildSpec> = {}): ChildSpec {
  return {
    id: file.replace(/\.ts.*$/, ""),
    module: new URL(`./fixtures/actors/${file}`, import.meta.url),
    restart: "permanent",
    isolation: "worker",
    shutdownMs: 3_000,
    maxHeapBytes: 512e6,
    consumes: ["candle"],
    ...overrides,
  };
}

/** A running test system: supervisor, transport, a client bus, what it saw. */
export interface Harness {
  supervisor: Supervisor;
  transport: InProcessTransport;
  bus: PortBus;
  alerts: SupervisorAlert[];
  restarts: { actor: string; reason: string; delayMs: number; at: number }[];
  close(): Promise<void>;
}

/**
 * Supervisor options with quick test timings (heartbeats every 200 ms, no
 * transport: Redis), `overrides` replacing any of them.
 */
export function testSupervisorOptions(
  specs: ChildSpec[],
  overrides: Partial<SupervisorOptions> = {},
): SupervisorOptions {
  const now = Date.now();
  return {
    specs,
    strategy: "one_for_one",
    intensity: 50,
    periodMs: 30_000,
    backoff: { initialMs: 50, maxMs: 2_000 },
    onEscalation: "degrade",
    heartbeatIntervalMs: 200,
    heartbeatTimeoutMs: 1_500,
    config: validateConfig({ log: { level: "error" } }),
    clock: { start: now, realStart: now, speed: 1 },
    log: getLogger(["ct", "test", "supervisor"]),
    ...overrides,
  };
}

/** Starts a supervisor over `specs` with quick timings, on the in-process bus. */
export async function startHarness(
  specs: ChildSpec[],
  overrides: Partial<SupervisorOptions> = {},
): Promise<Harness> {
  const transport = createInProcessBus();
  const bus = transport.connect();
  const alerts: SupervisorAlert[] = [];
  const restarts: Harness["restarts"] = [];
  const supervisor = new Supervisor(testSupervisorOptions(specs, {
    transport,
    alert: (a) => alerts.push(a),
    onRestart: (actor, reason, delayMs) =>
      restarts.push({ actor, reason, delayMs, at: Date.now() }),
    ...overrides,
  }));
  await supervisor.start();
  return {
    supervisor,
    transport,
    bus,
    alerts,
    restarts,
    async close() {
      await supervisor.stop();
      await bus.close();
    },
  };
}

/** The n-th test candle of series `s`. */
export function candleMessage(s: number, n: number): Message {
  const candle: Candle = {
    exchange: "test",
    symbol: `S${s}/USDT`,
    timeframe: "1m",
    openTime: n * 60_000,
    open: 100,
    high: 101,
    low: 99,
    close: 100.5,
    volume: 1,
  };
  return createMessage("candle", candle, {
    source: "test",
    key: `test:S${s}/USDT:1m`,
    now: Date.now(),
    id: `c:${s}:${n}`,
  });
}

/** Collects analyses (the relay's output) by id, keeping per-key arrival order. */
export async function collectAnalyses(bus: Bus) {
  const ids = new Set<string>();
  const byKey = new Map<string, number[]>();
  let deliveries = 0;
  const sub = await bus.subscribe({
    group: "test-sink",
    topics: ["analysis"],
    handler: (m) => {
      deliveries++;
      ids.add(m.id);
      const seq = (m.payload as Analysis).openTime;
      const list = byKey.get(m.key) ?? [];
      list.push(seq);
      byKey.set(m.key, list);
    },
  });
  return {
    ids,
    byKey,
    get deliveries() {
      return deliveries;
    },
    sub,
  };
}

/** Polls `predicate` (which may ask storage or an API) until it holds, failing after `ms`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const until = Date.now() + ms;
  while (!await predicate()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Per-key order under at-least-once delivery: a redelivery may repeat items
 * already seen, but the first arrivals of new items are strictly increasing.
 */
export function firstArrivalsInOrder(seqs: readonly number[]): boolean {
  let max = -Infinity;
  const seen = new Set<number>();
  for (const s of seqs) {
    if (seen.has(s)) continue;
    if (s < max) return false;
    seen.add(s);
    max = s;
  }
  return true;
}

/**
 * Publishes `total` candles of one key on `bus` to the actor `relay` (a
 * `relay.ts?slowMs=…`, slow enough to fall behind) and checks what its
 * status says, as the API and the status line show it: a mailbox above 0
 * while it catches up, then every candle in, every analysis out, and an
 * empty mailbox.
 */
export async function checkRelayStatus(
  supervisor: Supervisor,
  bus: Bus,
  total: number,
): Promise<void> {
  const relay = () => supervisor.status().find((s) => s.id === "relay")!;
  const sink = await collectAnalyses(bus);
  try {
    for (let n = 0; n < total; n++) await bus.publish(candleMessage(0, n));
    let deepest = 0;
    await waitFor(
      () => {
        deepest = Math.max(deepest, relay().mailbox);
        return sink.ids.size === total;
      },
      60_000,
      `${total} analyses`,
    );
    assert(deepest > 0, `the mailbox never showed the relay behind: ${JSON.stringify(relay())}`);
    await waitFor(
      () => {
        const s = relay();
        return s.messagesIn >= total && s.messagesOut >= total && s.mailbox === 0;
      },
      5_000,
      "the relay's heartbeat to count everything",
    ).catch((e) => {
      throw new Error(`${e.message}; its status: ${JSON.stringify(relay())}`);
    });
  } finally {
    await sink.sub.close();
  }
}

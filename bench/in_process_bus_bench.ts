/**
 * In-process actor runtime: throughput and latency between two Web Worker
 * actors over the in-process bus (producer actor → main-thread broker →
 * consumer actor, each message validated on entry), against raw
 * `postMessage` between two plain workers in the same run.
 *
 * Each slow bench's iteration starts its own workers, runs an untimed
 * warm-up round, then times one round and prints its figure on a line
 * starting with `FIGURE`. Rates are end to end: from the producer's first
 * send to the consumer's last message handled, by stamps comparable across
 * workers (`performance.timeOrigin + performance.now()`).
 *
 * Run: `deno bench -A bench/in_process_bus_bench.ts`
 */
import { parseMessage } from "../messages/mod.ts";
import { benchCandle, type RoundReport, throughput } from "./fixtures/bench_messages.ts";
import { type BusSystem, startBusSystem } from "./fixtures/bus_system.ts";
import type { ProduceCommand } from "./fixtures/bus_producer.ts";
import { type RawRound, type RawSystem, startRawSystem } from "./fixtures/raw_system.ts";
import { wallNow } from "./fixtures/timing.ts";

const UNBATCHED = 100_000;
const BATCHED = 200_000;
const WARMUP = 20_000;
const RATE = 10_000;
const RATE_MS = 2_000;

let calls = 0;

function rate(r: RoundReport): string {
  return `${Math.round(throughput(r)).toLocaleString("en-US")} msgs/s`;
}

function latency(r: RoundReport): string {
  return `p50 ${r.p50Us.toFixed(0)} µs, p99 ${r.p99Us.toFixed(0)} µs, max ${
    r.maxUs.toFixed(0)
  } µs over ${r.count} msgs at ${RATE} msgs/s`;
}

async function rawBench(
  b: Deno.BenchContext,
  label: string,
  options: { direct: boolean; track: boolean },
  round: RawRound,
  show: (r: RoundReport) => string,
): Promise<void> {
  const raw: RawSystem = startRawSystem(options);
  try {
    await raw.run({ ...round, count: WARMUP, rate: 0 });
    b.start();
    const r = await raw.run(round);
    b.end();
    console.log(`FIGURE ${label} (call ${++calls}): ${show(r)}`);
  } finally {
    raw.close();
  }
}

async function busBench(
  b: Deno.BenchContext,
  label: string,
  options: { track: boolean },
  cmd: Omit<ProduceCommand, "run">,
  show: (r: RoundReport) => string,
): Promise<void> {
  const bus: BusSystem = await startBusSystem(options);
  try {
    await bus.run({ mode: cmd.mode === "paced" ? "each" : cmd.mode, count: WARMUP });
    b.start();
    const r = await bus.run(cmd);
    b.end();
    console.log(`FIGURE ${label} (call ${++calls}): ${show(r)}`);
  } finally {
    await bus.close();
  }
}

// Deno runs a slow bench n + 2 times here (one forced warm-up): three calls.
// Only async functions are awaited by the runner, hence `async fn`.
const slow = { n: 1, warmup: 0 } as const;

Deno.bench({
  name: `raw postMessage, worker → worker by MessageChannel, ${UNBATCHED} msgs one per post`,
  group: "unbatched",
  baseline: true,
  ...slow,
  async fn(b) {
    await rawBench(b, "raw direct unbatched", { direct: true, track: false }, {
      count: UNBATCHED,
      batch: 1,
      rate: 0,
      durationMs: 0,
    }, rate);
  },
});

Deno.bench({
  name: `raw postMessage, worker → main relay → worker, ${UNBATCHED} msgs one per post`,
  group: "unbatched",
  ...slow,
  async fn(b) {
    await rawBench(b, "raw relayed unbatched", { direct: false, track: false }, {
      count: UNBATCHED,
      batch: 1,
      rate: 0,
      durationMs: 0,
    }, rate);
  },
});

Deno.bench({
  name: `bus: actor awaits each publish → broker → actor, ${UNBATCHED} msgs`,
  group: "unbatched",
  ...slow,
  async fn(b) {
    await busBench(b, "bus unbatched", { track: false }, { mode: "each", count: UNBATCHED }, rate);
  },
});

Deno.bench({
  name: `raw postMessage, worker → worker by MessageChannel, ${BATCHED} msgs in arrays of 1000`,
  group: "batched",
  baseline: true,
  ...slow,
  async fn(b) {
    await rawBench(b, "raw direct batched", { direct: true, track: false }, {
      count: BATCHED,
      batch: 1_000,
      rate: 0,
      durationMs: 0,
    }, rate);
  },
});

Deno.bench({
  name: `raw postMessage, worker → main relay → worker, ${BATCHED} msgs in arrays of 1000`,
  group: "batched",
  ...slow,
  async fn(b) {
    await rawBench(b, "raw relayed batched", { direct: false, track: false }, {
      count: BATCHED,
      batch: 1_000,
      rate: 0,
      durationMs: 0,
    }, rate);
  },
});

Deno.bench({
  name: `bus: actor publishes chunks of 1000 (Promise.all) → broker → actor, ${BATCHED} msgs`,
  group: "batched",
  ...slow,
  async fn(b) {
    await busBench(b, "bus batched", { track: false }, {
      mode: "chunks",
      count: BATCHED,
      chunk: 1_000,
    }, rate);
  },
});

Deno.bench({
  name:
    `raw postMessage latency, worker → worker by MessageChannel, ${RATE} msgs/s for ${RATE_MS} ms`,
  group: "latency",
  baseline: true,
  ...slow,
  async fn(b) {
    await rawBench(b, "raw direct latency", { direct: true, track: true }, {
      count: 0,
      batch: 1,
      rate: RATE,
      durationMs: RATE_MS,
    }, latency);
  },
});

Deno.bench({
  name: `bus latency, actor → broker → actor, ${RATE} msgs/s for ${RATE_MS} ms`,
  group: "latency",
  ...slow,
  async fn(b) {
    await busBench(b, "bus latency", { track: true }, {
      mode: "paced",
      count: 0,
      rate: RATE,
      durationMs: RATE_MS,
    }, latency);
  },
});

// Where a bus message's time goes on its way: each is paid once per message.
const candle = benchCandle("cost", 1, wallNow());

Deno.bench({
  name: "structuredClone of a candle message (one postMessage hop copies it once)",
  group: "per-message cost",
  baseline: true,
  fn: () => {
    structuredClone(candle);
  },
});

Deno.bench({
  name: "parseMessage of a candle message (the consumer validates each delivery)",
  group: "per-message cost",
  fn: () => {
    if (!parseMessage(candle).ok) throw new Error("bench candle failed validation");
  },
});

Deno.bench({
  name: "benchCandle: build a candle message (the producer's own work)",
  group: "per-message cost",
  fn: () => {
    benchCandle("cost", 2, 0);
  },
});

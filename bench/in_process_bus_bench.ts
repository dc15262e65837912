// deno-lint-ignore-file no-console -- a bench reports its figures on stdout
/**
 * In-process actor runtime: throughput and latency between two Web Worker
 * actors over the in-process bus (producer actor → main-thread broker →
 * consumer actor, each message validated on entry), against raw
 * `postMessage` between two plain workers in the same run.
 *
 * Each slow bench's call starts its own workers, runs an untimed warm-up
 * round, then times one round and prints a line starting with `FIGURE`.
 * Rates are end to end: from the producer's first send to the consumer's last
 * message handled, by stamps comparable across workers
 * (`performance.timeOrigin + performance.now()`). The line also gives each
 * thread's CPU and run-queue wait per message (`cpu|wait µs`), read from
 * /proc: the machine is shared, and wait is time a thread was ready but had
 * no core.
 *
 * Run: `deno bench -A bench/in_process_bus_bench.ts`
 */
import { SeenIds } from "../bus/seen_ids.ts";
import { parseMessage } from "../messages/mod.ts";
import { benchCandle, type RoundReport, throughput } from "./fixtures/bench_messages.ts";
import { startBusSystem } from "./fixtures/bus_system.ts";
import type { ProduceCommand } from "./fixtures/bus_producer.ts";
import { type RawRound, startRawSystem } from "./fixtures/raw_system.ts";
import { formatThreadUse, newWorkerThreads, sampleThreads } from "./fixtures/thread_stats.ts";
import { wallNow } from "./fixtures/timing.ts";

const COUNT = 100_000;
const WARMUP = 20_000;
const RATE = 10_000;
const RATE_MS = 2_000;

function rate(r: RoundReport, unit = "msgs"): string {
  return `${Math.round(throughput(r)).toLocaleString("en-US")} ${unit}/s`;
}

function latency(r: RoundReport): string {
  const us = (n: number) => n.toFixed(0);
  return `p50 ${us(r.p50Us)} µs, p99 ${us(r.p99Us)} µs, max ${us(r.maxUs)} µs ` +
    `over ${r.count} msgs at ${RATE} msgs/s`;
}

/** A started pair: `run` one round, `close` it; `workers` names its worker threads in start order. */
interface Pair {
  workers: string[];
  run(): Promise<RoundReport>;
  warm(): Promise<unknown>;
  close(): Promise<void> | void;
}

let calls = 0;

async function measure(
  b: Deno.BenchContext,
  label: string,
  start: () => Promise<Pair>,
  show: (r: RoundReport) => string,
  options: { settle?: boolean } = {},
): Promise<void> {
  const pre = sampleThreads();
  const pair = await start();
  try {
    const tids = newWorkerThreads(pre, sampleThreads());
    const labels = new Map(tids.map((tid, i) => [tid, pair.workers[i] ?? `worker ${tid}`]));
    await pair.warm();
    // Latency is a steady-state figure: one untimed round as the timed one
    // first, so each new worker's first full GC (0.4-0.5 s after its start,
    // pauses up to 8 ms) lands there and not in the percentiles.
    if (options.settle) await pair.run();
    const before = sampleThreads();
    b.start();
    const r = await pair.run();
    b.end();
    const threads = formatThreadUse(before, sampleThreads(), r.count, labels);
    const load = Deno.loadavg()[0]!.toFixed(1);
    console.log(
      `FIGURE ${label} (call ${++calls}): ${show(r)}; cpu|wait µs/msg: ${threads}; load ${load}`,
    );
  } finally {
    await pair.close();
  }
}

function raw(
  options: { direct: boolean; track: boolean; custody?: boolean },
  round: RawRound,
): () => Promise<Pair> {
  return () => {
    const sys = startRawSystem(options);
    return Promise.resolve({
      workers: ["producer", "consumer"],
      warm: () => sys.run({ count: WARMUP, batch: round.batch, rate: 0, durationMs: 0 }),
      run: () => sys.run(round),
      close: () => sys.close(),
    });
  };
}

function bus(
  options: { track: boolean; batch?: boolean },
  cmd: Omit<ProduceCommand, "run">,
): () => Promise<Pair> {
  return async () => {
    const sys = await startBusSystem(options);
    return {
      // The supervisor starts the consumer first.
      workers: ["consumer", "producer"],
      warm: () => sys.run({ mode: cmd.mode === "paced" ? "each" : cmd.mode, count: WARMUP }),
      run: () => sys.run(cmd),
      close: () => sys.close(),
    };
  };
}

// Deno calls a slow bench n + 2 times (one forced warm-up): three calls here.
// Only an `async fn` is awaited by the runner.
const slow = { n: 1, warmup: 0 } as const;
const flatOut = { count: COUNT, rate: 0, durationMs: 0 };

Deno.bench({
  name: `raw postMessage, worker → worker by MessageChannel, ${COUNT} msgs one per post`,
  group: "unbatched",
  baseline: true,
  ...slow,
  async fn(b) {
    const start = raw({ direct: true, track: false }, { ...flatOut, batch: 1 });
    await measure(b, "raw direct unbatched", start, rate);
  },
});

Deno.bench({
  name: `raw postMessage, worker → main relay → worker, ${COUNT} msgs one per post`,
  group: "unbatched",
  ...slow,
  async fn(b) {
    const start = raw({ direct: false, track: false }, { ...flatOut, batch: 1 });
    await measure(b, "raw relayed unbatched", start, rate);
  },
});

Deno.bench({
  name: `bus: actor awaits each publish → broker → actor, ${COUNT} msgs`,
  group: "unbatched",
  ...slow,
  async fn(b) {
    const start = bus({ track: false }, { mode: "each", count: COUNT });
    await measure(b, "bus unbatched", start, rate);
  },
});

Deno.bench({
  name: `raw postMessage, worker → worker by MessageChannel, ${COUNT} msgs in arrays of 1000`,
  group: "batched",
  baseline: true,
  ...slow,
  async fn(b) {
    const start = raw({ direct: true, track: false }, { ...flatOut, batch: 1_000 });
    await measure(b, "raw direct batched", start, rate);
  },
});

Deno.bench({
  name: `raw postMessage, worker → main relay → worker, ${COUNT} msgs in arrays of 1000`,
  group: "batched",
  ...slow,
  async fn(b) {
    const start = raw({ direct: false, track: false }, { ...flatOut, batch: 1_000 });
    await measure(b, "raw relayed batched", start, rate);
  },
});

Deno.bench({
  name: `bus: actor publishes chunks of 1000 (Promise.all) → broker → actor, ${COUNT} msgs`,
  group: "batched",
  ...slow,
  async fn(b) {
    const start = bus({ track: false }, { mode: "chunks", count: COUNT, chunk: 1_000 });
    await measure(b, "bus batched", start, rate);
  },
});

Deno.bench({
  name: `bus: actor publishes chunks of 1000 → broker → actor with a batch handler, ${COUNT} msgs`,
  group: "batched",
  ...slow,
  async fn(b) {
    const start = bus({ track: false, batch: true }, {
      mode: "chunks",
      count: COUNT,
      chunk: 1_000,
    });
    await measure(b, "bus batched, batch handler", start, rate);
  },
});

Deno.bench({
  name: `bus: actor publishes candle_batch messages of 1000 rows → broker → actor, ${
    10 * COUNT
  } candles`,
  group: "batched",
  ...slow,
  async fn(b) {
    const start = bus({ track: false }, { mode: "rows", count: 10 * COUNT, chunk: 1_000 });
    await measure(b, "bus candle batches", start, (r) => rate(r, "candles"));
  },
});

Deno.bench({
  name: `raw postMessage, worker → worker by MessageChannel, ${RATE} msgs/s for ${RATE_MS} ms`,
  group: "latency",
  baseline: true,
  ...slow,
  async fn(b) {
    const start = raw({ direct: true, track: true }, {
      count: 0,
      batch: 1,
      rate: RATE,
      durationMs: RATE_MS,
    });
    await measure(b, "raw direct latency", start, latency, { settle: true });
  },
});

Deno.bench({
  name:
    `raw postMessage, worker → worker by MessageChannel, a copy held on main until acked, ${RATE} msgs/s for ${RATE_MS} ms`,
  group: "latency",
  ...slow,
  async fn(b) {
    const start = raw({ direct: true, track: true, custody: true }, {
      count: 0,
      batch: 1,
      rate: RATE,
      durationMs: RATE_MS,
    });
    await measure(b, "raw direct + custody latency", start, latency, { settle: true });
  },
});

Deno.bench({
  name: `raw postMessage, worker → main relay → worker, ${RATE} msgs/s for ${RATE_MS} ms`,
  group: "latency",
  ...slow,
  async fn(b) {
    const start = raw({ direct: false, track: true }, {
      count: 0,
      batch: 1,
      rate: RATE,
      durationMs: RATE_MS,
    });
    await measure(b, "raw relayed latency", start, latency, { settle: true });
  },
});

Deno.bench({
  name: `bus: actor → broker → actor, ${RATE} msgs/s for ${RATE_MS} ms`,
  group: "latency",
  ...slow,
  async fn(b) {
    const start = bus({ track: true }, {
      mode: "paced",
      count: 0,
      rate: RATE,
      durationMs: RATE_MS,
    });
    await measure(b, "bus latency", start, latency, { settle: true });
  },
});

// What one message costs on its way, each paid once per message (or per hop).
const candle = benchCandle("cost", 1, wallNow());

Deno.bench({
  name: "structuredClone of a candle message (each postMessage hop pays it)",
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

// The consumer's dedupe keeps the last 10,000 ids; at capacity every add evicts one.
const seen = new SeenIds(10_000);
let nextId = 0;
for (; nextId < 20_000; nextId++) seen.add(`seen:${nextId}`);

Deno.bench({
  name: "SeenIds has + add at its 10,000 capacity (the consumer's dedupe, per delivery)",
  group: "per-message cost",
  fn: () => {
    const id = `seen:${nextId++}`;
    if (!seen.has(id)) seen.add(id);
  },
});

// deno-lint-ignore-file no-console -- a bench reports its figures on stdout
/**
 * Crash recovery of a supervised worker actor: from the crash (stamped by the
 * actor just before it throws) to the first message handled by its
 * replacement, the redelivery of the message it died with. The supervisor
 * runs with the production settings (config defaults: backoff 100 ms
 * initial, 30 s max, equal jitter), and every crash is a first crash in a
 * row, so it waits the first-restart delay (50–100 ms) as production does
 * for an actor that had been up for a while. The same-run baseline is a cold
 * start: supervisor start to first message handled, no crash, no delay.
 *
 * Each call starts a fresh system (untimed), then times one scenario and
 * prints a `FIGURE` line with the stamp-based figure and, over the calls so
 * far, min/median/max.
 *
 * Run: `deno bench -A bench/recovery_bench.ts`
 */
import { createInProcessBus, type PortBus } from "../bus/in_process/mod.ts";
import type { Subscription } from "../bus/types.ts";
import { validateConfig } from "../config/mod.ts";
import { Supervisor } from "../supervisor/mod.ts";
import { benchSpec, productionSupervisorOptions } from "./fixtures/bus_system.ts";
import { crashStamp, readReply, recoveryCandle, type Reply } from "./fixtures/recovery_messages.ts";
import { quantile, wallNow } from "./fixtures/timing.ts";

const ACTOR = "crash-actor";

/** A supervisor running the crash actor, and a client that sends to it and hears its replies. */
interface CrashSystem {
  supervisor: Supervisor;
  client: PortBus;
  /** Restart delays the supervisor scheduled, in order. */
  delays: number[];
  /** Sends a candle; resolves with the reply to it. */
  send(crash: boolean): Promise<Reply>;
  /** Resolves once the broker holds nothing for the actor: every delivery acknowledged. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

async function crashSystem(): Promise<CrashSystem> {
  const transport = createInProcessBus();
  const client = transport.connect();
  const config = validateConfig({ log: { level: "error" } });
  const specs = [
    benchSpec(ACTOR, new URL("./fixtures/crash_actor.ts", import.meta.url), ["candle"]),
  ];
  const delays: number[] = [];
  const supervisor = new Supervisor({
    ...productionSupervisorOptions(config, specs, Date.now()),
    transport,
    onRestart: (_actor, _reason, delayMs) => delays.push(delayMs),
  });
  const waiting = new Map<string, (r: Reply) => void>();
  const sub: Subscription = await client.subscribe({
    group: "bench-sink",
    topics: ["analysis"],
    handler: (m) => {
      const reply = readReply(m);
      if (reply) waiting.get(reply.of)?.(reply);
    },
  });
  // Declared now, so a message published before the actor starts waits for it.
  await client.declare(ACTOR, ["candle"]);
  let sent = 0;
  return {
    supervisor,
    client,
    delays,
    async send(crash) {
      const id = `${crash ? "crash" : "probe"}-${++sent}-${crypto.randomUUID().slice(0, 8)}`;
      const reply = new Promise<Reply>((resolve) => waiting.set(id, resolve));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no reply to ${id} within 10 s`)), 10_000);
      });
      await client.publish(recoveryCandle(id, crash, Date.now()));
      try {
        return await Promise.race([reply, timeout]);
      } finally {
        clearTimeout(timer);
        waiting.delete(id);
      }
    },
    async settled() {
      while (transport.broker.groupBacklog(ACTOR) > 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      await sub.close();
      await supervisor.stop();
      await client.close();
    },
  };
}

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const ms = (q: number) => quantile(sorted, q).toFixed(1);
  return `${label} over ${sorted.length} so far: min ${ms(0)} ms, median ${ms(0.5)} ms, ` +
    `max ${ms(1)} ms`;
}

/**
 * Keeps a call's figure, except the first call's: Deno's forced warm-up,
 * which also type-checks and compiles the worker's modules.
 */
function record(samples: number[], calls: { n: number }, value: number): string {
  if (++calls.n === 1) return "warm-up call, not counted";
  samples.push(value);
  return "";
}

const coldStarts: number[] = [];
const coldCalls = { n: 0 };
const recoveries: number[] = [];
const recoveryCalls = { n: 0 };

Deno.bench({
  name: "cold start: supervisor starts the actor worker → first message handled",
  group: "recovery",
  baseline: true,
  n: 5,
  warmup: 0,
  async fn(b) {
    const sys = await crashSystem();
    try {
      const probe = sys.send(false);
      const startedAt = wallNow();
      b.start();
      await sys.supervisor.start();
      const reply = await probe;
      b.end();
      const ms = reply.handledAt - startedAt;
      const note = record(coldStarts, coldCalls, ms) || summary("cold start", coldStarts);
      console.log(`FIGURE cold start ${ms.toFixed(1)} ms; ${note}`);
    } finally {
      await sys.close();
    }
  },
});

Deno.bench({
  name: "recovery: actor crashes → replacement handles the redelivered message (first restart)",
  group: "recovery",
  n: 10,
  warmup: 0,
  async fn(b) {
    const sys = await crashSystem();
    try {
      await sys.supervisor.start();
      await sys.send(false); // the actor is up and its subscription attached
      // The reply can arrive before the probe's ack (acks are batched). Left
      // unacked, the probe would be the oldest delivery held at the crash, and
      // the broker would count the crash against it instead of the trigger,
      // which would then come back at attempt 1 and crash the replacement too.
      await sys.settled();
      b.start();
      const reply = await sys.send(true).catch((e) => {
        throw new Error(`${e.message}; actor status ${JSON.stringify(sys.supervisor.status()[0])}`);
      });
      b.end();
      const status = sys.supervisor.status()[0]!;
      const crashedAt = crashStamp(status.lastError);
      if (crashedAt === null || reply.attempt < 2 || status.restarts !== 1) {
        throw new Error(
          `expected one crash and a redelivery, got restarts ${status.restarts}, attempt ${reply.attempt}, lastError ${
            JSON.stringify(status.lastError)
          }`,
        );
      }
      const recovery = reply.handledAt - crashedAt;
      const delay = sys.delays[0] ?? NaN;
      const note = record(recoveries, recoveryCalls, recovery) || summary("recovery", recoveries);
      console.log(
        `FIGURE recovery ${recovery.toFixed(1)} ms = restart delay ${delay} ms + ${
          (recovery - delay).toFixed(1)
        } ms detect/start/redeliver; ${note}`,
      );
    } finally {
      await sys.close();
    }
  },
});

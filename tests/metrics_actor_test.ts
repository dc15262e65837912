/**
 * Actors' own registries reach `/metrics` through the supervisor, from a
 * worker and from a child process alike: event-loop lag, handler outcomes
 * and durations, restarts by reason.
 */
// deno-lint-ignore no-import-prefix
import parsePrometheus from "npm:parse-prometheus-text-format@1.1.1";
import { createObservability } from "../api/metrics/mod.ts";
import { validateConfig } from "../config/mod.ts";
import type { Isolation } from "../supervisor/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import { candleMessage, fixtureSpec, startHarness, waitFor } from "./supervisor_harness.ts";

interface Family {
  name: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string> }[];
}

/**
 * A test actor as a data: URL module (it imports the runtime by absolute
 * URL): blocks its thread for `blockMs` on every candle, and throws on the
 * candle at minute `failOn` (the bus retries it, then dead-letters it).
 */
function blockerModule(blockMs: number, failOn: number): URL {
  const serve = new URL("../actors/runtime/serve.ts", import.meta.url).href;
  const source = `import { serveActor } from ${JSON.stringify(serve)};
serveActor(async (ctx) => {
  const sub = await ctx.bus.subscribe({
    group: ctx.name,
    topics: ["candle"],
    handler: (m) => {
      if (m.type === "candle" && m.payload.openTime === ${
    failOn * 60_000
  }) throw new Error("poison");
      const until = performance.now() + ${blockMs};
      while (performance.now() < until) { /* block the loop */ }
    },
  });
  return { stop: () => sub.close() };
});`;
  return new URL(`data:application/typescript;base64,${btoa(source)}`);
}

async function scrape(text: Promise<string>) {
  const families = new Map((parsePrometheus(await text) as Family[]).map((f) => [f.name, f]));
  return (name: string, labels: Record<string, string>) =>
    (families.get(name)?.metrics ?? [])
      .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
      .reduce((a, m) => a + Number(m.value), 0);
}

for (const isolation of ["worker", "process"] as Isolation[]) {
  Deno.test(`a ${isolation} actor's lag, handler outcomes and timings reach /metrics`, async () => {
    const h = await startHarness([
      fixtureSpec("blocker.ts", { id: "blocker", module: blockerModule(150, 3), isolation }),
    ], { heartbeatTimeoutMs: 5_000 });
    const obs = createObservability({
      system: { supervisor: h.supervisor, bus: h.bus },
      config: validateConfig({ actors: ["analyzer"] }),
    });
    try {
      for (let n = 1; n <= 4; n++) await h.bus.publish(candleMessage(1, n));
      await waitFor(() => h.transport.broker.groupBacklog("blocker") === 0, 10_000, "handled");
      const text = await obs.metrics();
      const value = await scrape(Promise.resolve(text));
      const actor = "blocker";
      // The histogram's sum, from the text (the parser drops histogram labels).
      const sum = /^actor_handler_duration_seconds_sum\{actor="blocker",topic="candle"\} (\S+)$/m
        .exec(text);
      assert(sum && Number(sum[1]) >= 0.45, `handler time ${sum?.[1]} s for three 150 ms blocks`);
      const lag = value("actor_event_loop_lag_seconds", { actor });
      assert(lag >= 0.1 && lag < 1, `lag ${lag} s after 150 ms blocks`);
      assertEquals(value("actor_messages_handled_total", { actor, outcome: "ok" }), 3);
      // The poison candle failed on each of its attempts, then was dead-lettered.
      const attempts = validateConfig({}).bus.maxAttempts; // the harness's
      assertEquals(value("actor_messages_handled_total", { actor, outcome: "error" }), attempts);
      assertEquals(value("bus_dead_letters_total", { topic: "candle" }), 1);
      assertEquals(value("actor_up", { actor }), 1);
    } finally {
      await obs.close();
      await h.close();
    }
  });
}

/** A test actor that reports two store operations per candle: one of 300 ms, one of 100 ms. */
function queryReporterModule(): URL {
  const serve = new URL("../actors/runtime/serve.ts", import.meta.url).href;
  const source = `import { serveActor } from ${JSON.stringify(serve)};
serveActor(async (ctx) => {
  const sub = await ctx.bus.subscribe({
    group: ctx.name,
    topics: ["candle"],
    handler: () => {
      ctx.onQuery?.("candles.range", 0.3);
      ctx.onQuery?.("candles.latest", 0.1);
    },
  });
  return { stop: () => sub.close() };
});`;
  return new URL(`data:application/typescript;base64,${btoa(source)}`);
}

Deno.test("an actor counts slow queries against the configured threshold", async () => {
  const h = await startHarness([
    fixtureSpec("reporter.ts", { id: "reporter", module: queryReporterModule() }),
  ], { config: validateConfig({ log: { level: "error" }, monitor: { slowQueryMs: 200 } }) });
  const obs = createObservability({
    system: { supervisor: h.supervisor, bus: h.bus },
    config: validateConfig({ actors: ["analyzer"] }),
  });
  try {
    await h.bus.publish(candleMessage(1, 1));
    await waitFor(() => h.transport.broker.groupBacklog("reporter") === 0, 10_000, "handled");
    const value = await scrape(obs.metrics());
    assertEquals(value("db_slow_queries_total", { operation: "candles.range" }), 1);
    assertEquals(value("db_slow_queries_total", { operation: "candles.latest" }), 0);
  } finally {
    await obs.close();
    await h.close();
  }
});

Deno.test("restarts are counted by actor and reason, every reason starting at zero", async () => {
  const h = await startHarness([fixtureSpec("relay.ts?crashEvery=2", { id: "relay" })]);
  const obs = createObservability({
    system: { supervisor: h.supervisor, bus: h.bus },
    config: validateConfig({ actors: ["analyzer"] }),
  });
  try {
    for (let n = 1; n <= 4; n++) await h.bus.publish(candleMessage(1, n));
    await waitFor(
      () => (h.supervisor.status()[0]?.restartsByReason.crash ?? 0) >= 2,
      10_000,
      "2 crashes",
    );
    await waitFor(() => h.supervisor.status()[0]?.state === "running", 10_000, "relay back");
    const crashes = () => h.supervisor.status()[0]!.restartsByReason.crash ?? 0;
    const before = crashes();
    const value = await scrape(obs.metrics());
    // Redeliveries may crash it again meanwhile: the scrape sees a count in between.
    const counted = value("actor_restarts_total", { actor: "relay", reason: "crash" });
    assert(counted >= before && counted <= crashes(), `${counted} not in ${before}..${crashes()}`);
    assertEquals(value("actor_restarts_total", { actor: "relay", reason: "hang" }), 0);
    const text = await obs.metrics();
    assert(text.includes('actor_restarts_total{actor="relay",reason="memory"} 0'), text);
  } finally {
    await obs.close();
    await h.close();
  }
});

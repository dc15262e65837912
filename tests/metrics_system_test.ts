/**
 * `/metrics` of a real running system (replayed market, real workers,
 * in-process bus, embedded store), parsed by an independent Prometheus
 * text-format parser.
 */
// deno-lint-ignore no-import-prefix
import parsePrometheus from "npm:parse-prometheus-text-format@1.1.1";
import { Hono } from "hono";
import { createObservability, mountObservability } from "../api/metrics/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import { replayFile, SERIES, startPipeline, waitProcessed } from "./pipeline_harness.ts";

interface Sample {
  value?: string;
  labels?: Record<string, string>;
}
interface Family {
  name: string;
  type: string;
  help: string;
  metrics: Sample[];
}

const COUNT = 1_500;

/**
 * A histogram's `_count` for the series with `labels`, read from the text:
 * the parser drops a histogram's labels when `le` comes first, as
 * prom-client writes it.
 */
function count(text: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of text.split("\n")) {
    const m = new RegExp(`^${name}_count\\{(.*)\\} (\\S+)$`).exec(line);
    if (!m) continue;
    const got = Object.fromEntries(
      [...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) total += Number(m[2]);
  }
  return total;
}

/** The metric names infra/README.md promises (the rules and the dashboard use them). */
function documentedMetrics(): Map<string, string> {
  const readme = Deno.readTextFileSync(new URL("../infra/README.md", import.meta.url));
  return new Map(
    [...readme.matchAll(/^\|\s*`([a-z_:][a-z0-9_:]*)`\s*\|\s*(\w+)\s*\|/gm)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  );
}

Deno.test({
  name: "metrics of a running system expose every documented family, merged from the actors",
  sanitizeResources: false, // node:sqlite handles in workers close after the test's own check (as pipeline_test)
  async fn() {
    const file = await replayFile(COUNT, "metrics");
    const run = await startPipeline(file.path, COUNT);
    const obs = createObservability({
      system: run.system,
      config: run.config,
      lag: { intervalMs: 10, windowMs: 5_000 },
    });
    try {
      await waitProcessed(run, COUNT);
      const app = new Hono();
      // What the API's onRequest hook does, with the matched route as label.
      app.use(async (c, next) => {
        const start = performance.now();
        await next();
        obs.onRequest({
          method: c.req.method,
          route: c.req.routePath,
          status: c.res.status,
          seconds: (performance.now() - start) / 1000,
        });
      });
      mountObservability(app, obs);

      assertEquals((await app.request("/ready")).status, 200);
      await (await app.request("/metrics")).body?.cancel();
      const res = await app.request("/metrics");
      assertEquals(res.status, 200);
      assert(res.headers.get("content-type")!.startsWith("text/plain; version=0.0.4"));
      const text = await res.text();
      const families = new Map((parsePrometheus(text) as Family[]).map((f) => [f.name, f]));
      const family = (name: string) => {
        const f = families.get(name);
        assert(f, `no ${name} in /metrics`);
        return f;
      };
      const value = (name: string, labels: Record<string, string> = {}) => {
        const hit = family(name).metrics.filter((m) =>
          Object.entries(labels).every(([k, v]) => m.labels?.[k] === v)
        );
        assert(hit.length > 0, `${name} has no series with ${JSON.stringify(labels)}`);
        return hit.reduce((a, m) => a + Number(m.value), 0);
      };

      // Every name the Prometheus rules and the Grafana dashboard rely on, with its type.
      for (const [name, type] of documentedMetrics()) {
        assertEquals(family(name).type, type.toUpperCase(), `${name} type`);
      }

      // Business, from the actors' own registries.
      const series = { exchange: SERIES.exchange, symbol: SERIES.symbol, timeframe: "1m" };
      assertEquals(value("candles_ingested_total", series), COUNT);
      const lag = value("candle_lag_seconds", series);
      assert(lag >= 0 && lag < 120, `candle lag ${lag} s right after the backfill`);
      assertEquals(value("candle_timeframe_seconds", series), 60);
      const signals = family("signals_total").metrics;
      assert(signals.length > 0, "no signals counted");
      assert(signals.every((m) => m.labels?.strategy && ["buy", "sell"].includes(m.labels.side!)));
      assert(value("signals_total") > 0);
      assertEquals(value("strategy_evaluations_total", series), COUNT);
      assert(value("paper_equity", { account: "default" }) > 0);
      assert(value("paper_open_positions", { account: "default" }) >= 0);

      // Application: actors, bus, handlers, store.
      for (const actor of ["alerter", "strategy", "analyzer", "collector"]) {
        assertEquals(value("actor_up", { actor }), 1, `${actor} up`);
        assert(value("actor_heap_bytes", { actor }) > 1e6, `${actor} heap`);
        assertEquals(value("actor_restarts_total", { actor, reason: "crash" }), 0);
        assert(value("actor_event_loop_lag_seconds", { actor }) >= 0);
      }
      // The backfill goes in candle batches: the bus counts messages, the
      // business families above count candles.
      const candleMessages = value("bus_messages_published_total", { topic: "candle" });
      assert(candleMessages >= COUNT / 1_000 && candleMessages < COUNT, `${candleMessages}`);
      assertEquals(
        value("bus_messages_consumed_total", { topic: "analysis" }),
        value("actor_messages_published_total", { actor: "analyzer", topic: "analysis" }),
      );
      assertEquals(value("bus_backlog", { topic: "candle" }), 0);
      assertEquals(family("bus_oldest_message_age_seconds").type, "GAUGE");
      assertEquals(
        count(text, "bus_oldest_message_age_seconds", { topic: "candle" }),
        0,
        "every group caught up: no oldest candle",
      );
      assertEquals(value("bus_dead_letters_total"), 0);
      assertEquals(
        value("actor_messages_handled_total", {
          actor: "analyzer",
          topic: "candle",
          outcome: "ok",
        }),
        candleMessages,
      );
      assertEquals(family("actor_handler_duration_seconds").type, "HISTOGRAM");
      assertEquals(family("db_query_duration_seconds").type, "HISTOGRAM");
      assert(count(text, "db_query_duration_seconds", { operation: "ping" }) >= 1);
      // Operations only actors run reach /metrics through their stores' onQuery hook.
      const actorQueries = (operation: string) =>
        count(text, "db_query_duration_seconds", { operation });
      assert(actorQueries("candles.last_time") >= 1, "collector's last-candle reads not timed");
      // The backfill stores all COUNT candles, a page (at least one) per upsert.
      assert(actorQueries("candles.upsert") >= 1, "collector's candle upserts not timed");
      // The strategy stores its signals and fills a batch of analyses per transaction.
      assert(value("signals_total") > 0, "the run produced no signals");
      assert(actorQueries("trading.apply") >= 1, "strategy's trading writes not timed");
      assertEquals(value("db_slow_queries_total"), 0);

      // HTTP: the first scrape and the readiness probe were counted.
      assertEquals(value("http_requests_total", { route: "/metrics", status: "200" }), 1);
      assertEquals(value("http_requests_total", { route: "/ready", status: "200" }), 1);
      assertEquals(count(text, "http_request_duration_seconds", { route: "/metrics" }), 1);

      // System.
      assert(value("process_cpu_seconds_total") > 0);
      assert(value("process_resident_memory_bytes") > 10e6);
      assert(value("host_memory_available_bytes") > 0);
      assert(value("host_cpu_seconds_total", { mode: "idle" }) > 0);
      assert(value("disk_available_bytes", { path: run.dataDir }) > 0);
      const loopLag = value("event_loop_lag_seconds");
      assert(loopLag >= 0 && loopLag < 5, `event loop lag ${loopLag}`);
    } finally {
      await obs.close();
      await run.system.stop();
      await Deno.remove(file.path);
      await Deno.remove(run.dataDir, { recursive: true });
    }
  },
});

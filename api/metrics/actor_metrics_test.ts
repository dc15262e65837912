import { createInProcessBus } from "../../bus/in_process/mod.ts";
import { initialStats } from "../../actors/collector/stats.ts";
import type { Clock } from "../../lib/clock.ts";
import { createMessage, type Message, type Signal } from "../../messages/mod.ts";
import { openStore } from "../../store/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "../../tests/assert.ts";
import { waitFor } from "../../tests/supervisor_harness.ts";
import { Registry } from "prom-client";
import { ActorMetrics } from "./actor_metrics.ts";
import { renderMetrics } from "./render.ts";

const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
/** What the main thread makes of an actor's families. */
const render = (m: ActorMetrics) => renderMetrics(new Registry(), [m.json()]);
const fixedClock = (now: number): Clock => ({ now: () => now, sleep: () => Promise.resolve() });

function signal(side: "buy" | "sell", openTime: number): Message {
  const payload: Signal = {
    ...series,
    strategy: "ema_cross",
    openTime,
    side,
    strength: 0.5,
    price: 100,
    reason: "test",
    indicators: {},
  };
  return createMessage("signal", payload, { source: "strategy", key: "k", now: openTime });
}

function analysis(openTime: number): Message {
  return createMessage("analysis", {
    ...series,
    openTime,
    open: 1,
    high: 1,
    low: 1,
    close: 1,
    volume: 1,
    indicators: {},
  }, { source: "analyzer", key: "k", now: openTime });
}

Deno.test("an actor's bus is counted: publishes by topic, signals by strategy and side, handled by outcome", async () => {
  const transport = createInProcessBus({ maxAttempts: 2 });
  const raw = transport.connect({ maxAttempts: 2 });
  const metrics = new ActorMetrics({ name: "strategy", clock: fixedClock(0), stats: () => ({}) });
  const bus = metrics.observeBus(raw);
  try {
    await bus.declare("strategy", ["analysis"]);
    const sub = await bus.subscribe({
      group: "strategy",
      topics: ["analysis"],
      handler: (m) => {
        if (m.type === "analysis" && m.payload.openTime === 120_000) throw new Error("bad");
      },
    });
    await bus.publish(signal("buy", 0));
    await bus.publish(signal("buy", 60_000));
    await bus.publish(signal("sell", 60_000));
    for (const t of [0, 60_000, 120_000]) await raw.publish(analysis(t));
    await waitFor(() => transport.broker.groupBacklog("strategy") === 0, 5_000, "handled");
    await sub.close();
    // As the main thread sees it: the actor's JSON merged into a registry.
    const text = await render(metrics);
    for (
      const line of [
        'actor_messages_published_total{actor="strategy",topic="signal"} 3',
        'signals_total{strategy="ema_cross",exchange="binance",symbol="BTC/USDT",timeframe="1m",side="buy"} 2',
        'signals_total{strategy="ema_cross",exchange="binance",symbol="BTC/USDT",timeframe="1m",side="sell"} 1',
        'actor_messages_handled_total{actor="strategy",topic="analysis",outcome="ok"} 2',
        'actor_messages_handled_total{actor="strategy",topic="analysis",outcome="error"} 2',
        'strategy_evaluations_total{exchange="binance",symbol="BTC/USDT",timeframe="1m"} 2',
        'actor_handler_duration_seconds_count{actor="strategy",topic="analysis"} 4',
        'actor_handler_duration_seconds_bucket{le="+Inf",actor="strategy",topic="analysis"} 4',
        "# TYPE actor_handler_duration_seconds histogram",
      ]
    ) assertStringIncludes(text, line);
  } finally {
    await bus.close();
  }
});

Deno.test("the wrapped handler keeps a synchronous handler synchronous", async () => {
  const transport = createInProcessBus();
  const raw = transport.connect();
  const metrics = new ActorMetrics({ name: "a", clock: fixedClock(0), stats: () => ({}) });
  let returned: unknown = "unset";
  const spy = {
    ...raw,
    declare: raw.declare.bind(raw),
    publish: raw.publish.bind(raw),
    deadLetters: raw.deadLetters.bind(raw),
    stats: raw.stats.bind(raw),
    clientStats: raw.clientStats.bind(raw),
    close: raw.close.bind(raw),
    subscribe: (o: Parameters<typeof raw.subscribe>[0]) => {
      returned = o.handler(analysis(0), { attempt: 1, group: "g" });
      return raw.subscribe(o);
    },
  };
  const bus = metrics.observeBus(spy);
  try {
    const sub = await bus.subscribe({ group: "g", topics: ["analysis"], handler: () => {} });
    await sub.close();
    assertEquals(returned, undefined);
    const async = await bus.subscribe({
      group: "g",
      topics: ["analysis"],
      handler: () => Promise.resolve(),
    });
    await async.close();
    assert(returned instanceof Promise);
  } finally {
    await raw.close();
  }
});

Deno.test("collector stats become ingest, lag and error metrics by the actor's clock", async () => {
  const stats = {
    ...initialStats(series, "binance:BTC/USDT:1m"),
    published: 42,
    errors: 3,
    rejected: 1,
    lastClosedOpenTime: 600_000, // closed at 660 000
    lastSuccessAt: 700_000,
  };
  const metrics = new ActorMetrics({
    name: "collector",
    clock: fixedClock(720_000),
    stats: () => ({ series: [stats] }),
  });
  const text = await render(metrics);
  const labels = 'exchange="binance",symbol="BTC/USDT",timeframe="1m"';
  for (
    const line of [
      `candles_ingested_total{${labels}} 42`,
      `candle_lag_seconds{${labels}} 60`,
      `collector_fetch_errors_total{${labels}} 3`,
      `collector_rejected_candles_total{${labels}} 1`,
      `collector_last_success_age_seconds{${labels}} 20`,
      `collector_series_enabled{${labels}} 1`,
      'actor_event_loop_lag_seconds{actor="collector"} 0',
    ]
  ) assertStringIncludes(text, line);
  // Another actor's stats give no collector series at all.
  const analyzer = new ActorMetrics({
    name: "analyzer",
    clock: fixedClock(0),
    stats: () => ({ series: 1 }),
  });
  assert(!(await render(analyzer)).includes("candle_lag_seconds{"));
});

Deno.test("an actor's store queries are timed in its own thread and slow ones counted", async () => {
  const metrics = new ActorMetrics({
    name: "strategy",
    clock: fixedClock(0),
    stats: () => ({}),
    slowQuerySeconds: 0,
  });
  const dir = await Deno.makeTempDir();
  const store = await openStore({ dataDir: dir, migrate: false, onQuery: metrics.onQuery });
  try {
    await store.ping();
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
  const text = await render(metrics);
  assertStringIncludes(text, 'db_query_duration_seconds_count{operation="ping"} 1');
  assertStringIncludes(text, 'db_slow_queries_total{operation="ping"} 1');
  assertEquals(metrics.slowQueries.count, 1);
});

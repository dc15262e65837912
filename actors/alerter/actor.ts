import { AlertManager } from "../../alerting/alert_manager.ts";
import { createNotifiers } from "../../alerting/notifiers.ts";
import { OutboxSender } from "../../alerting/outbox/sender.ts";
import { ruleMetrics } from "../../alerting/rules/mod.ts";
import { Tally } from "../../api/metrics/metric_json.ts";
import { errorMessage } from "../../lib/errors.ts";
import { type Alert, candleAt } from "../../messages/mod.ts";
import type { ActorFactory } from "../runtime/actor.ts";
import { storeOf } from "../store_of.ts";
import { MarketWatch } from "./market_watch.ts";

/** Longest sleep of the tick loop: resolve timeouts and flushes run at least this often. */
const MAX_TICK_MS = 1_000;

/**
 * The alerter actor: the alert manager of the system. It stores and routes
 * every alert it hears (rules, actors, Prometheus via the API), applies
 * silences and acks, flushes due groups into the durable outbox, and sends
 * the outbox with retries. Messages are acknowledged only after their effect
 * is stored, so a crash loses nothing; the outbox and the notification log
 * make the restarted alerter send what is owed, once.
 *
 * @example
 * ```ts ignore
 * serveActor(createAlerterActor);
 * ```
 */
export const createAlerterActor: ActorFactory = async (ctx) => {
  const { clock, log } = ctx;
  const store = await storeOf(ctx.config, ctx.onQuery);
  const counts = {
    alerts: 0,
    handedOver: 0,
    signals: 0,
    enqueued: 0,
    sent: 0,
    retried: 0,
    dead: 0,
  };
  const notifiers = createNotifiers(ctx.config.alerts);
  const attempts = new Tally<"channel" | "outcome">();
  for (const channel of Object.keys(notifiers.byChannel)) {
    for (const outcome of ["sent", "retry", "dead"]) attempts.inc({ channel, outcome }, 0);
  }
  const outbox = ctx.config.alerts.outbox;
  const sender = new OutboxSender({
    store: store.alerts,
    notifiers: notifiers.byChannel,
    clock,
    log: log.getChild("outbox"),
    maxAttempts: outbox.maxAttempts,
    backoff: { initialMs: outbox.backoffInitialMs, maxMs: outbox.backoffMaxMs },
    // Longer than any send may take (Telegram sends a long message in parts).
    leaseMs: outbox.timeoutMs * 4 + 1_000,
    ratePerMinute: outbox.ratePerMinute,
    onAttempt: (channel, outcome) => {
      attempts.inc({ channel, outcome });
      if (outcome === "sent") counts.sent++;
      else if (outcome === "retry") counts.retried++;
      else counts.dead++;
    },
  });
  const manager = await AlertManager.open({
    store: store.alerts,
    config: ctx.config.alerts,
    log,
    onEnqueued: (rows) => {
      counts.enqueued += rows;
      sender.wake();
    },
  }, clock.now());
  const { watchlist, alerts: alerting } = ctx.config;
  const market = new MarketWatch({
    settings: alerting.rules,
    account: ctx.config.paper.account,
    watchlist: watchlist.symbols.flatMap((symbol) =>
      watchlist.timeframes.map((timeframe) => ({ exchange: watchlist.exchange, symbol, timeframe }))
    ),
    store,
    now: clock.now(),
    publicUrl: alerting.publicUrl,
  });
  const marketRules = new Set(market.evaluator.rules.map((r) => r.name));
  // The manager already read the firing alerts; only pending ones are left to load.
  const live = [
    ...await store.alerts.list({ state: "pending", limit: 100_000 }),
    ...manager.firing(),
  ];
  market.restore(live.filter((a) => marketRules.has(a.labels.alertname ?? "")), clock.now());

  // Bus handlers and the loops both change the manager's state across
  // awaits; one queue keeps each change whole.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn);
    queue = next.catch(() => {});
    return next;
  };

  const stopping = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stopping.signal]);
  const sending = sender.run(signal);
  // A new alert may open a group due before the tick loop's next wake-up:
  // `kick` cuts its sleep short so group_wait is honoured to the millisecond.
  let kick = new AbortController();
  const ticking = (async () => {
    while (!signal.aborted) {
      try {
        await serial(() => manager.tick(clock.now()));
      } catch (error) {
        log.error("alert manager tick failed: {error}", { error: errorMessage(error) });
      }
      const now = clock.now();
      const wait = Math.min(MAX_TICK_MS, Math.max(5, (manager.nextWakeAt() ?? Infinity) - now));
      kick = new AbortController();
      await clock.sleep(wait, AbortSignal.any([signal, kick.signal])).catch(() => {});
    }
  })();

  const evaluating = (async () => {
    while (!signal.aborted) {
      await clock.sleep(alerting.rules.evaluationIntervalMs, signal).catch(() => {});
      if (signal.aborted) return;
      try {
        const now = clock.now();
        for (const alert of await market.evaluate(now)) {
          await serial(() => manager.receive(alert, now));
        }
      } catch (error) {
        log.error("market rule evaluation failed: {error}", { error: errorMessage(error) });
      }
    }
  })();

  const receiveAlert = async (alert: Alert): Promise<void> => {
    counts.alerts++;
    const record = await serial(() => manager.receive(alert, clock.now()));
    kick.abort();
    const { labels, annotations } = record;
    const line = `[${record.state.toUpperCase()}] ${labels.alertname} ${labels.severity ?? ""} ${
      annotations.summary ?? ""
    }`;
    if (record.state === "pending") log.debug("{line}", { line, labels });
    else if (labels.severity === "critical") log.error("{line}", { line, labels });
    else log.warn("{line}", { line, labels });
  };

  const sub = await ctx.bus.subscribe({
    group: ctx.name,
    topics: ["alert", "signal", "candle", "silence", "ack"],
    handler: async (message) => {
      switch (message.type) {
        case "alert":
          // Storage unreachable throws StoreConnectionError, a RetryableError:
          // the bus holds the alert (no attempt spent) until it is stored.
          return await receiveAlert(message.payload);
        case "silence":
          return manager.silence(message.payload);
        case "ack": {
          const { fingerprint, by, at } = message.payload;
          return manager.ack(fingerprint, by, at);
        }
        case "signal": {
          counts.signals++;
          const s = message.payload;
          // A start replays signals over backfilled history: one line each would bury the log.
          if (market.observeSignal(s, clock.now())) {
            log.info("signal {strategy} {side} {symbol} @ {price}: {reason}", { ...s });
          } else log.debug("past signal {strategy} {side} {symbol} @ {price}: {reason}", { ...s });
          return;
        }
        case "candle":
          return market.observeCandle(message.payload, clock.now());
        case "candle_batch": {
          const now = clock.now();
          for (let i = 0; i < message.payload.openTime.length; i++) {
            market.observeCandle(candleAt(message.payload, i), now);
          }
          return;
        }
      }
    },
  });
  return {
    async stop() {
      await sub.close();
      stopping.abort();
      await Promise.all([sending, ticking, evaluating]);
      await queue;
      await notifiers.close();
      await store.close();
    },
    // An alert the bus could not carry (Redis unreachable), from this
    // process's rule loop; the same alert through the bus later changes nothing.
    handOver: async (message) => {
      if (message.type !== "alert") {
        throw new Error(`the alerter takes alerts past the bus, received a ${message.type}`);
      }
      counts.handedOver++;
      await receiveAlert(message.payload);
    },
    metrics: () => [
      attempts.json(
        "notification_attempts_total",
        "Notification delivery attempts by channel and outcome (sent, retry, dead).",
      ),
      ...ruleMetrics(market.evaluator),
    ],
    stats: () => ({
      ...counts,
      firing: manager.dispatcher.alertCount,
      groups: manager.dispatcher.groupCount,
    }),
  };
};

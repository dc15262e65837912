import type { ActorFactory } from "../runtime/actor.ts";

/**
 * The alerter actor. It receives every alert and signal and writes each to
 * the log (a line per alert, readable on a phone). Routing, grouping,
 * silences and notification channels are the alerting issue's work.
 *
 * @example
 * ```ts ignore
 * serveActor(createAlerterActor);
 * ```
 */
export const createAlerterActor: ActorFactory = async (ctx) => {
  const counts = { alerts: 0, signals: 0 };
  const sub = await ctx.bus.subscribe({
    group: ctx.name,
    topics: ["alert", "signal"],
    handler: (message) => {
      if (message.type === "alert") {
        counts.alerts++;
        const { labels, annotations, state } = message.payload;
        const line = `[${state.toUpperCase()}] ${labels.alertname} ${labels.severity ?? ""} ${
          annotations.summary ?? ""
        }`;
        if (labels.severity === "critical") ctx.log.error("{line}", { line, labels });
        else ctx.log.warn("{line}", { line, labels });
      } else if (message.type === "signal") {
        counts.signals++;
        const s = message.payload;
        ctx.log.info("signal {strategy} {side} {symbol} @ {price}: {reason}", { ...s });
      }
    },
  });
  return { stop: () => sub.close(), stats: () => ({ ...counts }) };
};

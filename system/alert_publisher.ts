/**
 * How the main thread publishes its alerts (the rule loop's, the
 * supervisor's events): on the bus, and past it to this process's own
 * alerter when the bus does not take them, so that a bus outage cannot
 * silence the alert about it (`RedisUnreachable`).
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import { withTimeout } from "../api/health/timeout.ts";
import type { Bus } from "../bus/types.ts";
import { errorMessage } from "../lib/errors.ts";
import type { MessageOf } from "../messages/mod.ts";

/** What {@linkcode alertPublisher} needs. */
export interface AlertPublisherOptions {
  bus: Pick<Bus, "publish">;
  /**
   * Hands a message to this process's consumers of its topic past the bus
   * and returns the ids of those it went to (`Supervisor.handOver`).
   */
  handOver: (message: MessageOf<"alert">) => string[];
  log: Logger;
  /**
   * How long the bus may take to accept one alert, ms. Bounded: a bus that
   * cannot take it (Redis down) must stall neither the rule loop nor the
   * shutdown, whose last cycle publishes too. Default 2 000.
   */
  timeoutMs?: number;
}

/**
 * Returns a function that publishes an alert message on the bus and, when
 * the bus refuses it or does not answer within `timeoutMs`, hands it to the
 * local alerter instead. It rejects (with the bus's error) only when no
 * local actor took it: the caller logs that. An alert that reaches the
 * alerter both ways (the bus accepted it after all) changes nothing the
 * second time: the alert manager keeps one record per fingerprint.
 *
 * @example
 * ```ts ignore
 * const publish = alertPublisher({ bus, handOver: (m) => supervisor.handOver(m), log });
 * await publish(createMessage("alert", alert, { source: "rules", key: "alert:CpuHigh", now }));
 * ```
 */
export function alertPublisher(
  options: AlertPublisherOptions,
): (message: MessageOf<"alert">) => Promise<void> {
  const { bus, handOver, log, timeoutMs = 2_000 } = options;
  return async function publishAlert(message) {
    try {
      await withTimeout(bus.publish(message), timeoutMs, "bus publish");
    } catch (e) {
      const to = handOver(message);
      if (to.length === 0) throw e;
      log.warn(
        "{alertname} ({state}) went to {actors} past the bus, which did not take it: {error}",
        {
          alertname: message.payload.labels.alertname,
          state: message.payload.state,
          actors: to.join(", "),
          error: errorMessage(e),
        },
      );
    }
  };
}

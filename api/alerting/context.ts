/**
 * What the alerting routes share: the routing tree and inhibitor built from
 * the configuration, the silences and firing alerts loaded from the store,
 * and how a change is told to the alerter.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { AlertingConfig } from "../../alerting/config.ts";
import { DEFAULT_INHIBIT_RULES, Inhibitor, Route, Silencer } from "../../alerting/dispatch/mod.ts";
import type { AlertRecord } from "../../alerting/model.ts";
import type { Config } from "../../config/mod.ts";
import type { Message } from "../../messages/mod.ts";
import type { AlertStore } from "../../store/mod.ts";
import type { ApiDeps } from "../deps.ts";

/**
 * Most firing alerts read for inhibition and grouping. The alert manager
 * restores up to 100 000 on start; an API answer over more than this many
 * would be too large to be useful anyway.
 */
export const ACTIVE_LIMIT = 10_000;

/**
 * The routing tree and inhibitor the alerter uses, built once from config.
 *
 * @example
 * ```ts ignore
 * const { route, inhibitor } = alertingContext(deps.config);
 * ```
 */
export interface AlertingContext {
  route: Route;
  inhibitor: Inhibitor;
}

/**
 * Builds the routing tree (`alerts.route`) and inhibitor
 * (`alerts.inhibitRules`) as the alert manager does; Alertmanager's defaults
 * apply where the configuration leaves them out.
 *
 * @throws {TypeError} or a zod error when the configured route is invalid
 *   (configuration validation has normally caught it already).
 * @example
 * ```ts ignore
 * alertingContext(config).route.match({ alertname: "StaleData" })[0]!.receiver; // "default"
 * ```
 */
export function alertingContext(config: Config): AlertingContext {
  const alerts: Partial<AlertingConfig> = config.alerts;
  return {
    route: Route.fromConfig(alerts.route ?? {}),
    inhibitor: new Inhibitor(alerts.inhibitRules ?? DEFAULT_INHIBIT_RULES),
  };
}

/**
 * A silencer over every stored silence. One that the silencer refuses (it
 * could only have been written around the API) is skipped with a warning
 * rather than failing every alert listing.
 *
 * @example
 * ```ts ignore
 * const silencer = await loadSilencer(store.alerts, logger);
 * silencer.silencedBy(alert.labels, now);
 * ```
 */
export async function loadSilencer(store: AlertStore, logger: Logger): Promise<Silencer> {
  const silencer = new Silencer();
  for (const silence of await store.silences()) {
    try {
      silencer.upsert(silence);
    } catch (e) {
      logger.warn("stored silence {id} ignored: {error}", { id: silence.id, error: String(e) });
    }
  }
  return silencer;
}

/**
 * The stored firing alerts, which are the possible inhibition sources.
 *
 * @example
 * ```ts ignore
 * const sources = inhibitor.index(await firingAlerts(store.alerts));
 * ```
 */
export function firingAlerts(store: AlertStore): Promise<AlertRecord[]> {
  return store.list({ state: "firing", limit: ACTIVE_LIMIT });
}

/**
 * Publishes a message to the alerter; `false` when there is no bus in this
 * process or publishing failed (logged). The store was written before, so
 * the alerter picks the change up when it next loads its state.
 *
 * @example
 * ```ts ignore
 * const notified = await tellAlerter(deps, createMessage("ack", ack, options), c.get("log"));
 * ```
 */
export async function tellAlerter(
  deps: ApiDeps,
  message: Message,
  log: Logger = deps.logger,
): Promise<boolean> {
  if (!deps.publish) return false;
  try {
    await deps.publish(message);
    return true;
  } catch (e) {
    log.warn("could not publish {type} {key} to the alerter: {error}", {
      type: message.type,
      key: message.key,
      error: String(e),
    });
    return false;
  }
}

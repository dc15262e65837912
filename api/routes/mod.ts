/**
 * Every resource of `/api/v1`, in the order the OpenAPI document lists them.
 *
 * @module
 */
import { actors } from "./actors.ts";
import { alerts } from "./alerts.ts";
import { candles } from "./candles.ts";
import { config } from "./config.ts";
import { indicators } from "./indicators.ts";
import { notifications } from "./notifications.ts";
import { performanceSummary } from "./performance.ts";
import { positions } from "./positions.ts";
import type { Resource } from "./resource.ts";
import { signals } from "./signals.ts";
import { silences } from "./silences.ts";
import { strategies } from "./strategies.ts";
import { trades } from "./trades.ts";
import { watchlist } from "./watchlist.ts";

export type { Resource } from "./resource.ts";
export { ALERTMANAGER_PREFIX, alertmanagerV2 } from "./alertmanager_v2.ts";

/**
 * The API's resources. A new one (alerts, silences, jobs) is a file in this
 * folder and an entry here.
 *
 * @example
 * ```ts
 * RESOURCES.map((r) => r.tag); // ["candles", "indicators", "signals", …]
 * ```
 */
export const RESOURCES: readonly Resource[] = [
  candles,
  indicators,
  signals,
  strategies,
  positions,
  trades,
  performanceSummary,
  actors,
  alerts,
  silences,
  notifications,
  watchlist,
  config,
];

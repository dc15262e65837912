/**
 * What the API is given: every dependency arrives through {@linkcode ApiDeps}
 * (no module-level singletons), so tests build an app over a temp store and
 * a hand-made actors object, and the composition root over the real ones.
 *
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Logger } from "@logtape/logtape";
import type { MiddlewareHandler } from "hono";
import type { TopicStats } from "../bus/types.ts";
import type { Config } from "../config/mod.ts";
import type { Message } from "../messages/mod.ts";
import type { Store } from "../store/mod.ts";
import type { ActorStatus } from "../supervisor/status.ts";
import type { RateLimitStore } from "./middleware/rate_limit/store.ts";

/**
 * The actors the API reports on and restarts; the Supervisor fits.
 *
 * @example
 * ```ts
 * const actors: ActorsPort = { status: () => [], restart: async (_id) => {} };
 * ```
 */
export interface ActorsPort {
  /** Every actor's status, in start order. */
  status(): ActorStatus[];
  /** Restarts one actor; rejects for an unknown id. */
  restart(id: string): Promise<void>;
}

/**
 * The bus counters the API shows beside the actors.
 *
 * @example
 * ```ts
 * const bus: BusStatsPort = { stats: async () => ({}) };
 * ```
 */
export interface BusStatsPort {
  stats(): Promise<Record<string, TopicStats>>;
}

/**
 * One finished request, for HTTP metrics. `route` is the matched route
 * template (`/api/v1/actors/:id/restart`), never the raw path, so label
 * cardinality stays bounded; `(unmatched)` when no route matched.
 *
 * @example
 * ```ts
 * const onRequest = (info: RequestInfo) => histogram.observe(info, info.seconds);
 * ```
 */
export interface RequestInfo {
  method: string;
  route: string;
  status: number;
  seconds: number;
  /** Whether a response cache answered (`hit`) or was filled (`miss`); absent where there is none. */
  cache?: CacheOutcome;
}

/**
 * What a response cache did for a request.
 *
 * @example
 * ```ts
 * const outcome: CacheOutcome = "hit";
 * ```
 */
export type CacheOutcome = "hit" | "miss";

/**
 * Hono environment of the API: Deno's connection info as bindings (absent
 * under `app.request()` unless a test passes one) and per-request variables.
 *
 * @example
 * ```ts
 * import type { Context } from "hono";
 * const idOf = (c: Context<ApiEnv>) => c.get("requestId");
 * const logFor = (c: Context<ApiEnv>) => c.get("log"); // carries requestId
 * ```
 */
export type ApiEnv = {
  Bindings: { remoteAddr?: { hostname: string; port: number; transport: string } };
  Variables: {
    /** Accepted from `X-Request-Id` or generated; echoed on the response. */
    requestId: string;
    /**
     * The API's logger with this request's `requestId` bound: every line a
     * handler logs for the request goes through it, so it carries the id.
     */
    log: Logger;
    /** Set by a route that answered from (or filled) a response cache. */
    cache: CacheOutcome;
  };
};

/**
 * The API application type.
 *
 * @example
 * ```ts
 * const mount = (app: ApiApp) => app.get("/metrics", (c) => c.text("up 1"));
 * ```
 */
export type ApiApp = OpenAPIHono<ApiEnv>;

/**
 * Handed to {@linkcode ApiDeps.extraRoutes} beside the app.
 *
 * @example
 * ```ts
 * const extraRoutes = (app: ApiApp, kit: ExtraRoutesKit) =>
 *   app.get("/metrics", kit.auth, (c) => c.text("up 1"));
 * ```
 */
export interface ExtraRoutesKit {
  /**
   * The API's bearer-key check as one middleware, for an extra route that
   * must be protected like a read (it applies `protectReads`).
   */
  auth: MiddlewareHandler<ApiEnv>;
}

/**
 * Everything {@linkcode createApp} needs.
 *
 * @example
 * ```ts ignore
 * const app = createApp({
 *   config, store, logger: getLogger(["ct", "api"]), now: Date.now,
 *   actors: supervisor, bus,
 * });
 * ```
 */
export interface ApiDeps {
  config: Config;
  store: Store;
  actors: ActorsPort;
  /** Bus counters shown by `GET /api/v1/actors`; omitted there when absent. */
  bus?: BusStatsPort;
  /**
   * Tells the alerter about new silences, acks and alerts posted to
   * `/api/v2/alerts` (the bus's `publish`). Absent: silences and acks are
   * still stored (the alerter reads them when it starts) and
   * `POST /api/v2/alerts` answers 503.
   */
  publish?: (message: Message) => Promise<void>;
  /** The current time, epoch ms (rate-limit windows, default ranges). */
  now: () => number;
  logger: Logger;
  /** Where rate-limit counters live. Default: this process's memory. */
  rateLimitStore?: RateLimitStore;
  /**
   * Mounts operational routes (`/metrics`, `/health`, `/ready`). They run
   * after request id, access log and secure headers, and before CORS, rate
   * limiting and auth: probes and scrapers must not be throttled or need a
   * key (use `kit.auth` on a route that should).
   */
  extraRoutes?: (app: ApiApp, kit: ExtraRoutesKit) => void;
  /** Called once per finished request (HTTP metrics). Must not throw; errors are logged. */
  onRequest?: (info: RequestInfo) => void;
  /** A handler still running after this answers 503. Default 10 000. */
  handlerTimeoutMs?: number;
  /** Larger request bodies answer 413. Default 64 KiB. */
  bodyLimitBytes?: number;
}

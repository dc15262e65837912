import type { Env, Hono } from "hono";
import type { ReadinessReport } from "./checks.ts";
import type { LivenessReport } from "./liveness.ts";

/** What the health routes answer from. */
export interface HealthRoutesDeps {
  live(): LivenessReport;
  ready(): Promise<ReadinessReport>;
}

/**
 * Adds `GET /health` (liveness: 200 while the process and supervisor answer,
 * 503 if even that fails) and `GET /ready` (readiness: 200 when every check
 * passes, else 503 listing the failing ones). Never cached.
 *
 * @example
 * ```ts ignore
 * mountHealth(app, { live: () => obs.live(), ready: () => obs.ready() });
 * ```
 */
export function mountHealth<E extends Env>(app: Hono<E>, deps: HealthRoutesDeps): void {
  app.get("/health", (c) => {
    c.header("Cache-Control", "no-store");
    try {
      return c.json(deps.live(), 200);
    } catch (e) {
      return c.json({ status: "fail", error: e instanceof Error ? e.message : String(e) }, 503);
    }
  });
  app.get("/ready", async (c) => {
    c.header("Cache-Control", "no-store");
    const report = await deps.ready();
    return c.json(report, report.status === "ready" ? 200 : 503);
  });
}

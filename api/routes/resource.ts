/**
 * A resource of the API: a tag in the OpenAPI document and the routes that
 * serve it. Adding one (alerts, silences, jobs) is a file and a line in
 * `routes/mod.ts`.
 *
 * @module
 */
import type { ApiApp, ApiDeps } from "../deps.ts";

/**
 * One resource's routes.
 *
 * @example
 * ```ts
 * const ping: Resource = {
 *   tag: "ping",
 *   description: "Liveness of the API itself.",
 *   register: (app) => app.get("/ping", (c) => c.json({ ok: true })),
 * };
 * ```
 */
export interface Resource {
  /** OpenAPI tag; also the resource's name. */
  readonly tag: string;
  /** One sentence for the OpenAPI document. */
  readonly description: string;
  /** Adds the routes to `app`, which is mounted at `/api/v1`. */
  register(app: ApiApp, deps: ApiDeps): void;
}

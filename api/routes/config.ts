/**
 * `GET /config`: the running configuration with secrets hidden.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { redactConfig } from "../../config/redact.ts";
import { noParams } from "../schemas/params.ts";
import { commonErrors } from "../schemas/errors.ts";
import type { Resource } from "./resource.ts";

const route = createRoute({
  method: "get",
  path: "/config",
  tags: ["config"],
  summary: "The running configuration, redacted",
  request: { query: noParams },
  description: "As validated at start-up (defaults applied). Secrets (`api.apiKey`, tokens) " +
    "read `***`. URLs keep their scheme, host and port; their credentials, query string and, " +
    "for http(s), path (a webhook's token) read `***`.",
  responses: {
    200: {
      description: "The configuration (see `config/schema.ts` for every key).",
      content: {
        "application/json": { schema: z.record(z.string(), z.unknown()).openapi("Config") },
      },
    },
    ...commonErrors,
  },
});

/**
 * `GET /config`.
 *
 * @example
 * ```ts ignore
 * config.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const config: Resource = {
  tag: "config",
  description: "Configuration of this process.",
  register(app, deps) {
    const redacted = redactConfig(deps.config);
    app.openapi(route, (c) => c.json(redacted as unknown as Record<string, unknown>, 200));
  },
};

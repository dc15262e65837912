/**
 * `GET /strategies`: the built-in strategies and their parameters.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { z as zod } from "zod";
import { strategyRegistry } from "../../strategies/registry.ts";
import { noParams } from "../schemas/params.ts";
import { commonErrors } from "../schemas/errors.ts";
import type { Resource } from "./resource.ts";

const strategyOut = z.object({
  id: z.string(),
  description: z.string(),
  timeframes: z.union([z.array(z.string()), z.literal("any")]),
  parameters: z.record(z.string(), z.unknown()).openapi({
    description: "JSON Schema (2020-12) of the parameters as configured: every field has a " +
      "default, unknown keys are rejected.",
  }),
  configured: z.array(z.object({
    name: z.string(),
    params: z.record(z.string(), z.unknown()),
  })).openapi({ description: "Entries of the configuration's `strategies` using this one." }),
}).openapi("Strategy");

const route = createRoute({
  method: "get",
  path: "/strategies",
  tags: ["strategies"],
  summary: "Built-in strategies with their parameter schemas",
  request: { query: noParams },
  responses: {
    200: {
      description: "Every strategy in the registry.",
      content: { "application/json": { schema: z.object({ strategies: z.array(strategyOut) }) } },
    },
    ...commonErrors,
  },
});

/**
 * `GET /strategies`.
 *
 * @example
 * ```ts ignore
 * strategies.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const strategies: Resource = {
  tag: "strategies",
  description: "The strategy registry and what is configured from it.",
  register(app, deps) {
    // The registry and the configuration are fixed for the process: build once.
    const body = {
      strategies: Object.values(strategyRegistry).map((s) => ({
        id: s.id,
        description: s.description,
        timeframes: s.timeframes === "any" ? "any" as const : [...s.timeframes],
        parameters: zod.toJSONSchema(s.parameters, { io: "input", unrepresentable: "any" }),
        configured: deps.config.strategies.filter((c) => c.id === s.id).map((c) => ({
          name: c.name ?? c.id,
          params: c.params ?? {},
        })),
      })),
    };
    app.openapi(route, (c) => c.json(body, 200));
  },
};

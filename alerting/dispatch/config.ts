/**
 * Configuration of the routing tree and the inhibition rules, in
 * Alertmanager's terms with our conventions (camelCase, durations in ms).
 * Matcher strings are checked here, so a config error names the bad matcher.
 * Messages name what is expected (the config error adds the key and the
 * value received).
 *
 * @module
 */
import { z } from "zod";
import { compileMatcher, parseMatcher } from "./matchers.ts";

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A matcher string that parses (and whose regex compiles). */
const matcherString = z.string().superRefine((text, ctx) => {
  try {
    compileMatcher(parseMatcher(text));
  } catch (e) {
    ctx.addIssue({
      code: "custom",
      message: `a matcher (${e instanceof Error ? e.message : String(e)})`,
    });
  }
});

const groupBy = z.array(z.string()).superRefine((names, ctx) => {
  if (names.includes("...") && names.length > 1) {
    ctx.addIssue({
      code: "custom",
      message: `"..." alone (it groups by all labels and cannot be combined with others)`,
    });
  }
  names.forEach((name, i) => {
    if (name !== "..." && !LABEL_NAME.test(name)) {
      ctx.addIssue({
        code: "custom",
        path: [i],
        message: `a label name (letters, digits, _) or "..."`,
      });
    }
  });
});

/** One node of the routing tree, as configured (unset options are inherited). */
export interface RouteConfig {
  receiver?: string;
  /** Labels to group by; `["..."]` groups by all labels. */
  groupBy?: string[];
  groupWaitMs?: number;
  groupIntervalMs?: number;
  repeatIntervalMs?: number;
  /** Alertmanager matcher strings, all of which an alert must satisfy. */
  matchers: string[];
  /** Keep evaluating later siblings after this route matched. */
  continue: boolean;
  routes: RouteConfig[];
}

/** A route as written in configuration, before defaults. */
export interface RouteConfigInput {
  receiver?: string;
  groupBy?: string[];
  groupWaitMs?: number;
  groupIntervalMs?: number;
  repeatIntervalMs?: number;
  matchers?: string[];
  continue?: boolean;
  routes?: RouteConfigInput[];
}

/**
 * Schema of a route and, recursively, its children. Strict: unknown keys
 * (an Alertmanager-style `group_by`, say) are errors rather than ignored.
 *
 * @example
 * ```ts
 * const root = routeConfigSchema.parse({
 *   routes: [{ matchers: ['severity="critical"'], receiver: "pager", groupWaitMs: 10_000 }],
 * });
 * ```
 */
export const routeConfigSchema: z.ZodType<RouteConfig, RouteConfigInput> = z.lazy(() =>
  z.object({
    receiver: z.string().min(1).optional(),
    groupBy: groupBy.optional(),
    groupWaitMs: z.number().int().nonnegative().optional(),
    groupIntervalMs: z.number().int().positive().optional(),
    repeatIntervalMs: z.number().int().positive().optional(),
    matchers: z.array(matcherString).default([]),
    continue: z.boolean().default(false),
    routes: z.array(routeConfigSchema).default([]),
  }).strict()
);

/**
 * Schema of the root route: like any route, but Alertmanager's rules apply —
 * no matchers (every alert must enter the tree) and no `continue`.
 *
 * @example
 * ```ts
 * rootRouteConfigSchema.parse({ matchers: ['a="b"'] }); // throws: the root route matches every alert
 * ```
 */
export const rootRouteConfigSchema: z.ZodType<RouteConfig, RouteConfigInput> = routeConfigSchema
  .superRefine((route, ctx) => {
    if (route.matchers.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["matchers"],
        message: "an empty list (the root route matches every alert and takes no matchers)",
      });
    }
    if (route.continue) {
      ctx.addIssue({
        code: "custom",
        path: ["continue"],
        message: "false (the root route has no siblings to continue to)",
      });
    }
  });

/**
 * What the root route uses for options it leaves unset (Alertmanager's
 * defaults, except grouping by `alertname` rather than into one group).
 */
export const ROOT_ROUTE_DEFAULTS: Readonly<{
  receiver: string;
  groupBy: readonly string[];
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}> = Object.freeze({
  receiver: "default",
  groupBy: Object.freeze(["alertname"]),
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 14_400_000,
});

/**
 * Schema of one inhibition rule: while an alert matching `sourceMatchers`
 * fires, alerts matching `targetMatchers` with the same values of the
 * `equal` labels are muted.
 *
 * @example
 * ```ts
 * inhibitRuleConfigSchema.parse({
 *   sourceMatchers: ['alertname="ExchangeDown"'], targetMatchers: ['alertname="StaleData"'],
 *   equal: ["exchange"],
 * });
 * ```
 */
export const inhibitRuleConfigSchema = z.object({
  sourceMatchers: z.array(matcherString).min(1, "at least one source matcher"),
  targetMatchers: z.array(matcherString).min(1, "at least one target matcher"),
  equal: z.array(z.string().regex(LABEL_NAME, "a label name such as instance")).default([]),
}).strict();

/** One inhibition rule, as configured. */
export type InhibitRuleConfig = z.infer<typeof inhibitRuleConfigSchema>;

const DEFAULT_EQUAL = ["alertname", "actor", "exchange", "symbol", "timeframe", "instance"];

/**
 * A critical alert mutes the warning, and a warning the info, of the same
 * alert about the same thing (every identifying label equal).
 */
export const DEFAULT_INHIBIT_RULES: readonly InhibitRuleConfig[] = Object.freeze([
  {
    sourceMatchers: ['severity="critical"'],
    targetMatchers: ['severity="warning"'],
    equal: [...DEFAULT_EQUAL],
  },
  {
    sourceMatchers: ['severity="warning"'],
    targetMatchers: ['severity="info"'],
    equal: [...DEFAULT_EQUAL],
  },
]);

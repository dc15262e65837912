/**
 * Turning strategy configuration (`{ id, name?, params? }`) into validated,
 * ready-to-run strategies, with errors that name the strategy, the
 * parameter, the value received and what was expected.
 *
 * @module
 */
import { z } from "zod";
import { ConfigError } from "../lib/errors.ts";
import type { AnyStrategy, ResolvedStrategy } from "./types.ts";

/**
 * One configured strategy.
 *
 * @example
 * ```ts
 * const entry: StrategyConfig = { id: "rsi_reversion", name: "rsi_tight", params: { oversold: 20 } };
 * ```
 */
export interface StrategyConfig {
  /** Registry id. */
  id: string;
  /** Name used on signals and positions; defaults to `id`. Needed to run one id twice. */
  name?: string;
  /** Parameters; omitted fields take their defaults. */
  params?: Record<string, unknown>;
}

/**
 * Invalid strategy configuration. A {@linkcode ConfigError}: the process
 * refuses to start (exit code 2) rather than trade on a misread setting.
 *
 * @example
 * ```ts
 * try {
 *   resolveStrategies([{ id: "rsi_reversion", params: { oversold: 120 } }]);
 * } catch (e) {
 *   if (e instanceof StrategyConfigError) e.strategy; // "rsi_reversion"
 * }
 * ```
 */
export class StrategyConfigError extends ConfigError {
  override name = "StrategyConfigError";
  /** The strategy id (or the entry index when the id itself is missing). */
  readonly strategy: string;

  constructor(strategy: string, message: string) {
    super(message);
    this.strategy = strategy;
  }
}

/**
 * Validates each entry against `registry`; throws a
 * {@linkcode StrategyConfigError} on an unknown id (listing the known ones),
 * an invalid parameter, or a name used twice.
 *
 * @example
 * ```ts
 * const resolved = resolveWith({ rsi_reversion: rsiReversion }, [{ id: "rsi_reversion" }]);
 * resolved[0]!.params; // { period: 14, oversold: 30, overbought: 70 }
 * ```
 */
export function resolveWith(
  registry: Readonly<Record<string, AnyStrategy>>,
  config: readonly StrategyConfig[],
): ResolvedStrategy[] {
  if (!Array.isArray(config)) {
    throw new StrategyConfigError(
      "(config)",
      `strategy config must be an array of { id, name?, params? }, received ${show(config)}`,
    );
  }
  const names = new Set<string>();
  return config.map((entry, i) => {
    if (typeof entry !== "object" || entry === null || typeof entry.id !== "string") {
      throw new StrategyConfigError(
        `#${i}`,
        `strategy config entry ${i} must be an object with a string id, received ${show(entry)}`,
      );
    }
    const strategy = Object.hasOwn(registry, entry.id) ? registry[entry.id] : undefined;
    if (strategy === undefined) {
      throw new StrategyConfigError(
        entry.id,
        `unknown strategy ${JSON.stringify(entry.id)}; known strategies: ${
          Object.keys(registry).sort().join(", ")
        }`,
      );
    }
    const name = entry.name ?? entry.id;
    if (typeof name !== "string" || name.length === 0) {
      throw new StrategyConfigError(
        entry.id,
        `strategy "${entry.id}": name must be a non-empty string, received ${show(name)}`,
      );
    }
    if (names.has(name)) {
      throw new StrategyConfigError(
        entry.id,
        `strategy name ${
          JSON.stringify(name)
        } is used twice; give each instance of "${entry.id}" its own name`,
      );
    }
    names.add(name);
    const input = entry.params ?? {};
    const parsed = strategy.parameters.safeParse(input);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => describe(strategy, input, issue));
      throw new StrategyConfigError(entry.id, `strategy "${entry.id}": ${details.join("; ")}`);
    }
    return { name, strategy, params: parsed.data };
  });
}

function describe(strategy: AnyStrategy, input: unknown, issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(strategy.parameters);
    return `unknown parameter${issue.keys.length > 1 ? "s" : ""} ${
      issue.keys.map((k) => JSON.stringify(k)).join(", ")
    }; known parameters: ${known.length > 0 ? known.join(", ") : "(none)"}`;
  }
  if (issue.path.length === 0) {
    return `parameters must be an object of name: value, received ${show(input)}`;
  }
  const path = issue.path.map(String).join(".");
  return `parameter "${path}" = ${show(valueAt(input, issue.path))} is invalid: ${issue.message}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function knownKeys(schema: unknown): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return knownKeys(schema.in);
  return [];
}

function show(value: unknown): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * The built-in strategies by id, and resolution of configuration against them.
 *
 * @module
 */
import { bollinger } from "./bollinger.ts";
import { emaCross } from "./ema_cross.ts";
import { macdCross } from "./macd_cross.ts";
import { resolveWith, type StrategyConfig } from "./resolve.ts";
import { rsiReversion } from "./rsi_reversion.ts";
import type { AnyStrategy, ResolvedStrategy } from "./types.ts";
import { createVoteStrategy } from "./vote.ts";

/**
 * Every built-in strategy by id.
 *
 * @example
 * ```ts
 * Object.keys(strategyRegistry); // ["ema_cross", "rsi_reversion", "macd_cross", "bollinger", "vote"]
 * strategyRegistry.rsi_reversion?.description;
 * ```
 */
export const strategyRegistry: Readonly<Record<string, AnyStrategy>> = Object.freeze({
  [emaCross.id]: emaCross,
  [rsiReversion.id]: rsiReversion,
  [macdCross.id]: macdCross,
  [bollinger.id]: bollinger,
  vote: createVoteStrategy(() => strategyRegistry),
});

/**
 * Validates strategy configuration and returns the strategies ready to run.
 * Throws a `StrategyConfigError` naming the strategy id, the parameter, the
 * value and what was expected; an unknown id lists the known ones.
 *
 * @example
 * ```ts
 * const strategies = resolveStrategies([
 *   { id: "ema_cross", params: { fast: 9, slow: 21 } },
 *   { id: "bollinger", params: { mode: "reversion" } },
 * ]);
 * ```
 */
export function resolveStrategies(
  config: readonly StrategyConfig[],
  registry: Readonly<Record<string, AnyStrategy>> = strategyRegistry,
): ResolvedStrategy[] {
  return resolveWith(registry, config);
}

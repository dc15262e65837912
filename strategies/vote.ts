/**
 * A vote of several strategies: it signals when at least `threshold`
 * members signal the same side on the same candle.
 *
 * @module
 */
import { z } from "zod";
import { errorMessage } from "../lib/errors.ts";
import { resolveWith } from "./resolve.ts";
import type { AnyStrategy, ProposedSignal, ResolvedStrategy, Strategy } from "./types.ts";

/**
 * Validated vote parameters: members already resolved.
 *
 * @example
 * ```ts
 * const p: VoteParams = { threshold: 2, members: resolveStrategies([{ id: "ema_cross" }, { id: "macd_cross" }]) };
 * ```
 */
export interface VoteParams {
  threshold: number;
  members: readonly ResolvedStrategy[];
}

/**
 * Each member's own state, in member order.
 *
 * @example
 * ```ts
 * const s: VoteState = { members: [{ low: null, high: null }, null] };
 * ```
 */
export interface VoteState {
  members: unknown[];
}

const memberSchema = z.strictObject({
  id: z.string().min(1, "expected a strategy id"),
  name: z.string().min(1, "expected a non-empty name").optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Builds the vote strategy. `registry` is called lazily, at validation
 * time, so the vote can live in the very registry it looks members up in
 * (and votes can nest).
 *
 * Rules: members below their own warm-up abstain. When both sides reach the
 * threshold on one candle (possible with `threshold` ≤ half the members),
 * the side with more votes wins and a tie emits nothing. Strength is the sum
 * of the agreeing members' strengths over the number of members: it grows
 * with both how many agree and how strongly.
 *
 * @example
 * ```ts
 * const vote = createVoteStrategy(() => strategyRegistry);
 * const [resolved] = resolveStrategies([{
 *   id: "vote",
 *   params: { threshold: 2, members: [{ id: "ema_cross" }, { id: "macd_cross" }] },
 * }]);
 * ```
 */
export function createVoteStrategy(
  registry: () => Readonly<Record<string, AnyStrategy>>,
): Strategy<VoteParams, VoteState> {
  const parameters = z.strictObject({
    members: z.array(memberSchema).min(1, "expected at least one member").default([
      { id: "ema_cross" },
      { id: "macd_cross" },
      { id: "rsi_reversion" },
    ]),
    threshold: z.number().int("expected an integer").min(1, "expected at least 1").default(2),
  }).refine((p) => p.threshold <= p.members.length, {
    message: "expected a threshold no greater than the number of members",
    path: ["threshold"],
    // Only compare fields that are valid themselves; otherwise the field's own error says it.
    when: (payload) => payload.issues.length === 0,
  }).transform((p, ctx): VoteParams => {
    try {
      return { threshold: p.threshold, members: resolveWith(registry(), p.members) };
    } catch (e) {
      ctx.addIssue({ code: "custom", message: errorMessage(e), path: ["members"] });
      return z.NEVER;
    }
  });

  return {
    id: "vote",
    description:
      "Signals when at least `threshold` member strategies signal the same side on the same candle.",
    parameters,
    timeframes: "any",
    warmup: (p) => Math.max(...p.members.map((m) => m.strategy.warmup(m.params))),
    uses: (p) => [...new Set(p.members.flatMap((m) => m.strategy.uses(m.params)))],
    initialState: (p) => ({ members: p.members.map((m) => m.strategy.initialState(m.params)) }),
    evaluate(view, p, state) {
      const next: unknown[] = [];
      const votes: { buy: [string, ProposedSignal][]; sell: [string, ProposedSignal][] } = {
        buy: [],
        sell: [],
      };
      p.members.forEach((m, i) => {
        const result = m.strategy.evaluate(view, m.params, state.members[i]);
        next.push(result.state);
        if (result.signal !== null && view.count >= m.strategy.warmup(m.params)) {
          votes[result.signal.side].push([m.name, result.signal]);
        }
      });
      const nextState = { members: next };
      const [buys, sells] = [votes.buy.length, votes.sell.length];
      const side = buys >= p.threshold && buys > sells
        ? "buy"
        : sells >= p.threshold && sells > buys
        ? "sell"
        : null;
      if (side === null) return { signal: null, state: nextState };
      const agreeing = votes[side];
      const values: Record<string, number | null> = {};
      for (const [, s] of agreeing) Object.assign(values, s.values);
      return {
        signal: {
          side,
          strength: agreeing.reduce((sum, [, s]) => sum + s.strength, 0) / p.members.length,
          reason: `${agreeing.length} of ${p.members.length} strategies say ${side}: ${
            agreeing.map(([name, s]) => `${name} (${s.reason})`).join("; ")
          }`,
          values,
        },
        state: nextState,
      };
    },
  };
}

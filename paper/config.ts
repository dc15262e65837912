/**
 * Settings of the simulated account: money, sizing, costs and exits.
 *
 * @module
 */
import { z } from "zod";
import { ConfigError } from "../lib/errors.ts";

const fraction = (what: string) =>
  z.number().gt(0, `expected ${what} in (0, 1)`).lt(1, `expected ${what} in (0, 1)`);
const cost = (what: string) =>
  z.number().min(0, `expected ${what} in [0, 0.1]`).max(0.1, `expected ${what} in [0, 0.1]`);

/**
 * Schema of {@linkcode PaperConfig}, with defaults.
 *
 * @example
 * ```ts
 * paperConfigSchema.parse({ stopLoss: 0.02 }).maxOpenPositions; // 3
 * ```
 */
export const paperConfigSchema = z.strictObject({
  /** Wallet account name. */
  account: z.string().min(1, "expected a non-empty account name").default("default"),
  /** Quote-currency cash at the start. */
  startingBalance: z.number().gt(0, "expected a positive balance").default(10_000),
  /**
   * Quote notional per entry: a fixed amount, or a fraction of equity at the
   * fill (capped at the cash left). Fees come on top of the stake.
   */
  stake: z.discriminatedUnion("mode", [
    z.strictObject({
      mode: z.literal("fixed"),
      amount: z.number().gt(0, "expected a positive amount"),
    }),
    z.strictObject({
      mode: z.literal("fraction"),
      fraction: z.number().gt(0, "expected a fraction in (0, 1]").max(
        1,
        "expected a fraction in (0, 1]",
      ),
    }),
  ], 'expected { mode: "fixed", amount } or { mode: "fraction", fraction }').default({
    mode: "fraction",
    fraction: 0.1,
  }),
  /** Open positions allowed at once, across strategies and series. */
  maxOpenPositions: z.number().int("expected an integer").min(1, "expected at least 1").default(3),
  /** Fee per fill as a fraction of its notional (0.001 = 0.1 %), paid in quote. */
  feeRate: cost("a fee rate").default(0.001),
  /** Adverse price move per fill as a fraction: buys fill higher, sells lower. */
  slippage: cost("a slippage").default(0.0005),
  /** Stop-loss distance below the entry price, as a fraction; `null` for none. */
  stopLoss: fraction("a stop-loss").nullable().default(null),
  /** Take-profit distance above the entry price, as a fraction; `null` for none. */
  takeProfit: z.number().gt(0, "expected a positive take-profit fraction").nullable().default(
    null,
  ),
  /** Trailing stop distance below the high-water mark, as a fraction; `null` for none. */
  trailingStop: fraction("a trailing stop").nullable().default(null),
  /**
   * A pending order fills on the first later candle of its series if that
   * candle opens within this many timeframes of the signal candle (1 = only
   * the very next candle); after a gap in the data it expires instead.
   */
  fillWindowCandles: z.number().int("expected an integer").min(1, "expected at least 1").default(
    1,
  ),
});

/**
 * Validated paper-trading settings.
 *
 * @example
 * ```ts
 * const config: PaperConfig = parsePaperConfig({ stake: { mode: "fixed", amount: 100 } });
 * ```
 */
export type PaperConfig = z.infer<typeof paperConfigSchema>;

/**
 * Validates settings, filling in defaults; throws a `ConfigError` naming each
 * bad field, its value and what is expected.
 *
 * @example
 * ```ts
 * parsePaperConfig({ feeRate: 0.5 }); // throws: paper.feeRate = 0.5 is invalid: expected a fee rate in [0, 0.1]
 * ```
 */
export function parsePaperConfig(input: unknown = {}): PaperConfig {
  const parsed = paperConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const path = ["paper", ...issue.path.map(String)].join(".");
      if (issue.code === "unrecognized_keys") {
        return `${path}: unknown setting${issue.keys.length > 1 ? "s" : ""} ${
          issue.keys.join(", ")
        }; known: ${Object.keys(paperConfigSchema.shape).join(", ")}`;
      }
      let value: unknown = input;
      for (const key of issue.path) {
        value = typeof value === "object" && value !== null
          ? (value as Record<PropertyKey, unknown>)[key]
          : undefined;
      }
      return `${path} = ${JSON.stringify(value) ?? "undefined"} is invalid: ${issue.message}`;
    }).join("; "),
  );
}

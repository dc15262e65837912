/**
 * Crossover tests and signal-strength scales shared by the built-ins.
 *
 * @module
 */
import type { IndicatorRecord } from "./types.ts";

/**
 * Whether line A crossed above line B between two evaluations: A was at or
 * below B and is now strictly above. Equality counts as "not above", so a
 * flat market (both lines equal) followed by a rise is one cross, and a line
 * that only touches B does not fire twice.
 *
 * @example
 * ```ts
 * crossedAbove(1, 2, 3, 2); // true
 * crossedAbove(2, 2, 2, 2); // false
 * ```
 */
export function crossedAbove(prevA: number, prevB: number, a: number, b: number): boolean {
  return prevA <= prevB && a > b;
}

/**
 * Whether line A crossed below line B: at or above before, strictly below now.
 *
 * @example
 * ```ts
 * crossedBelow(3, 2, 1, 2); // true
 * ```
 */
export function crossedBelow(prevA: number, prevB: number, a: number, b: number): boolean {
  return prevA >= prevB && a < b;
}

/**
 * Strength of a distance measured against a scale: `|gap| / (|gap| + scale)`.
 * 0 at no distance, 0.5 when the distance equals the scale, towards 1 beyond;
 * it needs no clamp and no arbitrary cap. With no usable scale (`null` or
 * ≤ 0, e.g. ATR still warming up or a flat market) any non-zero gap is 1.
 *
 * @example
 * ```ts
 * gapStrength(2, 2); // 0.5
 * gapStrength(-1, 3); // 0.25
 * gapStrength(0, 3); // 0
 * ```
 */
export function gapStrength(gap: number, scale: number | null): number {
  const g = Math.abs(gap);
  if (g === 0) return 0;
  if (scale === null || !(scale > 0)) return 1;
  return g / (g + scale);
}

/**
 * Clamps to [0, 1].
 *
 * @example
 * ```ts
 * unit(1.7); // 1
 * ```
 */
export function unit(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * An indicator value, `null` when absent or warming up.
 *
 * @example
 * ```ts
 * read({ rsi_14: 40 }, "rsi_14"); // 40
 * read(null, "rsi_14"); // null
 * ```
 */
export function read(values: IndicatorRecord | null, key: string): number | null {
  return values?.[key] ?? null;
}

/**
 * A number for reasons: 6 significant digits, no exponent for usual prices.
 *
 * @example
 * ```ts
 * fmt(30123.456789); // "30123.5"
 * ```
 */
export function fmt(x: number): string {
  return String(Number(x.toPrecision(6)));
}

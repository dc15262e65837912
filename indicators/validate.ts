/**
 * Parameter checks shared by the indicators: they run once per constructor or
 * batch call, never per candle, so the hot paths stay branch-light.
 *
 * @module
 */

/**
 * Throws a `RangeError` naming `name` unless `value` is an integer ≥ `min`.
 *
 * @example
 * ```ts
 * import { requireInteger } from "./validate.ts";
 * const period = requireInteger("period", 20);
 * ```
 */
export function requireInteger(name: string, value: unknown, min = 1): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `${name} must be an integer >= ${min}, received ${describe(value)}`,
    );
  }
  return value;
}

/**
 * Throws a `RangeError` naming `name` unless `value` is a finite number > 0.
 *
 * @example
 * ```ts
 * import { requirePositive } from "./validate.ts";
 * const stdDev = requirePositive("stdDev", 2);
 * ```
 */
export function requirePositive(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, received ${describe(value)}`);
  }
  return value;
}

/**
 * Throws a `RangeError` unless every array in `inputs` has the same length;
 * returns that length.
 *
 * @example
 * ```ts
 * import { requireSameLength } from "./validate.ts";
 * const n = requireSameLength({ high: new Float64Array(3), low: new Float64Array(3) });
 * ```
 */
export function requireSameLength(inputs: Record<string, ArrayLike<number>>): number {
  let length = -1;
  let first = "";
  for (const [name, values] of Object.entries(inputs)) {
    if (length === -1) {
      length = values.length;
      first = name;
    } else if (values.length !== length) {
      throw new RangeError(
        `${name} has length ${values.length} but ${first} has length ${length}; inputs must align`,
      );
    }
  }
  return Math.max(length, 0);
}

/**
 * Returns `out` when given (checking it is long enough), else a new array.
 *
 * @example
 * ```ts
 * import { outputArray } from "./validate.ts";
 * const out = outputArray("out", 10);
 * ```
 */
export function outputArray(name: string, length: number, out?: Float64Array): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (out.length < length) {
    throw new RangeError(`${name} has length ${out.length} but the input has length ${length}`);
  }
  return out;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value == null) {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

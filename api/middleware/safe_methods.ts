/**
 * Which methods only read.
 *
 * @module
 */

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a method only reads (RFC 9110 "safe"); everything else mutates.
 *
 * @example
 * ```ts
 * isSafeMethod("GET"); // true
 * isSafeMethod("POST"); // false
 * ```
 */
export function isSafeMethod(method: string): boolean {
  return SAFE.has(method.toUpperCase());
}

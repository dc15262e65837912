/**
 * A received value as an error message shows it: JSON where it has a JSON
 * form, else its string form (a BigInt, a function, a cycle), and "none"
 * for `undefined`. Never throws, whatever it is given.
 *
 * @example
 * ```ts
 * describeValue("drain"); // '"drain"'
 * describeValue(undefined); // "none"
 * describeValue(10n); // "10"
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "none";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

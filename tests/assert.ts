/**
 * Assertions for tests, on `node:assert/strict` (JSR's @std/assert is not
 * reachable here). Names follow @std/assert so tests read the same.
 *
 * @module
 */
import assertNode from "node:assert/strict";

/** Asserts that `value` is truthy. */
export function assert(value: unknown, message?: string): asserts value {
  assertNode.ok(value, message);
}

/** Asserts deep, strict equality. */
export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  assertNode.deepStrictEqual(actual, expected, message);
}

/** Asserts that `actual` contains `expected`. */
export function assertStringIncludes(actual: string, expected: string, message?: string): void {
  assertNode.ok(
    actual.includes(expected),
    message ?? `expected ${JSON.stringify(actual)} to include ${JSON.stringify(expected)}`,
  );
}

/** Asserts that `fn` rejects, with a message containing `includes` when given. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  includes?: string,
): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    if (includes) assertStringIncludes(err.message, includes);
    return err;
  }
  throw new assertNode.AssertionError({ message: "expected the function to reject" });
}

/** Asserts that `fn` throws, with a message containing `includes` when given. */
export function assertThrows(fn: () => unknown, includes?: string): Error {
  try {
    fn();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    if (includes) assertStringIncludes(err.message, includes);
    return err;
  }
  throw new assertNode.AssertionError({ message: "expected the function to throw" });
}

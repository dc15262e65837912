/**
 * Readiness checks: each one named, run at once with its own deadline, and
 * reported together.
 *
 * @module
 */
import { errorMessage } from "../../lib/errors.ts";
import { withTimeout } from "./timeout.ts";

/** What a check found; throwing means it failed. */
export type CheckOutcome = { detail?: string } | void;

/** A named readiness check. */
export interface Check {
  name: string;
  /** Resolves when the dependency is usable; rejects (with why) when not. */
  run(): Promise<CheckOutcome>;
}

/** The result of one check. */
export interface CheckResult {
  name: string;
  ok: boolean;
  /** How long it took, ms. */
  ms: number;
  /** On success, what it saw; on failure, why it failed. */
  detail?: string;
}

/** The readiness report: ready only when every check passed. */
export interface ReadinessReport {
  status: "ready" | "not_ready";
  checks: CheckResult[];
  /** Names of the checks that failed. */
  failing: string[];
}

/**
 * Runs every check concurrently, each limited to `timeoutMs`.
 *
 * @example
 * ```ts
 * const report = await runChecks([
 *   { name: "always", run: () => Promise.resolve() },
 *   { name: "never", run: () => Promise.reject(new Error("down")) },
 * ], 1_000);
 * report.failing; // ["never"]
 * ```
 */
export async function runChecks(
  checks: readonly Check[],
  timeoutMs: number,
): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map(async (check): Promise<CheckResult> => {
    const start = performance.now();
    const ms = () => Math.round((performance.now() - start) * 10) / 10;
    try {
      const outcome = await withTimeout(
        Promise.resolve().then(() => check.run()),
        timeoutMs,
        check.name,
      );
      return {
        name: check.name,
        ok: true,
        ms: ms(),
        ...(outcome?.detail ? { detail: outcome.detail } : {}),
      };
    } catch (e) {
      return { name: check.name, ok: false, ms: ms(), detail: errorMessage(e) };
    }
  }));
  const failing = results.filter((r) => !r.ok).map((r) => r.name);
  return { status: failing.length === 0 ? "ready" : "not_ready", checks: results, failing };
}

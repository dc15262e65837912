import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { runChecks } from "./checks.ts";
import { TimeoutError, withTimeout } from "./timeout.ts";

Deno.test("readiness is ready only when every check passes, and names the failing ones", async () => {
  const report = await runChecks([
    { name: "up", run: () => Promise.resolve({ detail: "fine" }) },
    { name: "down", run: () => Promise.reject(new Error("connection refused")) },
    {
      name: "throws",
      run: () => {
        throw new TypeError("bad config");
      },
    },
  ], 1_000);
  assertEquals(report.status, "not_ready");
  assertEquals(report.failing, ["down", "throws"]);
  assertEquals(report.checks.map((c) => [c.name, c.ok, c.detail]), [
    ["up", true, "fine"],
    ["down", false, "connection refused"],
    ["throws", false, "bad config"],
  ]);
  const ok = await runChecks([{ name: "up", run: () => Promise.resolve() }], 1_000);
  assertEquals(ok.status, "ready");
  assertEquals(ok.failing, []);
});

Deno.test("a hanging check fails at its deadline while the others still report", async () => {
  let release!: () => void;
  const hang = new Promise<void>((r) => release = r);
  const start = performance.now();
  const report = await runChecks([
    { name: "hangs", run: () => hang },
    { name: "up", run: () => Promise.resolve() },
  ], 100);
  const took = performance.now() - start;
  release();
  assert(took >= 95 && took < 1_000, `took ${took} ms`);
  assertEquals(report.failing, ["hangs"]);
  assertEquals(report.checks[0]!.detail, "hangs did not answer within 100 ms");
});

Deno.test("withTimeout passes a result through and rejects late work with a TimeoutError", async () => {
  assertEquals(await withTimeout(Promise.resolve(7), 50, "x"), 7);
  const e = await assertRejects(() => withTimeout(new Promise(() => {}), 20, "ping"), "ping");
  assert(e instanceof TimeoutError);
  // A rejection after the deadline is swallowed, not reported as unhandled.
  let fail!: (e: Error) => void;
  const late = new Promise((_, r) => fail = r);
  await assertRejects(() => withTimeout(late, 10, "late"), "late did not answer");
  fail(new Error("too late"));
  await new Promise((r) => setTimeout(r, 10));
});

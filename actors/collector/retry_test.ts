import { getLogger } from "@logtape/logtape";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { BadSymbolError, withRetryAfter } from "../../market/errors.ts";
import { retryForever } from "./retry.ts";

const logger = getLogger(["ct", "test", "retry"]);

class NetworkError extends Error {}
class AuthenticationError extends Error {}

function failing(failures: Error[], value = "ok") {
  let calls = 0;
  const fn = () => {
    const err = failures[calls++];
    return err ? Promise.reject(err) : Promise.resolve(value);
  };
  return { fn, calls: () => calls };
}

Deno.test("retry keeps going through network and unknown errors, then returns", async () => {
  const seen: string[] = [];
  const f = failing([new NetworkError("reset"), new TypeError("x is undefined"), new Error("odd")]);
  const got = await retryForever(f.fn, {
    what: "fetching",
    peer: "test",
    logger,
    signal: new AbortController().signal,
    backoff: { minMs: 1, maxMs: 4 },
    onFailure: (c) => seen.push(c.kind),
  });
  assertEquals(got, "ok");
  assertEquals(f.calls(), 4);
  assertEquals(seen, ["retryable", "unknown", "unknown"]);
});

Deno.test("retry gives up at once on a bad symbol or refused credentials", async () => {
  for (const err of [new BadSymbolError("no such market"), new AuthenticationError("bad key")]) {
    const f = failing([err]);
    const opts = { what: "x", peer: "y", logger, signal: new AbortController().signal };
    const got = await assertRejects(() => retryForever(f.fn, opts));
    assertEquals(got, err);
    assertEquals(f.calls(), 1);
  }
});

Deno.test("retry waits at least the Retry-After the exchange asked for", async () => {
  const f = failing([withRetryAfter(new NetworkError("429"), 150)]);
  const start = performance.now();
  await retryForever(f.fn, {
    what: "x",
    peer: "y",
    logger,
    signal: new AbortController().signal,
    backoff: { minMs: 1, maxMs: 2 },
  });
  const waited = performance.now() - start;
  assert(waited >= 145, `waited ${waited} ms`);
});

Deno.test("retry stops waiting when aborted", async () => {
  const ac = new AbortController();
  const f = failing(Array.from({ length: 100 }, () => new NetworkError("down")));
  const p = retryForever(f.fn, {
    what: "x",
    peer: "y",
    logger,
    signal: ac.signal,
    backoff: { minMs: 60_000, maxMs: 60_000 },
  });
  setTimeout(() => ac.abort(new Error("shutdown")), 10);
  await assertRejects(() => p, "shutdown");
  assertEquals(f.calls(), 1);
});

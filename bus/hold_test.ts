import { getLogger } from "@logtape/logtape";
import { RetryableError } from "../lib/errors.ts";
import { StoreConnectionError } from "../store/mod.ts";
import { assertEquals, assertRejects } from "../tests/assert.ts";
import { holdWhileTransient } from "./hold.ts";

const log = getLogger(["ct", "test", "bus"]);
const down = () =>
  new StoreConnectionError("postgres://ct:***@db:5432/ct", new Error("ECONNREFUSED"));

Deno.test("a delivery waits out unreachable storage instead of failing", async () => {
  let calls = 0;
  const value = await holdWhileTransient(() => {
    if (++calls < 4) return Promise.reject(down());
    return Promise.resolve("stored");
  }, { signal: new AbortController().signal, log, minDelayMs: 1, maxDelayMs: 2 });
  assertEquals([value, calls], ["stored", 4]);
});

Deno.test("any other error fails at once, for the bus to retry or dead-letter", async () => {
  let calls = 0;
  await assertRejects(
    () =>
      holdWhileTransient(() => {
        calls++;
        return Promise.reject(new TypeError("labels.alertname is required"));
      }, { signal: new AbortController().signal, log, minDelayMs: 1 }),
    "labels.alertname is required",
  );
  assertEquals(calls, 1);
});

Deno.test("stopping the consumer ends the wait, leaving the message unacknowledged", async () => {
  const stop = new AbortController();
  let calls = 0;
  const waiting = holdWhileTransient(() => {
    if (++calls === 2) stop.abort(new Error("consumer is stopping"));
    return Promise.reject(down());
  }, { signal: stop.signal, log, minDelayMs: 1, maxDelayMs: 1 });
  await assertRejects(() => waiting, "consumer is stopping");
});

Deno.test("any retryable error is held, and a consumer that lost its partition stops holding", async () => {
  let calls = 0;
  let ours = true;
  const waiting = holdWhileTransient(() => {
    if (++calls === 3) ours = false;
    return Promise.reject(new RetryableError("peer answered 503"));
  }, { signal: new AbortController().signal, log, keepGoing: () => ours, minDelayMs: 1 });
  await assertRejects(() => waiting, "peer answered 503");
  assertEquals(calls, 3);
});

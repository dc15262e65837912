import { getLogger } from "@logtape/logtape";
import { StoreConnectionError } from "../../store/mod.ts";
import { assertEquals, assertRejects } from "../../tests/assert.ts";
import { untilStored } from "./until_stored.ts";

const log = getLogger(["ct", "test", "alerter"]);
const down = () =>
  new StoreConnectionError("postgres://ct:***@db:5432/ct", new Error("ECONNREFUSED"));

Deno.test("an alert waits out unreachable storage instead of failing its delivery", async () => {
  let calls = 0;
  const value = await untilStored(() => {
    if (++calls < 4) return Promise.reject(down());
    return Promise.resolve("stored");
  }, { signal: new AbortController().signal, log, minDelayMs: 1, maxDelayMs: 2 });
  assertEquals([value, calls], ["stored", 4]);
});

Deno.test("any other error fails at once, for the bus to retry or dead-letter", async () => {
  let calls = 0;
  await assertRejects(
    () =>
      untilStored(() => {
        calls++;
        return Promise.reject(new TypeError("labels.alertname is required"));
      }, { signal: new AbortController().signal, log, minDelayMs: 1 }),
    "labels.alertname is required",
  );
  assertEquals(calls, 1);
});

Deno.test("stopping the actor ends the wait, leaving the message unacknowledged", async () => {
  const stop = new AbortController();
  let calls = 0;
  const waiting = untilStored(() => {
    if (++calls === 2) stop.abort(new Error("alerter is stopping"));
    return Promise.reject(down());
  }, { signal: stop.signal, log, minDelayMs: 1, maxDelayMs: 1 });
  await assertRejects(() => waiting, "alerter is stopping");
});

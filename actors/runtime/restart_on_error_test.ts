import { createInProcessBus, type PortBus } from "../../bus/in_process/mod.ts";
import { RestartError } from "../../lib/errors.ts";
import { createMessage } from "../../messages/mod.ts";
import { assert, assertEquals } from "../../tests/assert.ts";
import { restartOnError } from "./restart_on_error.ts";

const notification = (text: string) =>
  createMessage("notification", { channel: "log", groupKey: "g", text, fingerprints: [] }, {
    source: "t",
    key: "k",
    now: 0,
  });

Deno.test("a handler's RestartError crashes the actor with the delivery unsettled; other errors go to the bus as before", async () => {
  const transport = createInProcessBus({});
  const raw = transport.connect({ retryDelayMs: 5 });
  const crashes: unknown[] = [];
  const bus = restartOnError(raw, (e) => crashes.push(e));
  const attempts: string[] = [];
  await bus.subscribe({
    group: "g",
    topics: ["notification"],
    maxAttempts: 2,
    // Async, as actors' handlers are: the error comes as a rejection.
    handler: async (m) => {
      await Promise.resolve();
      if (m.type !== "notification") return;
      attempts.push(m.payload.text);
      if (m.payload.text === "restart") throw new RestartError("state cannot be trusted");
      if (m.payload.text === "plain") throw new Error("plain failure");
    },
  });
  await bus.publish(notification("plain"));
  await bus.publish(notification("restart"));
  const deadline = Date.now() + 5_000;
  while (crashes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 100));
  assertEquals(attempts, ["plain", "plain", "restart"], "retried, dead-lettered, then held");
  assertEquals(crashes.length, 1);
  assert(crashes[0] instanceof RestartError);
  assertEquals(transport.broker.groupBacklog("g"), 1, "the restart message is still held, unacked");
  assertEquals((await bus.deadLetters()).map((d) => d.error.includes("plain failure")), [true]);
  // As the crash would: the worker goes, and the broker takes the delivery back.
  await transport.kill(raw as PortBus);
});

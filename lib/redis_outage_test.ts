import { assertEquals } from "../tests/assert.ts";
import { reconnectOnceConnected, reportOutages } from "./redis_outage.ts";

Deno.test("the first connect fails on its cause; later drops back off from 50 ms to 2 s", () => {
  let connected = false;
  const strategy = reconnectOnceConnected(() => connected);
  const cause = new Error("ECONNREFUSED");
  assertEquals(strategy(0, cause), cause);
  connected = true;
  assertEquals([0, 1, 3, 5, 6, 20].map((n) => strategy(n, cause)), [
    50,
    100,
    400,
    1600,
    2000,
    2000,
  ]);
});

Deno.test("an outage is reported once when it starts and once when it ends, and not before connecting", () => {
  const listeners = new Map<string, (e?: unknown) => void>();
  const client = { on: (event: string, fn: (e?: unknown) => void) => listeners.set(event, fn) };
  const said: string[] = [];
  let connected = false;
  reportOutages(client, {
    connected: () => connected,
    down: (error) => said.push(`down ${error}`),
    up: () => said.push("up"),
  });
  const error = (m: string) => listeners.get("error")!(new Error(m));
  error("refused before the first connect");
  listeners.get("ready")!();
  connected = true;
  error("ECONNRESET");
  error("ECONNREFUSED");
  error("ECONNREFUSED");
  listeners.get("ready")!();
  listeners.get("ready")!();
  error("ETIMEDOUT");
  assertEquals(said, ["down Error: ECONNRESET", "up", "down Error: ETIMEDOUT"]);
});

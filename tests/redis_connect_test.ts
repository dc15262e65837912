/**
 * The Redis bus's connection through a forwarder the test cuts: node-redis
 * reconnects with backoff, and the outage is logged once, not once per
 * reconnect attempt.
 */
import { getLogger } from "@logtape/logtape";
import { connectRedis } from "../bus/redis/connect.ts";
import { assertEquals } from "./assert.ts";
import { captureLogs } from "./log_capture.ts";
import { TcpForwarder } from "./tcp_forwarder.ts";

Deno.test("a Redis bus connection logs an outage once when it starts and once when it ends", async () => {
  await using logs = await captureLogs(["ct", "test", "connect"]);
  const proxy = new TcpForwarder({ hostname: "127.0.0.1", port: 6379 });
  proxy.start();
  const conn = await connectRedis(
    `redis://127.0.0.1:${proxy.port}`,
    getLogger(["ct", "test", "connect"]),
    "test",
  );
  try {
    await proxy.stop();
    // Backoff 50, 100, 200, 400, 800 ms: five attempts fail within two seconds.
    await new Promise((r) => setTimeout(r, 2_000));
    proxy.start();
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      try {
        if (await conn.sendCommand(["PING"]) === "PONG") break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    assertEquals(await conn.sendCommand(["PING"]), "PONG");
    assertEquals(logs.records.map((r) => [r.level, r.rawMessage]), [
      ["warning", "Redis bus {role} connection to {url} failed, reconnecting: {error}"],
      ["info", "Redis bus {role} connection to {url} is back"],
    ]);
  } finally {
    await conn.close();
    await proxy.stop();
  }
});

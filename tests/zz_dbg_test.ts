import { candle, Progress } from "./bus_contract.ts";
import { leaseOwners, makeRedisFixture } from "./fixtures/redis_bus_fixture.ts";
import type { Message } from "../messages/mod.ts";
import { configure, getConsoleSink } from "@logtape/logtape";
await configure({ sinks: { console: getConsoleSink() }, loggers: [{ category: ["ct"], lowestLevel: "debug", sinks: ["console"] }, { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] }] });
for (let run = 0; run < 6; run++)
Deno.test({ name: "dbg" + run, sanitizeOps: false, sanitizeResources: false, fn: async () => {
  const f = await makeRedisFixture();
  const ids = new Set<string>(); let total = 0; const progress = new Progress();
  const stuck = Promise.withResolvers<void>();
  let stuckOn: Message | undefined;
  const a = await f.openRedis({ consumerName: "A" });
  const b = await f.openRedis({ consumerName: "B" });
  await a.subscribe({ group: "g", topics: ["candle"], handler: async (m) => {
    if (total >= 300 && !stuckOn) { stuckOn = m; progress.bump(); await stuck.promise; return; }
    ids.add(m.id); total++; progress.bump();
  } });
  await b.subscribe({ group: "g", topics: ["candle"], handler: (m) => { ids.add(m.id); total++; progress.bump(); } });
  await progress.until(async () => { const o = await leaseOwners(f.admin, f.prefix, "g", "candle"); return o.some((x) => x?.startsWith("A-")) && o.some((x) => x?.startsWith("B-")); }, "split");
  for (let seq = 0; seq < 100; seq++) await Promise.all(Array.from({length: 30}, (_, k) => b.publish(candle(`key-${k}`, seq))));
  await progress.until(() => stuckOn !== undefined, "stuck");
  await f.kill(a);
  stuck.resolve();
  try { await progress.until(() => ids.size === 3000, "all", 4000); } catch {
    console.log("STALLED handled", ids.size, await leaseOwners(f.admin, f.prefix, "g", "candle"));
    for (let p = 0; p < 8; p++) console.log(p, JSON.stringify(await f.admin.sendCommand(["XPENDING", `${f.prefix}:stream:candle:${p}`, "g"])), JSON.stringify(await f.admin.sendCommand(["XINFO", "GROUPS", `${f.prefix}:stream:candle:${p}`])), JSON.stringify(await f.admin.sendCommand(["XINFO", "CONSUMERS", `${f.prefix}:stream:candle:${p}`, "g"])));
  }
  await f.dispose();
}});

/**
 * The whole system over Redis and PostgreSQL as separate processes: one
 * collector process, two analyzer processes sharing the `analyzer` group,
 * one of which is SIGKILLed while the backfill burst is being analysed.
 *
 * @module
 */
import { partitionOf } from "../bus/redis/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import { Progress } from "./bus_contract.ts";
import {
  AnalysisObserver,
  busCounter,
  holdLeases,
  leasePids,
  memberPids,
  pendingEntries,
  type PendingEntry,
  streamedMessages,
} from "./fixtures/multi_process_bus.ts";
import {
  childEnv,
  createTestDatabase,
  deadline,
  spawnSystem,
  storedCandles,
  type SystemProcess,
  tailOf,
  uninterruptedIndicators,
} from "./fixtures/multi_process_system.ts";
import {
  assertKeyOrder,
  connectAdmin,
  deletePrefix,
  REDIS_URL,
  testPrefix,
} from "./fixtures/redis_bus_fixture.ts";

// Two series per partition of 8 (checked in the test), so whichever four
// partitions a process holds, it has work.
const SYMBOLS = [
  "BTC/USDT",
  "DOT/USDT",
  "BNB/USDT",
  "SOL/USDT",
  "BCH/USDT",
  "ALGO/USDT",
  "AVAX/USDT",
  "NEAR/USDT",
  "ETH/USDT",
  "DOGE/USDT",
  "XRP/USDT",
  "ETC/USDT",
  "LTC/USDT",
  "OP/USDT",
  "ADA/USDT",
  "SAND/USDT",
];
const BACKFILL = 300;
// Daily candles at speed 1: after the backfill nothing new closes until the
// next UTC midnight, so the burst is the whole stream (checked below).
const TIMEFRAME = "1d";
const DAY_MS = 86_400_000;
const PARTITIONS = 8;
const LEASE_MS = 2_000;
const CLAIM_IDLE_MS = 1_000;
/** The Redis bus's default `batchSize`: the longest replay a crash can cause. */
const BATCH_SIZE = 300;
const ROLES = "analyzer,strategy,alerter";
/** Analyses of its own series the victim publishes before it is killed (of 2,400). */
const VICTIM_ANALYSES = 200;

Deno.test("a SIGKILLed analyzer process's partitions and pending candles are taken over by the other, every stored candle analysed, per-key order kept", async () => {
  const startedAt = Date.now();
  const progress = new Progress();
  const prefix = testPrefix();
  const admin = await connectAdmin();
  const db = await createTestDatabase();
  const configFile = await Deno.makeTempFile({ prefix: "ct-multi-process-", suffix: ".json" });
  const procs: SystemProcess[] = [];
  let observer: AnalysisObserver | undefined;
  try {
    const seriesKeys = SYMBOLS.map((s) => `binance:${s}:${TIMEFRAME}`);
    assertEquals(
      Array.from(
        { length: PARTITIONS },
        (_, p) => seriesKeys.filter((k) => partitionOf(k, PARTITIONS) === p).length,
      ),
      Array(PARTITIONS).fill(2),
      "the watchlist puts two series in each partition",
    );
    // leaseMs has no environment variable; the file layer sets it.
    await Deno.writeTextFile(configFile, JSON.stringify({ bus: { leaseMs: LEASE_MS } }));
    const env = childEnv({
      DATABASE_URL: db.url,
      REDIS_URL,
      CT_BUS_PREFIX: prefix,
      CT_BUS_PARTITIONS: String(PARTITIONS),
      CT_BUS_CLAIM_IDLE_MS: String(CLAIM_IDLE_MS),
      CT_SOURCE: "sim",
      CT_SYMBOLS: SYMBOLS.join(","),
      CT_TIMEFRAMES: TIMEFRAME,
      CT_BACKFILL_CANDLES: String(BACKFILL),
      PORT: "0",
      LOG_LEVEL: "info",
      NO_COLOR: "1",
    });
    const spawn = (label: string, args: string[]) => {
      const p = spawnSystem(label, ["--config", configFile, ...args], env, () => progress.bump());
      procs.push(p);
      return p;
    };
    const running = new Set<SystemProcess>();
    /** Waits for `condition`, failing at once if a process that should run has exited. */
    const until = (condition: () => boolean | Promise<boolean>, what: string, ms = 20_000) =>
      progress.until(
        async () => {
          for (const p of running) {
            if (p.exited()) throw new Error(`${p.label} exited while waiting until ${what}`);
          }
          return await condition();
        },
        what,
        ms,
      );

    observer = await AnalysisObserver.open({
      url: REDIS_URL,
      prefix,
      partitions: PARTITIONS,
      progress,
    });
    const obs = observer;
    // The collector backfills first, with the analyzer group already declared
    // (every process declares every role's group), so the analyzers start on
    // a backlog they read in full batches: the victim then dies holding a
    // batch it has read and not acked. While the collector runs they would
    // keep up with it, one candle in hand at a time.
    const collector = spawn("p1 collector", ["--actors", "collector", "--speed", "1"]);
    running.add(collector);
    const nominal = SYMBOLS.length * BACKFILL;
    await until(
      async () => await busCounter(admin, prefix, "candle", "published") >= nominal,
      `the collector published its ${nominal} backfilled candles`,
    );
    running.delete(collector);
    collector.signal("SIGTERM");
    const collectorStatus = await deadline(
      collector.done,
      15_000,
      "the collector to exit on SIGTERM",
    );

    // Both analyzers join before either reads, so they share the backlog 4
    // and 4 from the start rather than one racing through it alone while the
    // other boots.
    const gate = { release: () => Promise.resolve() };
    const victim = spawn("p2 analyzer (victim)", ["--actors", ROLES]);
    const survivor = spawn("p3 analyzer (survivor)", ["--actors", ROLES]);
    running.add(victim).add(survivor);
    await until(async () => {
      const pids = await memberPids(admin, prefix, "analyzer", "candle");
      return pids.includes(victim.pid) || pids.includes(survivor.pid);
    }, "both analyzer processes joined the analyzer group");
    await gate.release();
    const analyzerLeases = () => leasePids(admin, prefix, "analyzer", "candle", PARTITIONS);
    let victimPartitions: number[] = [];
    await until(async () => {
      const pids = await analyzerLeases();
      victimPartitions = pids.flatMap((p, i) => p === victim.pid ? [i] : []);
      return victimPartitions.length === PARTITIONS / 2 &&
        pids.filter((p) => p === survivor.pid).length === PARTITIONS / 2;
    }, "the two analyzer processes split the candle partitions 4 and 4");
    const isVictims = (e: PendingEntry) => e.consumer.includes(`-${victim.pid}-`);
    // Only the lease holder analyses a partition's series, so until the kill
    // every analysis of these keys comes from the victim.
    const victimKeys = new Set(
      seriesKeys.filter((k) => victimPartitions.includes(partitionOf(k, PARTITIONS))),
    );
    const fromVictim = () => obs.arrivals.filter((a) => victimKeys.has(a.key)).length;
    await until(
      async () =>
        fromVictim() >= VICTIM_ANALYSES &&
        (await pendingEntries(admin, prefix, "analyzer", "candle", PARTITIONS)).some(isVictims),
      `the victim published ${VICTIM_ANALYSES} analyses and holds unacked candles`,
    );
    running.delete(victim);
    victim.signal("SIGKILL");
    const observedAtKill = obs.ids.size;
    const victimStatus = await deadline(victim.done, 5_000, "the victim to die");
    const diedAt = Date.now();
    const killedAt = performance.now();
    // Its pending list is frozen now: no one may claim it before claimIdleMs.
    const victimPending = (await pendingEntries(admin, prefix, "analyzer", "candle", PARTITIONS))
      .filter(isVictims);

    await until(
      async () => (await analyzerLeases()).every((p) => p === survivor.pid),
      "the survivor holds every candle partition of the analyzer group",
    );
    const failoverMs = Math.round(performance.now() - killedAt);

    // The expected set: every candle the collector stored.
    const series = await storedCandles(db.sql);
    const storedCount = [...series.values()].reduce((n, t) => n + t.length, 0);
    const expectedIndicators = await uninterruptedIndicators(series);
    const expectedIds = new Set(expectedIndicators.keys());
    await until(
      () => [...expectedIds].every((id) => obs.ids.has(id)),
      `the observer saw an analysis of each of the ${expectedIds.size} stored candles`,
    );
    await until(
      async () =>
        (await pendingEntries(admin, prefix, "analyzer", "candle", PARTITIONS)).length === 0,
      "the analyzer group has no pending candle left",
    );
    running.delete(survivor);
    survivor.signal("SIGTERM");
    const survivorStatus = await deadline(survivor.done, 15_000, "the survivor to exit on SIGTERM");

    assertEquals(collectorStatus.code, 0, "the collector exits 0 on SIGTERM");
    assertEquals(survivorStatus.code, 0, "the survivor exits 0 on SIGTERM");
    assertEquals(victimStatus.signal, "SIGKILL");

    // The stream is exactly the backfill (one more daily candle only if a UTC day turned).
    const dayTurned = Math.floor(startedAt / DAY_MS) !== Math.floor(Date.now() / DAY_MS);
    assertEquals([...series.keys()].sort(), [...seriesKeys].sort());
    for (const [key, { length }] of series) {
      assert(
        length === BACKFILL || (dayTurned && length === BACKFILL + 1),
        `${key} has ${length} stored candles, expected ${BACKFILL}`,
      );
    }
    assertEquals(
      await busCounter(admin, prefix, "candle", "published"),
      storedCount,
      "the collector published each stored candle once",
    );

    // Nothing lost, nothing invented: exactly one distinct analysis id per stored candle.
    assertEquals(obs.malformed, [], "analysis envelopes match their payload");
    const extra = [...obs.ids].filter((id) => !expectedIds.has(id));
    assertEquals(extra, [], "analyses of candles that were never stored");
    assertEquals(obs.ids.size, expectedIds.size);
    assertEquals(await busCounter(admin, prefix, "candle", "deadLettered"), 0);
    assertEquals(await busCounter(admin, prefix, "analysis", "deadLettered"), 0);

    // Per-key order. What any consumer group of `analysis` receives is the
    // partition streams' order, replays included: per series it runs through
    // the candles in order and steps back only to replay the victim's unacked
    // batch (at most batchSize), never skipping ahead (as in the bus tests).
    // The observer's bus skips ids it has handled, so its arrivals are the
    // first arrivals, which must be exactly the candles in order.
    const streamed = await streamedMessages(admin, prefix, "analysis", PARTITIONS);
    assertEquals(streamed.length, await busCounter(admin, prefix, "analysis", "published"));
    for (const [key, candles] of series) {
      const times = candles.map((c) => c.openTime);
      const index = new Map(times.map((t, i) => [t, i]));
      const seqsOf = (list: { key: string; openTime: number }[]) =>
        list.filter((a) => a.key === key).map((a) => index.get(a.openTime) ?? -1);
      assertKeyOrder(seqsOf(streamed), times.length, BATCH_SIZE, `${key} in the stream`);
      assertEquals(seqsOf(obs.arrivals), times.map((_, i) => i), `${key} first arrivals`);
    }
    // Every copy, replays included, carries what an uninterrupted analyzer computes.
    const wrong = streamed.filter((m) => m.indicators !== expectedIndicators.get(m.id));
    assertEquals(wrong.map((m) => m.id), [], "analyses whose indicators differ from one run");

    // The kill was mid-stream and the survivor took over the victim's work.
    assert(observedAtKill < expectedIds.size, `the kill came after all ${observedAtKill} analyses`);
    assert(victimPending.length > 0, "the victim died with unacked candles");
    const pendingPartitions = [...new Set(victimPending.map((e) => e.partition))];
    assert(
      pendingPartitions.every((p) => victimPartitions.includes(p)),
      `the victim's pending entries in ${pendingPartitions} lie in its partitions ${victimPartitions}`,
    );
    // Only a candle the victim left unacked is analysed twice (redelivered to
    // the survivor), and the victim had published analyses of some of them.
    const duplicates = streamed.length - expectedIds.size;
    assert(
      duplicates > 0 && duplicates <= victimPending.length,
      `${duplicates} duplicate analyses, expected 1 to the ${victimPending.length} candles the victim left unacked`,
    );
    for (const d of streamed.filter((m, i) => streamed.findIndex((x) => x.id === m.id) !== i)) {
      assert(victimKeys.has(d.key), `${d.id} was published twice but is not the victim's`);
    }
    // Analyses stamped after the victim's death were made by the survivor: it
    // finished every series the victim had been analysing.
    for (const key of victimKeys) {
      const last = obs.arrivals.findLast((a) => a.key === key)!;
      assert(
        last.ts > diedAt,
        `the last analysis of ${key} was made at ${last.ts}, before the victim died at ${diedAt}`,
      );
    }
    const signals = await db.sql<{ n: string }[]>`SELECT count(*) AS n FROM signals`;
    console.log(
      `multi-process: ${storedCount} candles, ${obs.ids.size} analyses (${duplicates} duplicates), ` +
        `victim killed after ${observedAtKill} with ${victimPending.length} unacked in partitions ` +
        `${victimPartitions.join(",")}, failover ${failoverMs} ms, ${signals[0]?.n} signals, ` +
        `${Date.now() - startedAt} ms in all`,
    );
  } catch (e) {
    console.error(`process output:\n${procs.map((p) => tailOf(p)).join("\n")}`);
    throw e;
  } finally {
    for (const p of procs) p.signal("SIGKILL");
    await Promise.all(procs.map((p) => p.done));
    await observer?.close();
    await deletePrefix(admin, prefix);
    await admin.close();
    await db.drop();
    await Deno.remove(configFile);
  }
});

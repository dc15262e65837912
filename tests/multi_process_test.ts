// deno-lint-ignore-file no-console -- it reports its figures, and on failure the processes' output
/**
 * The whole system over Redis and PostgreSQL as separate processes: a
 * collector process, then two processes running analyzer, strategy and
 * alerter in the same consumer groups, one of which is SIGKILLed while they
 * work through the collector's backlog.
 *
 * The processes are `deno run -A main.ts …`, the command `deno task start`
 * runs without its heart: under the task runner or the heart the SIGKILL
 * would hit a wrapper process rather than the system's (and the heart
 * would start it again).
 *
 * @module
 */
import { partitionOf } from "../bus/redis/mod.ts";
import { assert, assertEquals } from "./assert.ts";
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
import { SystemHarness } from "./fixtures/multi_process_harness.ts";
import { uninterruptedIndicators, uninterruptedSignals } from "./fixtures/multi_process_oracle.ts";
import { storedCandles, storedSignals } from "./fixtures/multi_process_system.ts";
import { assertKeyOrder, REDIS_URL } from "./fixtures/redis_bus_fixture.ts";

// Two series per partition of 8 (checked below), so whichever four
// partitions a process holds, it has work.
const SYMBOLS = [
  ["BTC", "DOT"],
  ["BNB", "SOL"],
  ["BCH", "ALGO"],
  ["AVAX", "NEAR"],
  ["ETH", "DOGE"],
  ["XRP", "ETC"],
  ["LTC", "OP"],
  ["ADA", "SAND"],
].flat().map((base) => `${base}/USDT`);
const BACKFILL = 300;
// Daily candles at speed 1: after the backfill nothing closes until the next
// UTC midnight, so the backfill is the whole stream (checked below).
const TIMEFRAME = "1d";
const DAY_MS = 86_400_000;
const PARTITIONS = 8;
const LEASE_MS = 2_000;
const CLAIM_IDLE_MS = 1_000;
/** The Redis bus's default `batchSize`: the longest replay a crash can cause. */
const BATCH_SIZE = 300;
/** Analyses of its own series the victim publishes before it is killed (of 2,400). */
const VICTIM_ANALYSES = 200;
const SERIES_KEYS = SYMBOLS.map((s) => `binance:${s}:${TIMEFRAME}`);

Deno.test("a SIGKILLed analyzer process's partitions and pending candles go to the other process: every stored candle analysed once as one run would, per-key order kept", async () => {
  assertEquals(
    Array.from(
      { length: PARTITIONS },
      (_, p) => SERIES_KEYS.filter((k) => partitionOf(k, PARTITIONS) === p).length,
    ),
    Array(PARTITIONS).fill(2),
    "the watchlist puts two series in each partition",
  );
  const startedAt = Date.now();
  const h = await SystemHarness.open({
    env: {
      CT_BUS_PARTITIONS: String(PARTITIONS),
      CT_BUS_CLAIM_IDLE_MS: String(CLAIM_IDLE_MS),
      CT_SOURCE: "sim",
      CT_SYMBOLS: SYMBOLS.join(","),
      CT_TIMEFRAMES: TIMEFRAME,
      CT_BACKFILL_CANDLES: String(BACKFILL),
      // A message per candle: the kill lands mid-series with candles in hand,
      // and every count below is of candles (batches: the pipeline tests).
      CT_CANDLES_PER_MESSAGE: "1",
      PORT: "0",
      LOG_LEVEL: "info",
    },
    // leaseMs has no environment variable.
    configFile: { bus: { leaseMs: LEASE_MS } },
  });
  const { admin, prefix } = h;
  try {
    const obs = await AnalysisObserver.open({
      url: REDIS_URL,
      prefix,
      partitions: PARTITIONS,
      progress: h.progress,
    });
    h.defer(() => obs.close());

    // The collector goes first; its process declares every role's group, so
    // the analyzers start on a backlog they read in full batches and the
    // victim dies holding one it has read and not acked. (Alongside the
    // collector they keep up with it, one candle in hand at a time.)
    const collector = h.spawn("p1 collector", ["--actors", "collector", "--speed", "1"]);
    const nominal = SYMBOLS.length * BACKFILL;
    await h.until(
      async () => await busCounter(admin, prefix, "candle", "published") >= nominal,
      `the collector published its ${nominal} backfilled candles`,
    );
    const collectorStatus = await h.stop(collector, "SIGTERM", 15_000);

    // Both join before either reads, so they share the backlog 4 and 4 from
    // the first read instead of one racing through it while the other boots.
    const gate = await holdLeases(admin, prefix, "analyzer", "candle", PARTITIONS, 30_000);
    const roles = ["--actors", "analyzer,strategy,alerter"];
    const victim = h.spawn("p2 (victim)", roles);
    const survivor = h.spawn("p3 (survivor)", roles);
    await h.until(async () => {
      const pids = await memberPids(admin, prefix, "analyzer", "candle");
      return pids.includes(victim.pid) && pids.includes(survivor.pid);
    }, "both processes joined the analyzer group");
    await gate.release();
    const analyzerLeases = () => leasePids(admin, prefix, "analyzer", "candle", PARTITIONS);
    let victimPartitions: number[] = [];
    await h.until(async () => {
      const pids = await analyzerLeases();
      victimPartitions = pids.flatMap((p, i) => p === victim.pid ? [i] : []);
      return victimPartitions.length === PARTITIONS / 2 &&
        pids.filter((p) => p === survivor.pid).length === PARTITIONS / 2;
    }, "the two processes split the candle partitions 4 and 4");

    // Only a partition's lease holder analyses its series, so until the kill
    // every analysis of these keys comes from the victim.
    const victimKeys = new Set(
      SERIES_KEYS.filter((k) => victimPartitions.includes(partitionOf(k, PARTITIONS))),
    );
    const isVictims = (e: PendingEntry) => e.consumer.includes(`-${victim.pid}-`);
    const analyzerPending = () => pendingEntries(admin, prefix, "analyzer", "candle", PARTITIONS);
    await h.until(
      async () =>
        obs.arrivals.filter((a) => victimKeys.has(a.key)).length >= VICTIM_ANALYSES &&
        (await analyzerPending()).some(isVictims),
      `the victim published ${VICTIM_ANALYSES} analyses and holds unacked candles`,
    );
    const observedAtKill = obs.ids.size;
    const victimStatus = await h.stop(victim, "SIGKILL", 5_000);
    const diedAt = Date.now();
    const killedAt = performance.now();
    // Frozen now: no one may claim these before they are idle claimIdleMs.
    const victimPending = (await analyzerPending()).filter(isVictims);
    await h.until(
      async () => (await analyzerLeases()).every((p) => p === survivor.pid),
      "the survivor holds every candle partition of the analyzer group",
    );
    const failoverMs = Math.round(performance.now() - killedAt);

    // The expected sets: from every candle the collector stored.
    const series = await storedCandles(h.db.sql);
    const storedCount = [...series.values()].reduce((n, c) => n + c.length, 0);
    const expectedIndicators = await uninterruptedIndicators(series);
    const expectedIds = new Set(expectedIndicators.keys());
    await h.until(
      () => [...expectedIds].every((id) => obs.ids.has(id)),
      `the observer saw an analysis of each of the ${expectedIds.size} stored candles`,
    );
    await h.until(
      async () => (await analyzerPending()).length === 0,
      "the analyzer group has no pending candle left",
    );
    await h.until(
      async () => (await obs.bus.stats()).analysis?.backlog === 0,
      "the strategy group consumed every analysis",
    );
    const survivorStatus = await h.stop(survivor, "SIGTERM", 15_000);

    assertEquals(collectorStatus.code, 0, "the collector exits 0 on SIGTERM");
    assertEquals(survivorStatus.code, 0, "the survivor exits 0 on SIGTERM");
    assertEquals(victimStatus.signal, "SIGKILL");

    // The stream is the backfill (a daily candle more only if a UTC day turned).
    const dayTurned = Math.floor(startedAt / DAY_MS) !== Math.floor(Date.now() / DAY_MS);
    assertEquals([...series.keys()].sort(), [...SERIES_KEYS].sort());
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

    // Nothing lost, nothing invented: one distinct analysis id per stored candle.
    assertEquals(obs.malformed, [], "analysis envelopes match their payload");
    assertEquals([...obs.ids].filter((id) => !expectedIds.has(id)), [], "analyses of no candle");
    assertEquals(obs.ids.size, expectedIds.size);
    for (const topic of ["candle", "analysis"] as const) {
      assertEquals(await busCounter(admin, prefix, topic, "deadLettered"), 0, topic);
    }

    // Per-key order. A consumer group of `analysis` receives the partition
    // streams' order, replays included: per series it runs through the
    // candles in order and steps back only to replay the victim's unacked
    // batch (at most batchSize), never skipping ahead (as in the bus tests).
    // The observer's bus skips ids it has handled, so its arrivals are the
    // first arrivals, which must be exactly the candles in order.
    const streamed = await streamedMessages(admin, prefix, "analysis", PARTITIONS);
    assertEquals(streamed.length, await busCounter(admin, prefix, "analysis", "published"));
    for (const [key, candles] of series) {
      const index = new Map(candles.map((c, i) => [c.openTime, i]));
      const seqsOf = (list: { key: string; openTime: number }[]) =>
        list.filter((a) => a.key === key).map((a) => index.get(a.openTime) ?? -1);
      assertKeyOrder(seqsOf(streamed), candles.length, BATCH_SIZE, `${key} in the stream`);
      assertEquals(seqsOf(obs.arrivals), candles.map((_, i) => i), `${key} first arrivals`);
    }
    // Every copy, replays included, is what one uninterrupted analyzer computes.
    const wrong = streamed.filter((m) => m.indicators !== expectedIndicators.get(m.id));
    assertEquals(wrong.map((m) => m.id), [], "analyses whose indicators differ from one run");
    assertEquals(
      await storedSignals(h.db.sql),
      uninterruptedSignals(series),
      "stored signals are those of one uninterrupted run",
    );

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
    const seen = new Set<string>();
    const duplicates = streamed.filter((m) => {
      if (seen.has(m.id)) return true;
      seen.add(m.id);
      return false;
    });
    assert(
      duplicates.length > 0 && duplicates.length <= victimPending.length,
      `${duplicates.length} duplicate analyses, expected 1 to the ${victimPending.length} candles the victim left unacked`,
    );
    const notVictims = duplicates.filter((d) => !victimKeys.has(d.key)).map((d) => d.id);
    assertEquals(notVictims, [], "analyses published twice outside the victim's series");
    // Analyses stamped after the victim's death were made by the survivor: it
    // finished every series the victim had been analysing.
    for (const key of victimKeys) {
      const last = obs.arrivals.findLast((a) => a.key === key)!;
      assert(last.ts > diedAt, `the last analysis of ${key} was made before the victim died`);
    }
    console.log(
      `multi-process: ${storedCount} candles, ${obs.ids.size} analyses ` +
        `(+${duplicates.length} replayed), victim killed after ${observedAtKill} with ` +
        `${victimPending.length} unacked in partitions ${victimPartitions.join(",")}, ` +
        `failover ${failoverMs} ms, ${Date.now() - startedAt} ms in all`,
    );
  } catch (e) {
    // The alerter logs a line per signal; they would hide the lines that matter.
    console.error(`process output:\n${h.outputs(/ct·alerter: signal/)}`);
    throw e;
  } finally {
    await h.dispose();
  }
});

import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { RetryableError } from "../../lib/errors.ts";
import { getLogger } from "@logtape/logtape";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../tests/assert.ts";
import { StoreBusyError, StoreFullError } from "../errors.ts";
import { createTimed } from "../timing.ts";
import { isBusy, isFull, transientAware } from "./transient.ts";
import { openSqliteStore, SQLITE_FILE } from "./store.ts";

const sqliteError = (message: string, errcode?: number) =>
  Object.assign(new Error(message), { code: "ERR_SQLITE_ERROR", errcode });

Deno.test("a lock timeout is told apart from a failed statement by its result code or message", () => {
  assert(isBusy(sqliteError("database is locked", 5)));
  assert(isBusy(sqliteError("database is locked", 517)), "SQLITE_BUSY_SNAPSHOT");
  assert(
    !isBusy(sqliteError("database table is locked", 6)),
    "SQLITE_LOCKED: waiting cannot clear it",
  );
  assert(isBusy(sqliteError("database is locked")), "exec carries no errcode");
  assert(!isBusy(sqliteError("UNIQUE constraint failed: signals.id", 19)));
  assert(!isBusy(new Error("database is locked")), "not node:sqlite's");
  assert(!isBusy("database is locked"));
});

Deno.test("a write that waits out another connection's lock fails as a retryable StoreBusyError, then succeeds", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ct-busy-" });
  const store = await openSqliteStore({ dataDir: dir, lockTimeoutMs: 50 });
  await store.migrate();
  const other = new DatabaseSync(join(dir, SQLITE_FILE));
  try {
    const candle = {
      exchange: "binance",
      symbol: "BTC/USDT",
      timeframe: "1m",
      openTime: 0,
      open: 1,
      high: 2,
      low: 1,
      close: 2,
      volume: 3,
    };
    other.exec("BEGIN IMMEDIATE");
    const e = await assertRejects(() => store.upsertCandles([candle]), "is busy");
    assert(e instanceof StoreBusyError, `${e.name}: ${e.message}`);
    assert(e instanceof RetryableError, "the bus holds it instead of spending attempts");
    assert(e.message.includes(dir), e.message);
    other.exec("COMMIT");
    await store.upsertCandles([candle]);
    assertEquals((await store.latestCandles(candle, 1)).length, 1);
  } finally {
    other.close();
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a full disk is told apart from a lock and a failed statement by its result code or message", () => {
  assert(isFull(sqliteError("database or disk is full", 13)));
  assert(isFull(sqliteError("database or disk is full")), "exec carries no errcode");
  assert(!isFull(sqliteError("database is locked", 5)));
  assert(!isBusy(sqliteError("database or disk is full", 13)));
  assert(!isFull(sqliteError("UNIQUE constraint failed: signals.id", 19)));
  assert(!isFull(new Error("database or disk is full")), "not node:sqlite's");
});

Deno.test("a write into a database with no room left fails as a retryable StoreFullError, and passes once there is room", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ct-full-" });
  const path = join(dir, SQLITE_FILE);
  const db = new DatabaseSync(path);
  try {
    db.exec("CREATE TABLE t (v TEXT)");
    // The page limit stands in for a full disk: SQLite answers both with SQLITE_FULL.
    const pages = Number(
      (db.prepare("PRAGMA page_count").get() as { page_count: number }).page_count,
    );
    db.exec(`PRAGMA max_page_count = ${pages + 2}`);
    const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
    const timed = transientAware(createTimed(undefined, getLogger(["ct", "test"])), path);
    const write = () => timed("candles.upsert", () => insert.run("x".repeat(100_000)));
    const e = await assertRejects(write);
    assert(e instanceof StoreFullError, `${e.name}: ${e.message}`);
    assert(e instanceof RetryableError, "the bus holds it instead of spending attempts");
    assertStringIncludes(e.message, `database ${path} has no space left`);
    db.exec(`PRAGMA max_page_count = ${pages + 1_000}`);
    await write();
    assertEquals((db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n, 1);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

import { getLogger } from "@logtape/logtape";
import { assertEquals } from "../../../tests/assert.ts";
import { captureLogs } from "../../../tests/log_capture.ts";
import { withFallback } from "./fallback_store.ts";
import { createMemoryRateLimitStore } from "./memory_store.ts";
import type { RateLimitStore } from "./store.ts";

const CATEGORY = ["ct", "test", "fallback"];

/** A memory store that can be told to fail, and counts the hits it was asked for. */
function switchableStore(): RateLimitStore & { down: boolean; asked: number } {
  const inner = createMemoryRateLimitStore();
  const store = {
    down: false,
    asked: 0,
    hit(key: string, windowMs: number, now: number) {
      store.asked++;
      if (store.down) return Promise.reject(new Error("ECONNREFUSED 127.0.0.1:6379"));
      return inner.hit(key, windowMs, now);
    },
    close: () => inner.close(),
  };
  return store;
}

async function captured(fn: () => Promise<void>): Promise<string[]> {
  await using logs = await captureLogs(CATEGORY);
  await fn();
  return logs.records.map((r) => `${r.level} ${r.message.join("")}`);
}

Deno.test("while the primary fails, hits are counted in the fallback and the primary is retried when due", async () => {
  const primary = switchableStore();
  const store = withFallback({
    primary,
    fallback: createMemoryRateLimitStore(),
    retryMs: 5_000,
    logger: getLogger(CATEGORY),
  });
  const logs = await captured(async () => {
    assertEquals(await store.hit("a", 60_000, 1_000), { count: 1, resetAt: 60_000 });
    primary.down = true;
    // The failed hit and the next ones within retryMs count in the fallback, from 1.
    assertEquals((await store.hit("a", 60_000, 2_000)).count, 1);
    assertEquals((await store.hit("a", 60_000, 6_999)).count, 2);
    assertEquals(primary.asked, 2, "not asked again before retryMs");
    // Due again and still down: one more try, then the fallback again.
    assertEquals((await store.hit("a", 60_000, 7_000)).count, 3);
    assertEquals(primary.asked, 3);
    primary.down = false;
    assertEquals((await store.hit("a", 60_000, 11_999)).count, 4, "not due yet");
    assertEquals((await store.hit("a", 60_000, 12_000)).count, 2, "back in the primary");
    assertEquals((await store.hit("a", 60_000, 12_001)).count, 3);
  });
  assertEquals(logs.map((l) => l.split(":")[0]), [
    "warning rate-limit store failed",
    "info rate-limit store answers again",
  ]);
  assertEquals(logs[0]!.endsWith("Error: ECONNREFUSED 127.0.0.1:6379"), true, logs[0]);
  await store.close();
});

Deno.test("while one hit asks a failing primary again, the others count in the fallback", async () => {
  let release = () => {};
  const primary: RateLimitStore = {
    hit: () => new Promise((_, reject) => release = () => reject(new Error("timeout"))),
    close: () => Promise.resolve(),
  };
  const store = withFallback({
    primary,
    fallback: createMemoryRateLimitStore(),
    retryMs: 1_000,
    logger: getLogger(CATEGORY),
  });
  const first = store.hit("a", 60_000, 0);
  release();
  assertEquals((await first).count, 1);
  let asked = 0;
  primary.hit = () => {
    asked++;
    return new Promise((_, reject) => release = () => reject(new Error("timeout")));
  };
  const probe = store.hit("a", 60_000, 1_000);
  const during = await Promise.all([store.hit("a", 60_000, 1_001), store.hit("a", 60_000, 1_002)]);
  assertEquals(during.map((h) => h.count), [2, 3]);
  assertEquals(asked, 1);
  release();
  assertEquals((await probe).count, 4);
  await store.close();
});

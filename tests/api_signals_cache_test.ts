/**
 * `GET /api/v1/signals` answers from a response cache over the embedded
 * store, and the cache is never stale beyond its bound: a signal written by
 * this store's connection shows on the next request, one written by another
 * connection (another process's strategy actor) once
 * `SIGNALS_CACHE_MAX_AGE_MS` has passed. Hits and misses reach the
 * `onRequest` hook.
 */
import { openApiFixture, SERIES, T0 } from "../api/_test_support.ts";
import type { RequestInfo } from "../api/deps.ts";
import type { Signal } from "../messages/mod.ts";
import { SIGNALS_CACHE_MAX_AGE_MS } from "../api/routes/signals.ts";
import { openStore } from "../store/mod.ts";
import { assertEquals } from "./assert.ts";
import { expect400, get, V1 } from "./api_requests.ts";

function newer(minutes: number, reason: string): Signal {
  return {
    ...SERIES,
    strategy: "ema_cross",
    openTime: T0 + minutes * 60_000,
    side: "buy",
    strength: 0.9,
    price: 42_000,
    reason,
    indicators: {},
  };
}

Deno.test("signals pages are cached until a write shows, and each request says which", async () => {
  const f = await openApiFixture();
  const other = await openStore({ dataDir: f.dataDir, migrate: false });
  const seen: RequestInfo[] = [];
  const app = f.build({ deps: { onRequest: (info) => seen.push(info) } });
  const newest = async (query = "limit=3") =>
    (await get(app, `${V1}/signals?${query}`)).body.signals.map((s: Signal) => s.reason);
  try {
    const first = await newest();
    assertEquals(await newest(), first);
    await newest("limit=2");
    assertEquals(seen.map((i) => i.cache), ["miss", "hit", "miss"]);

    await other.insertSignal(newer(5_000, "from another connection"));
    await new Promise((resolve) => setTimeout(resolve, SIGNALS_CACHE_MAX_AGE_MS + 1));
    assertEquals(await newest(), ["from another connection", ...first.slice(0, 2)]);
    await f.store.insertSignal(newer(6_000, "from this connection"));
    assertEquals((await newest())[0], "from this connection");
    assertEquals((await newest())[0], "from this connection");
    assertEquals(seen.slice(3).map((i) => i.cache), ["miss", "miss", "hit"]);
    assertEquals(seen.every((i) => i.route === `${V1}/signals` && i.status === 200), true);
  } finally {
    await other.close();
    await f.close();
  }
});

Deno.test("a store that cannot tell its data version is read on every request, uncounted", async () => {
  const f = await openApiFixture();
  const seen: RequestInfo[] = [];
  let reads = 0;
  const store = f.store;
  const app = f.build({
    deps: {
      onRequest: (info) => seen.push(info),
      store: {
        ...store,
        signals: (q) => (reads++, store.signals(q)),
      },
    },
  });
  try {
    await get(app, `${V1}/signals?limit=3`);
    await get(app, `${V1}/signals?limit=3`);
    assertEquals([reads, seen.map((i) => i.cache)], [2, [undefined, undefined]]);
  } finally {
    await f.close();
  }
});

Deno.test("only query strings that passed validation are answered from the cache, as sent", async () => {
  const f = await openApiFixture();
  const seen: RequestInfo[] = [];
  const app = f.build({ deps: { onRequest: (info) => seen.push(info) } });
  try {
    const first = await get(app, `${V1}/signals?limit=2`);
    const again = await get(app, `${V1}/signals?limit=2`);
    assertEquals([first.status, again.status, again.body], [200, 200, first.body]);
    // Refused every time: a bad query never reaches the cache.
    for (let i = 0; i < 2; i++) {
      await expect400(app, `${V1}/signals?limit=0`, "limit");
      await expect400(app, `${V1}/signals?limit=2&bogus=1`, "bogus");
    }
    // The same query written otherwise is its own entry, validated once.
    const reordered = await get(app, `${V1}/signals?limit=2&symbol=BTC/USDT`);
    assertEquals(reordered.status, 200);
    assertEquals((await get(app, `${V1}/signals?symbol=BTC/USDT&limit=2`)).status, 200);
    assertEquals(seen.map((i) => [i.status, i.cache ?? null]), [
      [200, "miss"],
      [200, "hit"],
      [400, null],
      [400, null],
      [400, null],
      [400, null],
      [200, "miss"],
      [200, "miss"],
    ]);
  } finally {
    await f.close();
  }
});

/**
 * The paper-trading and operations routes (positions, trades, performance,
 * actors, config) through `app.request()` over a real, seeded SQLite store:
 * answers, filters, and a 400 naming the field for each bad parameter.
 */
import { openApiFixture, POSITION, T0, TRADES } from "../api/_test_support.ts";
import { tradeOut } from "../api/schemas/models.ts";
import { validateConfig } from "../config/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import { expect400, get, type Json, V1 } from "./api_requests.ts";

Deno.test("positions are marked at the newest stored close", async () => {
  const f = await openApiFixture();
  try {
    const { status, body } = await get(f.app, `${V1}/positions`);
    assertEquals(status, 200);
    const mark = f.candles.at(-1)!.close;
    assertEquals(body.positions, [{
      ...POSITION,
      mark,
      unrealizedPnl: POSITION.qty * (mark - POSITION.entryPrice) - POSITION.entryFee,
    }]);
    assertEquals((await get(f.app, `${V1}/positions?account=other`)).body.positions, []);
    await expect400(f.app, `${V1}/positions?account=`, "account");
  } finally {
    await f.close();
  }
});

Deno.test("trades list newest exit first and filter by strategy, time and count", async () => {
  const f = await openApiFixture();
  try {
    const all = await get(f.app, `${V1}/trades`);
    assertEquals(all.body.trades, [...TRADES].reverse());
    for (const t of all.body.trades) tradeOut.parse(t);
    const one = await get(f.app, `${V1}/trades?limit=1`);
    assertEquals(one.body.trades, [TRADES[2]]);
    const rsi = await get(f.app, `${V1}/trades?strategy=rsi_reversion&account=default`);
    assertEquals(rsi.body.trades, [TRADES[1]]);
    const late = await get(
      f.app,
      `${V1}/trades?since=${new Date(TRADES[1]!.exitTime).toISOString()}`,
    );
    assertEquals(late.body.trades, [TRADES[2], TRADES[1]]);
    await expect400(f.app, `${V1}/trades?limit=-1`, "limit");
    await expect400(f.app, `${V1}/trades?since=2024-02-30`, "since");
    await expect400(f.app, `${V1}/trades?account=a/b`, "account");
    await expect400(f.app, `${V1}/trades?strategy=`, "strategy");
    await expect400(f.app, `${V1}/trades?cursor=not-a-cursor`, "cursor");
  } finally {
    await f.close();
  }
});

Deno.test("trades page by keyset cursor to the last page, each trade once, in order", async () => {
  const f = await openApiFixture();
  try {
    const seen: Json[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(f.app, `${V1}/trades?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      assertEquals(page.status, 200);
      seen.push(...(page.body.trades as Json[]));
      cursor = page.body.nextCursor as string | null;
    } while (cursor !== null && seen.length <= TRADES.length);
    assertEquals(seen, [...TRADES].reverse());
    assertEquals((await get(f.app, `${V1}/trades?limit=3`)).body.nextCursor, null);
  } finally {
    await f.close();
  }
});

Deno.test("performance sums realised PnL, win rate and UTC days, and values equity", async () => {
  const f = await openApiFixture();
  try {
    const { status, body } = await get(f.app, `${V1}/performance`);
    assertEquals(status, 200);
    assertEquals(body.account, "default");
    assertEquals(body.realized.tradeCount, 3);
    assertEquals(body.realized.wins, 2);
    assertEquals(body.realized.winRate, 2 / 3);
    assertEquals(body.realized.realizedPnl, 14);
    assertEquals(body.byDay.map((d: Json) => [d.day, d.tradeCount, d.realizedPnl]), [
      ["2024-01-01", 2, 8],
      ["2024-01-02", 1, 6],
    ]);
    assertEquals(body.truncated, false);
    const mark = f.candles.at(-1)!.close;
    const equity = 9_000 + POSITION.qty * mark;
    assertEquals(body.equity, {
      startingBalance: 10_000,
      cash: 9_000,
      openPositions: 1,
      unrealizedPnl: POSITION.qty * (mark - POSITION.entryPrice) - POSITION.entryFee,
      equity,
      returnPct: equity / 10_000 - 1,
    });
    const ema = await get(f.app, `${V1}/performance?strategy=ema_cross&since=${T0}`);
    assertEquals([ema.body.realized.tradeCount, ema.body.realized.realizedPnl], [2, 18]);
    const fresh = await get(f.app, `${V1}/performance?account=nobody`);
    assertEquals(fresh.body.realized.winRate, null);
    assertEquals(fresh.body.equity.equity, 10_000);
    await expect400(f.app, `${V1}/performance?since=soon`, "since");
    await expect400(f.app, `${V1}/performance?account=${"a".repeat(80)}`, "account");
    await expect400(f.app, `${V1}/performance?strategy=ema%20cross`, "strategy");
    await expect400(f.app, `${V1}/performance?strategy=`, "strategy");
  } finally {
    await f.close();
  }
});

Deno.test("actors are listed, restarted with 202, and unknown ones are 404", async () => {
  const f = await openApiFixture();
  try {
    const list = await get(f.app, `${V1}/actors`);
    assertEquals(list.body.actors.map((a: Json) => a.id), ["collector", "analyzer"]);
    assertEquals(list.body.topics, null);
    const res = await f.app.request(`${V1}/actors/analyzer/restart`, { method: "POST" });
    assertEquals([res.status, await res.json()], [202, { id: "analyzer", status: "restarting" }]);
    assertEquals(f.actors.restarted, ["analyzer"]);
    const unknown = await f.app.request(`${V1}/actors/ghost/restart`, { method: "POST" });
    assertEquals(unknown.status, 404);
    assert((await unknown.json()).error.includes('"ghost"'));
    const bad = await f.app.request(`${V1}/actors/a%20b/restart`, { method: "POST" });
    assertEquals(bad.status, 400);
    assertEquals((await bad.json()).details[0].path, "id");
    assertEquals(f.actors.restarted, ["analyzer"]);

    const stats = {
      candle: {
        published: 3,
        consumed: 2,
        deadLettered: 0,
        dropped: 0,
        backlog: 1,
        oldestAgeMs: null,
      },
    };
    const withBus = f.build({ deps: { bus: { stats: () => Promise.resolve(stats) } } });
    assertEquals((await get(withBus, `${V1}/actors`)).body.topics, stats);
    const brokenBus = f.build({ deps: { bus: { stats: () => Promise.reject(new Error("x")) } } });
    assertEquals((await get(brokenBus, `${V1}/actors`)).body.topics, null);
    // Counters that never come (Redis gone, commands waiting on their timeout) do not hold the list.
    const stuckBus = f.build({ deps: { bus: { stats: () => new Promise(() => {}) } } });
    const stuck = await get(stuckBus, `${V1}/actors`);
    assertEquals([stuck.status, stuck.body.topics], [200, null]);
    assertEquals(stuck.body.actors.length > 0, true);
  } finally {
    await f.close();
  }
});

Deno.test("config is served with secrets and URL passwords hidden", async () => {
  const f = await openApiFixture();
  try {
    const app = f.build({ api: { apiKey: "super-secret-api-key-123" } });
    const res = await app.request(`${V1}/config`);
    const text = await res.text();
    assertEquals(res.status, 200);
    assert(!text.includes("super-secret-api-key-123"));
    const body = JSON.parse(text);
    assertEquals(body.api.apiKey, "***");
    assertEquals(body.watchlist.symbols, ["BTC/USDT", "ETH/USDT"]);
  } finally {
    await f.close();
  }
});

Deno.test("config shows receivers' webhook URLs with only scheme, host and port", async () => {
  const f = await openApiFixture();
  try {
    const config = validateConfig({
      dataDir: f.dataDir,
      alerts: {
        webhookUrl: "https://hooks.example/in?token=s3cret-query",
        receivers: [
          { name: "default", webhook: {} },
          { name: "ops", webhook: { url: "https://hooks.slack.com/services/T0/B0/s3cret-path" } },
          { name: "pager", webhook: { url: "https://pager:s3cret-pw@pager.example:8443/hook" } },
        ],
      },
    });
    const res = await f.build({ deps: { config } }).request(`${V1}/config`);
    const text = await res.text();
    assertEquals(res.status, 200);
    for (const secret of ["s3cret-query", "s3cret-path", "s3cret-pw"]) {
      assert(!text.includes(secret), `${secret} served: ${text}`);
    }
    const body = JSON.parse(text);
    assertEquals(body.alerts.webhookUrl, "https://hooks.example/***?***");
    assertEquals(body.alerts.receivers.map((r: Json) => r.webhook?.url ?? null), [
      null,
      "https://hooks.slack.com/***",
      "https://pager:***@pager.example:8443/***",
    ]);
  } finally {
    await f.close();
  }
});

/**
 * The market-data routes (candles, indicators, signals, strategies,
 * watchlist) through `app.request()` over a real, seeded SQLite store:
 * answers, paging, and a 400 naming the field for each bad parameter.
 */
import { IndicatorSet } from "../indicators/mod.ts";
import { strategyRegistry } from "../strategies/registry.ts";
import { CANDLES, openApiFixture, SERIES, SIGNALS, T0 } from "../api/_test_support.ts";
import { INDICATOR_HISTORY } from "../api/queries/indicators.ts";
import { candleOut, signalOut } from "../api/schemas/models.ts";
import { assert, assertEquals } from "./assert.ts";
import { expect400, get, type Json, V1 } from "./api_requests.ts";

const BTC = "symbol=BTC/USDT&timeframe=1m";

Deno.test("candles page forward from `from` and backward from `to`", async () => {
  const f = await openApiFixture();
  try {
    const newest = await get(f.app, `${V1}/candles?${BTC}&limit=3`);
    assertEquals(newest.status, 200);
    assertEquals(newest.body.candles, f.candles.slice(-3));
    assertEquals(newest.body.prevTo, f.candles.at(-3)!.openTime - 1);
    assertEquals(newest.body.nextFrom, null);
    for (const c of newest.body.candles) candleOut.parse(c);

    const seen: number[] = [];
    let from: number | null = T0;
    while (from !== null) {
      const page = await get(f.app, `${V1}/candles?${BTC}&limit=300&from=${from}`);
      seen.push(...page.body.candles.map((c: Json) => c.openTime));
      from = page.body.nextFrom;
    }
    assertEquals(seen, f.candles.map((c) => c.openTime));

    const iso = new Date(T0 + 60_000).toISOString();
    const ranged = await get(
      f.app,
      `${V1}/candles?${BTC}&exchange=binance&from=${iso}&to=${T0 + 180_000}`,
    );
    assertEquals(ranged.body.candles.map((c: Json) => c.openTime), [
      T0 + 60_000,
      T0 + 120_000,
      T0 + 180_000,
    ]);
    assertEquals([ranged.body.nextFrom, ranged.body.prevTo], [null, null]);
    // Other ISO 8601 forms of the same times: no zone (UTC), an offset, basic form.
    const zoneless = iso.replace("Z", "");
    const offset = new Date(T0 + 180_000 + 3_600_000).toISOString().replace("Z", "+01:00");
    const basic = iso.replaceAll("-", "").replaceAll(":", "");
    for (const [from, to] of [[zoneless, offset], [basic, offset]]) {
      const same = await get(
        f.app,
        `${V1}/candles?${BTC}&from=${from}&to=${encodeURIComponent(to!)}`,
      );
      assertEquals(same.body, ranged.body, `from=${from}&to=${to}`);
    }

    const back = await get(f.app, `${V1}/candles?${BTC}&limit=2&to=${newest.body.prevTo}`);
    assertEquals(back.body.candles, f.candles.slice(-5, -3));
    const none = await get(f.app, `${V1}/candles?symbol=ETH/USDT&timeframe=1m`);
    assertEquals(none.body, { candles: [], nextFrom: null, prevTo: null });
  } finally {
    await f.close();
  }
});

Deno.test("bad candle parameters answer 400 naming each field", async () => {
  const f = await openApiFixture();
  try {
    await expect400(f.app, `${V1}/candles?timeframe=1m`, "symbol");
    await expect400(f.app, `${V1}/candles?symbol=BTC/USDT`, "timeframe");
    await expect400(f.app, `${V1}/candles?symbol=btc-usdt&timeframe=1m`, "symbol");
    await expect400(f.app, `${V1}/candles?${BTC.replace("1m", "1x")}`, "timeframe");
    await expect400(f.app, `${V1}/candles?${BTC}&exchange=Bin%20ance`, "exchange");
    const yesterday = await expect400(f.app, `${V1}/candles?${BTC}&from=yesterday`, "from");
    assertEquals(
      yesterday.details[0].message,
      "expected an ISO 8601 date or time (2024-01-31, 2024-01-31T12:00:00Z; UTC when it has no " +
        'zone) or epoch milliseconds, received "yesterday"',
    );
    await expect400(f.app, `${V1}/candles?${BTC}&to=2024-02-30T10:00`, "to");
    await expect400(f.app, `${V1}/candles?${BTC}&from=2024-01-02&to=2024-01-01`, "to");
    await expect400(f.app, `${V1}/candles?${BTC}&limit=0`, "limit");
    const negative = await expect400(f.app, `${V1}/candles?${BTC}&limit=-1`, "limit");
    assertEquals(
      negative.details[0].message,
      'expected a whole number from 1 to 1000, received "-1"',
    );
    await expect400(f.app, `${V1}/candles?${BTC}&limit=abc`, "limit");
    const over = await expect400(f.app, `${V1}/candles?${BTC}&limit=1001`, "limit");
    assertEquals(over.details[0].message, 'must be at most 1000, received "1001"');
    const twice = await expect400(f.app, `${V1}/candles?${BTC}&limit=1&limit=2`, "limit");
    assertEquals(twice.details[0].message, "given 2 times; give it once");
    const missing = await expect400(f.app, `${V1}/candles?timeframe=1m`, "symbol");
    assertEquals(missing.details[0].message, "required");
    const unknown = await expect400(f.app, `${V1}/candles?${BTC}&limt=5`, "limt");
    assertEquals(unknown.details[0].message, "unknown parameter");
  } finally {
    await f.close();
  }
});

Deno.test("latest indicators over the window equal the full history's, OBV aside", async () => {
  const f = await openApiFixture();
  try {
    const { status, body } = await get(f.app, `${V1}/indicators/latest?${BTC}`);
    assertEquals(status, 200);
    assertEquals(body.candles, INDICATOR_HISTORY);
    assertEquals(body.openTime, f.candles.at(-1)!.openTime);
    assertEquals(body.since, f.candles.at(-INDICATOR_HISTORY)!.openTime);
    const full = new IndicatorSet();
    let expected: Record<string, number | null> = {};
    for (const c of f.candles) expected = { ...full.update(c) };
    assertEquals(Object.keys(body.values), Object.keys(expected));
    for (const [name, want] of Object.entries(expected)) {
      if (name === "obv") continue;
      const got = body.values[name];
      assert(want !== null && got !== null, name);
      assert(
        Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)),
        `${name}: ${got} vs ${want}`,
      );
    }
    assert(body.values.obv !== expected.obv, "OBV counts from the window's start");
  } finally {
    await f.close();
  }
});

Deno.test("latest indicators reach back to the day's start for session VWAP", async () => {
  const f = await openApiFixture();
  try {
    const day = Date.UTC(2024, 0, 3);
    const eth = Array.from({ length: 700 }, (_, i) => ({
      exchange: "binance",
      symbol: "ETH/USDT",
      timeframe: "1m",
      openTime: day + i * 60_000,
      open: 2000 + i,
      high: 2002 + i,
      low: 1999 + i,
      close: 2001 + i,
      volume: 1 + (i % 5),
    }));
    await f.store.upsertCandles(eth);
    const { body } = await get(f.app, `${V1}/indicators/latest?symbol=ETH/USDT&timeframe=1m`);
    assertEquals([body.candles, body.since], [700, day]);
    const set = new IndicatorSet();
    let vwap: number | null = null;
    for (const c of eth) vwap = set.update(c).vwap ?? null;
    assertEquals(body.values.vwap, vwap);
  } finally {
    await f.close();
  }
});

Deno.test("latest indicators of an unknown series answer 404, bad series 400", async () => {
  const f = await openApiFixture();
  try {
    const missing = await get(f.app, `${V1}/indicators/latest?symbol=DOGE/USDT&timeframe=1m`);
    assertEquals(missing.status, 404);
    assert(missing.body.error.includes("DOGE/USDT"));
    await expect400(f.app, `${V1}/indicators/latest?symbol=BTC/USDT&timeframe=0m`, "timeframe");
    await expect400(f.app, `${V1}/indicators/latest?timeframe=1m`, "symbol");
    await expect400(f.app, `${V1}/indicators/latest?${BTC}&exchange=UP`, "exchange");
  } finally {
    await f.close();
  }
});

Deno.test("signals page newest first with a cursor until it runs out", async () => {
  const f = await openApiFixture();
  try {
    const ids: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const page = await get(f.app, `${V1}/signals?limit=10${query}`);
      assertEquals(page.status, 200);
      for (const s of page.body.signals) signalOut.parse(s);
      ids.push(...page.body.signals.map((s: Json) => s.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor !== null);
    assertEquals(pages, 3);
    assertEquals(ids, Array.from({ length: SIGNALS }, (_, i) => SIGNALS - i));

    const exact = await get(f.app, `${V1}/signals?limit=${SIGNALS}`);
    assertEquals(exact.body.nextCursor, null);
    const ema = await get(f.app, `${V1}/signals?strategy=ema_cross&symbol=BTC/USDT&limit=100`);
    assertEquals(ema.body.signals.length, Math.ceil(SIGNALS / 2));
    assert(ema.body.signals.every((s: Json) => s.strategy === "ema_cross"));
    const since = await get(f.app, `${V1}/signals?since=${T0 + 200 * 60_000}`);
    assertEquals(since.body.signals.length, SIGNALS - 20);
    const other = await get(f.app, `${V1}/signals?symbol=ETH/USDT`);
    assertEquals(other.body.signals, []);
  } finally {
    await f.close();
  }
});

Deno.test("bad signal parameters answer 400 naming each field", async () => {
  const f = await openApiFixture();
  try {
    await expect400(f.app, `${V1}/signals?cursor=not-a-cursor`, "cursor");
    await expect400(f.app, `${V1}/signals?cursor=${"A".repeat(500)}`, "cursor");
    await expect400(f.app, `${V1}/signals?limit=5000`, "limit");
    await expect400(f.app, `${V1}/signals?since=2024-01-01T25:00:00`, "since");
    await expect400(f.app, `${V1}/signals?symbol=BTCUSDT`, "symbol");
    await expect400(f.app, `${V1}/signals?strategy=${"x".repeat(65)}`, "strategy");
    await expect400(f.app, `${V1}/signals?strategy=a%20b`, "strategy");
  } finally {
    await f.close();
  }
});

Deno.test("strategies list every registry entry with a JSON Schema of its parameters", async () => {
  const f = await openApiFixture();
  try {
    const { status, body } = await get(f.app, `${V1}/strategies`);
    assertEquals(status, 200);
    assertEquals(body.strategies.map((s: Json) => s.id), Object.keys(strategyRegistry));
    const ema = body.strategies.find((s: Json) => s.id === "ema_cross");
    assertEquals(ema.parameters.type, "object");
    assertEquals(ema.parameters.properties.fast.default, 12);
    assertEquals(ema.configured, [{ name: "ema_cross", params: {} }]);
    assertEquals(body.strategies.find((s: Json) => s.id === "vote").configured, []);
    await expect400(f.app, `${V1}/strategies?x=1`, "x");
  } finally {
    await f.close();
  }
});

Deno.test("the watchlist shows each series with its newest stored candle", async () => {
  const f = await openApiFixture();
  try {
    const { body } = await get(f.app, `${V1}/watchlist`);
    assertEquals(body.series, [
      { ...SERIES, lastCandleTime: T0 + (CANDLES - 1) * 60_000 },
      { ...SERIES, symbol: "ETH/USDT", lastCandleTime: null },
    ]);
  } finally {
    await f.close();
  }
});

Deno.test("routes that take no parameters refuse any, naming it", async () => {
  const f = await openApiFixture();
  try {
    for (const route of ["actors", "config", "watchlist", "strategies"]) {
      await expect400(f.app, `${V1}/${route}?limti=5`, "limti");
    }
  } finally {
    await f.close();
  }
});

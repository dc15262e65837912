import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import type { Candle } from "../../messages/mod.ts";
import { SimSource } from "../sim/mod.ts";
import { readLines } from "./lines.ts";
import { formatKlineLine, parseKlineLine } from "./kline_csv.ts";
import { firstReplayTime } from "./rows.ts";
import { ReplaySource } from "./source.ts";
import { SAMPLE, sampleCsv } from "./testdata/make_sample.ts";

const SAMPLE_PATH = new URL("./testdata/btcusdt_1m_sample.csv", import.meta.url).pathname;
const series = SAMPLE.series;

/** A byte stream of `text`, cut into `size`-byte chunks (to split lines and characters). */
function streamOf(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(ctrl) {
      if (at >= bytes.length) return ctrl.close();
      ctrl.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function simCandles(count: number = SAMPLE.count) {
  const sim = new SimSource({ seed: SAMPLE.seed });
  return await sim.fetchClosed(series, SAMPLE.start, count, SAMPLE.start + count * 60_000);
}

Deno.test("replay serves the sample file's candles as the sim made them", async () => {
  assertEquals(await Deno.readTextFile(SAMPLE_PATH), await sampleCsv());
  const replay = await ReplaySource.open({
    path: SAMPLE_PATH,
    symbol: "BTC/USDT",
    timeframe: "1m",
  });
  const report = await replay.loaded;
  assertEquals(report.candles, 360);
  assertEquals(report.badRows, 0);
  assertEquals(report.header, false);
  assertEquals(report.timeUnit, "ms");
  const end = SAMPLE.start + 360 * 60_000;
  assertEquals(await replay.fetchClosed(series, 0, 1000, end), await simCandles());
});

Deno.test("replay reads microsecond times and a header line", async () => {
  const candles = await simCandles(50);
  const text = "open_time,open,high,low,close,volume,close_time,quote_volume,count," +
    "taker_buy_volume,taker_buy_quote_volume,ignore\r\n" +
    candles.map((c) => formatKlineLine(c, 60_000, { micros: true })).join("\r\n");
  const replay = await ReplaySource.open({ stream: streamOf(text), ...series });
  assertEquals(replay.report.header, true);
  assertEquals(replay.report.timeUnit, "us");
  assertEquals(replay.report.badRows, 0);
  assertEquals(await replay.fetchClosed(series, 0, 100, Infinity), candles);
});

Deno.test("replay reports bad rows with line numbers, skips them and keeps the rest", async () => {
  const lines = (await simCandles(10)).map((c) => formatKlineLine(c, 60_000));
  lines[2] = lines[2]!.replace(/^(\d+),[^,]+/, "$1,abc"); // line 3: open not a number
  lines[4] = lines[4]!.split(",").slice(0, 4).join(","); // line 5: too few fields
  const f = lines[6]!.split(",");
  lines[6] = [f[0], f[1], f[3], f[2], ...f.slice(4)].join(","); // line 7: high and low swapped
  lines[7] = lines[7]!.replace(/^(\d+)/, (t) => String(Number(t) + 1)); // line 8: not on the 1m grid
  lines[8] = lines[5]!; // line 9: repeats line 6's time
  const replay = await ReplaySource.open({
    stream: streamOf(lines.join("\n") + "\n\n"),
    ...series,
  });
  const report = await replay.loaded;
  assertEquals(report.bad.map((b) => b.line), [3, 5, 7, 8, 9]);
  assertEquals(report.badRows, 5);
  assert(report.bad[0]!.reason.includes("open is not a number"), report.bad[0]!.reason);
  assert(report.bad[1]!.reason.includes("at least 6"));
  assert(report.bad[2]!.reason.includes("high/low"));
  assert(report.bad[3]!.reason.includes("not aligned"));
  assert(report.bad[4]!.reason.includes("not after"));
  assertEquals(report.candles, 5);
});

/** Candles as kline CSV lines, each ending in a newline. */
const csvOf = (candles: readonly Candle[]) =>
  candles.map((c) => formatKlineLine(c, 60_000) + "\n").join("");

/**
 * A byte stream the test feeds by hand: `feed` enqueues text, `fail` errors
 * it, `end` closes it; `cancelled` tells whether its reader gave it up.
 */
function handFed() {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => void (ctrl = c),
    cancel: () => void (cancelled = true),
  });
  return {
    stream,
    feed: (text: string) => ctrl.enqueue(new TextEncoder().encode(text)),
    fail: (e: Error) => ctrl.error(e),
    end: () => ctrl.close(),
    cancelled: () => cancelled,
  };
}

Deno.test("replay serves while it reads: a request past what is read waits for the rows it needs", async () => {
  const candles = await simCandles(10);
  const file = handFed();
  file.feed(csvOf(candles.slice(0, 4)));
  const replay = await ReplaySource.open({ stream: file.stream, ...series });
  assertEquals(replay.report.firstOpenTime, candles[0]!.openTime);
  assertEquals(await replay.fetchClosed(series, 0, 3, Infinity), candles.slice(0, 3));
  let six: Candle[] | undefined;
  const waiting = replay.fetchClosed(series, 0, 6, Infinity).then((c) => six = c);
  await new Promise((r) => setTimeout(r, 20));
  assertEquals(six, undefined, "served before the rows it asked for were read");
  file.feed(csvOf(candles.slice(4, 7)));
  await waiting;
  assertEquals(six, candles.slice(0, 6));
  // Candles still forming at `now` are not waited for; the end of the file ends any wait.
  const now = candles[2]!.openTime + 30_000;
  assertEquals(await replay.fetchClosed(series, 0, 100, now), candles.slice(0, 2));
  const rest = replay.fetchClosed(series, 0, 100, Infinity);
  file.feed(csvOf(candles.slice(7, 10)));
  file.end();
  assertEquals(await rest, candles);
  assertEquals((await replay.loaded).candles, 10);
});

Deno.test("a closed replay stops reading its file and still serves what it read", async () => {
  const candles = await simCandles(6);
  const file = handFed();
  file.feed(csvOf(candles.slice(0, 3)));
  const replay = await ReplaySource.open({ stream: file.stream, ...series });
  await replay.close();
  file.feed(csvOf(candles.slice(3, 6))); // the read wakes to this chunk, finds the replay closed and stops
  const report = await replay.loaded;
  assert(file.cancelled(), "the file was not closed");
  assertEquals(report.candles, 3);
  assertEquals(await replay.fetchClosed(series, 0, 10, Infinity), candles.slice(0, 3));
});

Deno.test("replay passes a read that fails on to the requests waiting for its rows", async () => {
  const candles = await simCandles(5);
  const file = handFed();
  file.feed(csvOf(candles.slice(0, 2)));
  const replay = await ReplaySource.open({ stream: file.stream, ...series });
  const waiting = replay.fetchClosed(series, 0, 5, Infinity);
  file.fail(new Error("disk went away"));
  await assertRejects(() => waiting, "disk went away");
  await assertRejects(() => replay.loaded, "disk went away");
});

Deno.test("replay answers since/limit/now and refuses other series", async () => {
  const replay = await ReplaySource.open({
    path: SAMPLE_PATH,
    symbol: "BTC/USDT",
    timeframe: "1m",
  });
  const t = (m: number) => SAMPLE.start + m * 60_000;
  const got = await replay.fetchClosed(series, t(10) - 5, 3, t(100));
  assertEquals(got.map((c) => c.openTime), [t(10), t(11), t(12)]);
  // At t(20) + 30 s the candle opened at t(20) is still forming.
  assertEquals((await replay.fetchClosed(series, t(18), 10, t(20) + 30_000)).length, 2);
  await assertRejects(
    () => replay.fetchClosed({ ...series, symbol: "ETH/USDT" }, 0, 1, t(5)),
    "replay holds binance:BTC/USDT:1m only",
  );
});

Deno.test("the first replay time comes from the first valid row, reading no further", async () => {
  const [first, second] = await simCandles(2);
  const head = "open_time,open,high,low,close,volume\n" +
    "not,a,row\n" +
    `${formatKlineLine(first!, 60_000)}\n${formatKlineLine(second!, 60_000)}\n`;
  // After the head, an endless supply of the second row: reading to the end would never stop.
  let pulls = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      const text = pulls++ === 0 ? head : `${formatKlineLine(second!, 60_000)}\n`;
      ctrl.enqueue(new TextEncoder().encode(text));
    },
    cancel() {
      cancelled = true;
    },
  });
  assertEquals(await firstReplayTime({ stream, timeframe: "1m" }), first!.openTime);
  assert(cancelled, "the stream was not cancelled after the first valid row");
  assert(pulls < 10, `read ${pulls} chunks for one row`);
  assertEquals(await firstReplayTime({ stream: streamOf("bad\n"), timeframe: "1m" }), null);
  assertEquals(await firstReplayTime({ path: SAMPLE_PATH, timeframe: "1m" }), SAMPLE.start);
  await assertRejects(() => firstReplayTime({ path: SAMPLE_PATH, timeframe: "7x" }));
});

Deno.test("kline rows need real numbers, positive prices and close after open", () => {
  const ok = "1704067200000,1,2,0.5,1.5,3,1704067259999,4,5,6,7,0";
  assert(parseKlineLine(ok).ok);
  const bad = (line: string) => {
    const r = parseKlineLine(line);
    return r.ok ? "ok" : r.reason;
  };
  assert(bad("1704067200000,1,2,0.5,1.5,,1704067259999").includes("volume is not a number"));
  assert(bad("1704067200000,1,2,0.5,1.5,-3,1704067259999").includes("volume must be >= 0"));
  assert(bad("1704067200000,0,2,0,1.5,3,1704067259999").includes("prices must be > 0"));
  assert(bad("1704067200000,1,2,0.5,1.5,3,1704067100000").includes("close time"));
  assert(bad("-5,1,2,0.5,1.5,3").includes("open time"));
  assert(bad("1704067200000,1,x,0.5,1.5,3").includes('high is not a number: "x"'));
  assert(bad("1704067200000,1,2,0.5").includes("found 4"));
  // Finite values whose sum overflows are still numbers.
  assert(parseKlineLine("1704067200000,1e308,1.5e308,1e308,1e308,1e308").ok);
});

Deno.test("line reader splits CRLF and LF lines across chunk and character boundaries", async () => {
  const text = "a,é\r\nbb\n\nç€€,x\r\nlast";
  for (const size of [1, 2, 3, 64]) {
    const lines: string[] = [];
    for await (const l of readLines(streamOf(text, size))) lines.push(l);
    assertEquals(lines, ["a,é", "bb", "", "ç€€,x", "last"]);
  }
});

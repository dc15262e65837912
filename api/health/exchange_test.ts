import { assertEquals } from "../../tests/assert.ts";
import { runChecks } from "./checks.ts";
import { exchangeCheck, staleSeries } from "./exchange.ts";

const MIN = 60_000;
function series(timeframe: string, lastSuccessAt: number | null, disabled = false) {
  return {
    series: { exchange: "binance", symbol: "BTC/USDT", timeframe },
    key: `binance:BTC/USDT:${timeframe}`,
    mode: "poll",
    lastClosedOpenTime: null,
    lastSuccessAt,
    errors: 0,
    rejected: 0,
    gaps: 0,
    corrections: 0,
    published: 0,
    disabled,
  };
}

Deno.test("a series is stale past two timeframes, and never before a minute", () => {
  const now = 1_000 * MIN;
  const opts = { factor: 2, minMs: MIN };
  assertEquals(staleSeries([series("1m", now - 2 * MIN)], now, opts), []);
  assertEquals(staleSeries([series("1m", now - 2 * MIN - 1)], now, opts), [
    "binance:BTC/USDT:1m last succeeded 120 s ago",
  ]);
  // An hourly series is polled about once an hour: 90 minutes is fine.
  assertEquals(staleSeries([series("1h", now - 90 * MIN)], now, opts), []);
  assertEquals(staleSeries([series("1m", null)], now, opts), [
    "binance:BTC/USDT:1m has not fetched successfully yet",
  ]);
  assertEquals(staleSeries([series("1m", null, true)], now, opts), []);
});

Deno.test("the exchange check judges by the collector's clock and reports what is stale", async () => {
  const now = 500 * MIN; // a simulated clock far from the wall clock
  const report = await runChecks([
    exchangeCheck(() => Promise.resolve({ now, stats: { series: [series("1m", now - 1_000)] } })),
  ], 1_000);
  assertEquals(report.checks[0], {
    name: "exchange",
    ok: true,
    ms: report.checks[0]!.ms,
    detail: "1 series fetched recently",
  });
  const failing = await runChecks([
    exchangeCheck(() => Promise.resolve(undefined)),
    { ...exchangeCheck(() => Promise.resolve({ now, stats: { series: 2 } })), name: "analyzer" },
    {
      ...exchangeCheck(() =>
        Promise.resolve({ now, stats: { series: [series("1m", null, true)] } })
      ),
      name: "disabled",
    },
  ], 1_000);
  assertEquals(failing.checks.map((c) => c.detail), [
    "the collector did not report its stats",
    "the collector reported no series",
    "every series of the collector is disabled",
  ]);
});

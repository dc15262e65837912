import { assert, assertEquals } from "../../tests/assert.ts";
import type { Candle, Series } from "../../messages/payloads.ts";
import { ManualClock } from "../../lib/clock.ts";
import { SimSource } from "../../market/sim/mod.ts";
import { Collector } from "./collector.ts";
import { advanceTo, firstHole, MemorySink, waitFor } from "./test_support.ts";

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 12, 0, 30);
const at = (h: number, m: number) => Date.UTC(2024, 0, 1, h, m);
const btc: Series = { exchange: "sim", symbol: "BTC/USDT", timeframe: "1m" };

/** The sim plus a live stream the test feeds, as a websocket would deliver it. */
class StreamingSim extends SimSource {
  opened = 0;
  #queue: (Candle | Error)[] = [];
  #wake: (() => void) | null = null;

  push(item: Candle | Error): void {
    this.#queue.push(item);
    this.#wake?.();
  }

  async *watch(_series: Series, signal: AbortSignal): AsyncGenerator<Candle> {
    this.opened++;
    const onAbort = () => this.#wake?.();
    signal.addEventListener("abort", onAbort);
    try {
      while (!signal.aborted) {
        const item = this.#queue.shift();
        if (item === undefined) {
          await new Promise<void>((resolve) => this.#wake = resolve);
          continue;
        }
        if (item instanceof Error) throw item;
        yield item;
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }
}

/** A collector of BTC/USDT over a {@linkcode StreamingSim}, on a manual clock; not yet running. */
function watching(seed: string) {
  const clock = new ManualClock(T0);
  const source = new StreamingSim({ seed });
  const sink = new MemorySink(() => clock.now());
  const ac = new AbortController();
  const collector = new Collector({
    source,
    sink,
    publish: sink.publish,
    clock,
    watchlist: [btc],
    backfillDepth: 10,
    websocketRetryMs: 5 * MIN,
    backoff: { minMs: 2, maxMs: 10 },
    signal: ac.signal,
  });
  return { clock, source, sink, ac, collector, mode: () => collector.stats()[0]!.mode };
}

Deno.test("collector follows the stream: ticks while forming, one candle when the next begins", async () => {
  const { clock, source, sink, ac, collector, mode } = watching("watch");
  const ticks = () => sink.events.filter((e) => e.what === "tick").length;
  const run = collector.run();
  await waitFor(() => mode() === "watch");
  assertEquals(sink.published().at(-1)!.openTime, at(11, 59));

  const final = source.candleAt(btc, at(12, 0));
  source.push({ ...final, close: final.open, high: final.open, low: final.open, volume: 0.1 });
  source.push(final);
  await waitFor(() => ticks() === 2);
  assertEquals(sink.published().length, 10, "a forming candle was published as closed");

  await advanceTo(clock, at(12, 1) + 1000);
  source.push(source.candleAt(btc, at(12, 1)));
  await waitFor(() => ticks() === 3);
  assertEquals(sink.published().at(-1), final);
  const closedAt = sink.events.findIndex((e) => e.what === "candle" && e.candles[0] === final);
  assertEquals(sink.events[closedAt + 1]!.what, "tick"); // the close goes out before the new tick

  // A quiet minute: no newer update, so after 12:01 closes (+ lag) REST supplies it.
  await advanceTo(clock, at(12, 2) + 3000);
  await waitFor(() => sink.published().at(-1)!.openTime === at(12, 1));

  // The stream breaks: REST polling takes over, and the stream is tried again 5 min later.
  source.push(new Error("websocket closed: 1006"));
  await waitFor(() => mode() === "poll");
  assertEquals(collector.stats()[0]!.lastError, "Error: websocket closed: 1006");
  await advanceTo(clock, at(12, 6) + 3000);
  assertEquals(sink.published().at(-1)!.openTime, at(12, 5));
  assertEquals(source.opened, 1);
  await advanceTo(clock, at(12, 7) + 3000);
  await waitFor(() => mode() === "watch");
  assertEquals(source.opened, 2);
  ac.abort();
  await run;

  const all = sink.published();
  assertEquals(firstHole(all, MIN), null);
  assertEquals(new Set(all.map((c) => c.openTime)).size, all.length);
  assert(all.every((c) => c.openTime + MIN <= clock.now()));
});

Deno.test("a stream that goes silent is given up after three candles, REST filling every one, and reopened later", async () => {
  const { clock, source, sink, ac, collector, mode } = watching("quiet");
  const run = collector.run();
  await waitFor(() => mode() === "watch");
  // Not one update from the socket from here on: a half-open connection.
  for (const m of [1, 2]) {
    await advanceTo(clock, at(12, m) + 3000);
    await waitFor(() => sink.published().at(-1)!.openTime === at(12, m - 1));
    assertEquals(mode(), "watch", `still watching after ${m} quiet candles`);
  }
  await advanceTo(clock, at(12, 3) + 3000);
  await waitFor(() => mode() === "poll");
  assertEquals(sink.published().at(-1)!.openTime, at(12, 2));
  assert(collector.stats()[0]!.lastError?.includes("sent nothing for 3 candles"));
  await advanceTo(clock, at(12, 9) + 3000);
  await waitFor(() => source.opened === 2);
  ac.abort();
  await run;
  const all = sink.published();
  assertEquals(firstHole(all, MIN), null);
  assertEquals(all.at(-1)!.openTime, at(12, 8));
});

/**
 * Following a series over the source's live stream (websocket). Forming
 * candles go out as ticks; a candle is closed when a later one starts, or
 * when its close time has passed with no newer update (then REST fetches
 * the final values). A failing stream hands over to REST polling, and so
 * does one that stays silent for {@linkcode QUIET_LIMIT} candles in a row: a
 * half-open socket never fails on its own, and ticks would stop unseen.
 *
 * @module
 */
import type { Candle } from "../../messages/payloads.ts";
import { classifyError } from "../../market/errors.ts";
import type { Collector } from "./collector.ts";
import type { SeriesState } from "./stats.ts";
import { candleProblem } from "./validate.ts";

type Next = { kind: "update"; result: IteratorResult<Candle> } | { kind: "timeout" };

/** Candle intervals in a row without a single update after which the stream counts as dead. */
export const QUIET_LIMIT = 3;

/**
 * Runs the stream until it fails (returns, with the websocket parked for
 * `websocketRetryMs`) or `signal` aborts (throws its reason). Bad-symbol and
 * authentication failures are rethrown for the caller to act on.
 *
 * @example
 * ```ts
 * // inside Collector: await followWatch(this, state, signal);
 * ```
 */
export async function followWatch(
  collector: Collector,
  st: SeriesState,
  signal: AbortSignal,
): Promise<void> {
  const { source, clock } = collector.options;
  const stop = new AbortController();
  const wsSignal = AbortSignal.any([signal, stop.signal]);
  let it: AsyncIterator<Candle> | undefined;
  let pending: Promise<IteratorResult<Candle>> | null = null;
  let forming: Candle | null = null;
  // When to stop waiting for the stream and ask REST for the due candle.
  let deadline = clock.now() + collector.pollDelay(st);
  let quiet = 0;
  st.stats.mode = "watch";
  try {
    it = source.watch!(st.series, wsSignal)[Symbol.asyncIterator]();
    while (true) {
      signal.throwIfAborted();
      pending ??= it.next();
      const timer = new AbortController();
      const timeout: Promise<Next> = clock.sleep(
        Math.max(0, deadline - clock.now()),
        AbortSignal.any([wsSignal, timer.signal]),
      )
        .then((): Next => ({ kind: "timeout" }), (): Next => ({ kind: "timeout" }));
      const next: Next = await Promise.race([
        pending.then((result): Next => ({ kind: "update", result })),
        timeout,
      ]);
      timer.abort();
      signal.throwIfAborted();
      if (next.kind === "timeout") {
        // No newer update although the candle has closed (a quiet market): take it from REST.
        forming = null;
        await collector.catchUp(st, signal);
        if (++quiet >= QUIET_LIMIT) {
          throw new Error(`${source.name} stream for ${st.key} sent nothing for ${quiet} candles`);
        }
        deadline = clock.now() + collector.pollDelay(st);
        st.stats.mode = "watch";
        continue;
      }
      pending = null;
      quiet = 0;
      if (next.result.done) throw new Error(`${source.name} stream for ${st.key} ended`);
      const c: Candle = next.result.value;
      st.stats.lastSuccessAt = clock.now();
      if (c.openTime < st.nextOpen) {
        await collector.accept(st, [c], signal); // a correction of a closed candle, or a repeat
        continue;
      }
      const problem = candleProblem(c, st.series) ??
        // A stream's clock may run a little ahead of ours, but not by a whole candle.
        (c.openTime > clock.now() + st.tf ? `opens in the future (${c.openTime})` : null);
      if (problem) {
        st.stats.rejected++;
        collector.logger.warn("rejected streamed candle of {key} at {openTime}: {problem}", {
          key: st.key,
          openTime: c.openTime,
          problem,
        });
        continue;
      }
      const started = forming === null || c.openTime > forming.openTime;
      if (forming && started && forming.openTime === st.nextOpen) {
        await collector.accept(st, [forming], signal);
      }
      if (started && st.nextOpen < c.openTime) {
        // Candles the stream skipped (reconnects, a late start) come from REST, once per new candle.
        await collector.catchUp(st, signal);
        st.stats.mode = "watch";
      }
      if (started) deadline = clock.now() + collector.pollDelay(st);
      forming = c;
      await collector.options.publish([c], "tick").catch((err: unknown) => {
        collector.logger.warn("publishing a tick of {key} failed: {err}", {
          key: st.key,
          err: String(err),
        });
      });
    }
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    const c = classifyError(err);
    if (c.kind === "bad_symbol" || c.kind === "auth") throw err;
    const retryMs = collector.options.websocketRetryMs ?? 180_000;
    st.wsRetryAt = clock.now() + retryMs;
    st.stats.errors++;
    st.stats.lastError = `${c.name}: ${c.message}`;
    collector.logger.warn(
      "websocket for {key} failed: {error}; polling over REST, websocket again in {secs}s",
      { key: st.key, error: c.message, secs: Math.round(retryMs / 1000) },
    );
  } finally {
    stop.abort();
    // A pending next() ends on its own when the stream sees the abort; return() would queue behind it.
    if (pending) pending.catch(() => {});
    else await it?.return?.().catch(() => {});
  }
}

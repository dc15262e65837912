import { mulberry32 } from "../market/sim/prng.ts";
import { assert, assertEquals } from "../tests/assert.ts";
import { messageSchema } from "./envelope.ts";
import { acceptFast } from "./fast_path.ts";
import { analysisBatchOf, candleBatchOf, createMessage, type Message } from "./mod.ts";

const rand = mulberry32(20261204);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const candle = () => {
  const low = 100 * rand();
  return {
    exchange: "binance",
    symbol: pick(["BTC/USDT", "ETH/USDT", "X"]),
    timeframe: "1m",
    openTime: Math.floor(rand() * 1e6) * 60_000,
    open: low + rand(),
    high: low + 2,
    low,
    close: low + rand(),
    volume: rand() * 1e3,
  };
};
const indicators = () => ({
  "ema.fast": rand() > 0.2 ? rand() * 100 : null,
  rsi: 50,
  "bb.upper": null,
});

/** 1 to 4 candles of one series, in ascending time. */
const rows = () => {
  const first = candle();
  return Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, i) => ({
    ...candle(),
    symbol: first.symbol,
    openTime: first.openTime + i * 60_000,
  }));
};

function valid(): Message {
  const options = { source: "test", key: "binance:BTC/USDT:1m", now: Math.floor(rand() * 1e12) };
  const types = ["candle", "tick", "analysis", "signal", "candle_batch", "analysis_batch"] as const;
  switch (pick(types)) {
    case "candle_batch":
      return createMessage("candle_batch", candleBatchOf(rows()), options);
    case "analysis_batch":
      return createMessage(
        "analysis_batch",
        analysisBatchOf(rows().map((c) => ({ ...c, indicators: indicators() }))),
        options,
      );
    case "candle":
      return createMessage("candle", candle(), options);
    case "tick":
      return createMessage("tick", candle(), options);
    case "analysis":
      return createMessage("analysis", { ...candle(), indicators: indicators() }, options);
    case "signal":
      return createMessage("signal", {
        exchange: "binance",
        symbol: "BTC/USDT",
        timeframe: "1m",
        strategy: "ema_cross",
        openTime: 60_000,
        side: pick(["buy", "sell"] as const),
        strength: rand(),
        price: 100 * rand(),
        reason: "crossed",
        indicators: indicators(),
      }, options);
  }
}

const oddValues: unknown[] = [
  NaN,
  Infinity,
  -Infinity,
  -1,
  1.5,
  2 ** 60,
  -0,
  0,
  "",
  "x",
  "x".repeat(600),
  null,
  undefined,
  "12",
  [],
  {},
  Object.create(null),
  true,
  "buy",
  "candle",
  "heartbeat",
];

/** A copy of `m` with one field, somewhere in it, removed, added or replaced by an odd value. */
function mutate(m: Message): unknown {
  const copy = structuredClone(m) as unknown as Record<string, Record<string, unknown>>;
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null;
  const payload = isObject(copy.payload) ? copy.payload : {};
  const inner = isObject(payload.indicators) ? payload.indicators : undefined;
  // A batch's columns (and its indicators' columns) are targets too.
  const columns = [...Object.values(payload), ...Object.values(inner ?? {})]
    .filter((v): v is Record<string, unknown> => Array.isArray(v));
  const target = pick<Record<string, unknown>>([
    copy,
    payload,
    ...(inner ? [inner] : []),
    ...columns,
  ]);
  const key = pick([...Object.keys(target), "extra", "__proto__"]);
  const r = rand();
  if (r < 0.15) delete target[key];
  else if (r < 0.25 && target === payload) {
    [payload.high, payload.low] = [payload.low, payload.high];
  } else target[key] = pick(oddValues);
  return copy;
}

Deno.test("the fast path accepts valid candles, ticks, analyses, signals and batches just as the schema does", () => {
  for (let i = 0; i < 2_000; i++) {
    const m = structuredClone(valid());
    const fast = acceptFast(m);
    assert(fast, `declined a valid ${m.type}: ${JSON.stringify(m)}`);
    assertEquals(fast, messageSchema.parse(m));
  }
});

Deno.test("whatever the fast path accepts, the schema accepts as an equal message", () => {
  let declined = 0;
  for (let i = 0; i < 20_000; i++) {
    const input = rand() < 0.5 ? mutate(valid()) : mutate(mutate(valid()) as Message);
    const fast = acceptFast(input);
    const zod = messageSchema.safeParse(input);
    if (fast === undefined) {
      declined++;
      continue;
    }
    assert(zod.success, `fast path accepted what the schema rejects: ${String(zod.error)}`);
    assertEquals(fast, zod.data);
  }
  assert(declined > 5_000, `mutations should mostly be declined, only ${declined} were`);
});

Deno.test("the fast path leaves every other message type to the schema", () => {
  const heartbeat = createMessage("heartbeat", {
    heapUsed: 1,
    messagesIn: 0,
    messagesOut: 0,
    mailbox: 0,
  } as never, { source: "t", key: "k", now: 1 });
  assertEquals(acceptFast(heartbeat), undefined);
  assertEquals(acceptFast("not an object"), undefined);
  assertEquals(acceptFast(null), undefined);
});

import { type Message, topicOf, weightOf } from "../../messages/mod.ts";
import { handlerDurationBuckets } from "./buckets.ts";
import { BucketTally, type MetricJson, Tally } from "./metric_json.ts";

/** One topic's series, found by topic alone; each made on first use. */
interface TopicFlow {
  published?: { value: number };
  ok?: { value: number };
  error?: { value: number };
  duration?: { observe(seconds: number): void };
}

/**
 * What an actor published and handled on the bus, as plain tallies (a few
 * additions per message): `actor_messages_published_total`,
 * `actor_messages_handled_total{outcome}`, `actor_handler_duration_seconds`,
 * `signals_total` (signals published) and `strategy_evaluations_total`
 * (analyses handled, each row of a batch one). Topics label batches by the
 * topic they travel on.
 *
 * @example
 * ```ts
 * const flows = new BusFlows("analyzer");
 * flows.handled({ type: "candle" } as never, 0.002, true);
 * flows.json(); // families in getMetricsAsJSON()'s shape
 * ```
 */
export class BusFlows {
  readonly #topics = new Map<string, TopicFlow>();
  readonly #published = new Tally<"actor" | "topic">();
  readonly #handled = new Tally<"actor" | "topic" | "outcome">();
  readonly #duration = new BucketTally<"actor" | "topic">(handlerDurationBuckets);
  readonly #signals = new Tally<"strategy" | "exchange" | "symbol" | "timeframe" | "side">();
  readonly #evaluations = new Tally<"exchange" | "symbol" | "timeframe">();

  constructor(readonly actor: string) {}

  /** Counts a message the actor published. */
  published(message: Message): void {
    const topic = topicOf(message.type), actor = this.actor;
    const f = this.#flow(topic);
    (f.published ??= this.#published.child({ actor, topic })).value++;
    if (message.type === "signal") {
      const s = message.payload;
      this.#signals.inc({
        strategy: s.strategy,
        exchange: s.exchange,
        symbol: s.symbol,
        timeframe: s.timeframe,
        side: s.side,
      });
    }
  }

  /** Counts a delivery its handler finished, ok or failed, in `seconds`. */
  handled(message: Message, seconds: number, ok: boolean): void {
    const topic = topicOf(message.type), actor = this.actor;
    const f = this.#flow(topic);
    if (ok) (f.ok ??= this.#handled.child({ actor, topic, outcome: "ok" })).value++;
    else (f.error ??= this.#handled.child({ actor, topic, outcome: "error" })).value++;
    (f.duration ??= this.#duration.child({ actor, topic })).observe(seconds);
    if (ok && (message.type === "analysis" || message.type === "analysis_batch")) {
      const { exchange, symbol, timeframe } = message.payload;
      this.#evaluations.inc({ exchange, symbol, timeframe }, weightOf(message));
    }
  }

  /** Every family, in `getMetricsAsJSON()`'s shape. */
  json(): MetricJson[] {
    return [
      this.#published.json(
        "actor_messages_published_total",
        "Messages the actor published, by topic.",
      ),
      this.#handled.json(
        "actor_messages_handled_total",
        "Deliveries the actor's handlers finished, by topic and outcome (ok, error).",
      ),
      this.#duration.json(
        "actor_handler_duration_seconds",
        "Time the actor's handler took per delivery, by topic, seconds.",
      ),
      this.#signals.json("signals_total", "Signals emitted, by strategy, series and side."),
      this.#evaluations.json(
        "strategy_evaluations_total",
        "Analyses the strategies were evaluated on, by series.",
      ),
    ];
  }

  #flow(topic: string): TopicFlow {
    let f = this.#topics.get(topic);
    if (!f) this.#topics.set(topic, f = {});
    return f;
  }
}

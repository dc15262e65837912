import { drain, getLogger } from "@logtape/logtape";
import { ActorMetrics } from "../../api/metrics/actor_metrics.ts";
import type { Bus } from "../../bus/types.ts";
import { type InHand, PortBus } from "../../bus/in_process/mod.ts";
import { restartOnError } from "./restart_on_error.ts";
import type { Config } from "../../config/mod.ts";
import { type Clock, clockFrom } from "../../lib/clock.ts";
import { errorMessage, FatalError } from "../../lib/errors.ts";
import { setupLogging } from "../../log/mod.ts";
import { createMessage, parseMessage } from "../../messages/mod.ts";
import type { Actor, ActorContext, ActorFactory } from "./actor.ts";
import type { ChildFrame, ParentFrame } from "./frames.ts";
import { routeParentFrame } from "./parent_frame.ts";
import { inWorker, type Link, stdioLink, workerLink } from "./link.ts";

/**
 * The entry of every actor: call it at the top of the actor's `mod.ts`. It
 * runs the same way as a Web Worker or as a child process (chosen by the
 * child spec): waits for `init`, builds the context, starts the actor, sends
 * heartbeats, obeys `drain`, and reports its own failures before exiting so
 * the supervisor never has to guess.
 *
 * @example
 * ```ts ignore
 * // actors/analyzer/mod.ts
 * import { serveActor } from "../runtime/serve.ts";
 * import { createAnalyzer } from "./analyzer.ts";
 * serveActor(createAnalyzer);
 * ```
 */
export function serveActor(factory: ActorFactory): void {
  const link = inWorker() ? workerLink() : stdioLink();
  let runtime: ActorRuntime | undefined;
  const crash = (e: unknown) => {
    const fatal = e instanceof FatalError;
    const frame: ChildFrame = {
      t: "crash",
      error: errorMessage(e),
      fatal,
      exitCode: fatal ? e.exitCode : undefined,
      inHand: runtime?.prepareCrash(),
    };
    link.send(frame);
    link.exit(1);
  };
  globalThis.addEventListener("error", (e) => {
    e.preventDefault();
    crash(e.error ?? e.message);
  });
  globalThis.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    crash(e.reason);
  });
  link.onFrame((raw) =>
    routeParentFrame(raw, {
      bus: (frame) => runtime?.busFrame(frame),
      init: (frame) => {
        runtime = new ActorRuntime(link, factory, crash);
        runtime.init(frame).catch(crash);
      },
      msg: (message) => runtime?.message(message).catch(crash),
      // A link that cannot carry the answer cannot carry a crash report either.
      metrics: (id) => runtime?.metrics(id).catch(() => {}),
      invalid: (error) => runtime?.invalidFrame(error),
    })
  );
}

class ActorRuntime {
  #bus?: Bus;
  #portBus?: PortBus;
  #actor?: Actor;
  #heartbeat?: ReturnType<typeof setInterval>;
  #metrics?: ActorMetrics;
  #clock?: Clock;
  readonly #abort = new AbortController();
  #name = "actor";
  #stopping = false;

  constructor(
    readonly link: Link,
    readonly factory: ActorFactory,
    readonly crash: (error: unknown) => void,
  ) {}

  /** See {@linkcode PortBus.prepareCrash}; nothing to do on Redis, which tracks deliveries itself. */
  prepareCrash(): InHand[] | undefined {
    return this.#portBus?.prepareCrash();
  }

  busFrame(frame: unknown): void {
    this.#portBus?.handle(frame);
  }

  async init(frame: Extract<ParentFrame, { t: "init" }>): Promise<void> {
    const { name, config } = frame;
    this.#name = name;
    await setupLogging({
      level: config.log.level,
      format: config.log.format,
      stream: inWorker() ? "stdout" : "stderr",
      // Set for the whole thread, so every module's lines name the actor, not only `ctx.log`'s.
      context: { actor: name },
    });
    this.#bus = await this.#openBus(config);
    const clock = clockFrom(frame.clock);
    const log = getLogger(["ct", name]).with({ actor: name });
    this.#clock = clock;
    this.#metrics = new ActorMetrics({
      name,
      clock,
      stats: () => this.#actor?.stats?.(),
      extra: () => this.#actor?.metrics?.() ?? [],
      slowQuerySeconds: config.monitor.slowQueryMs / 1000,
    });
    this.#metrics.start();
    const bus = restartOnError(this.#metrics.observeBus(this.#bus), this.crash);
    const ctx: ActorContext = {
      name,
      config,
      bus,
      clock,
      log,
      onQuery: this.#metrics.onQuery,
      signal: this.#abort.signal,
      // After the handler that calls it has returned and been acknowledged.
      finish: () => void setTimeout(() => this.finish().catch(this.crash), 0),
      alert: async (a) => {
        const message = createMessage("alert", {
          labels: { ...a.labels, actor: name },
          annotations: a.annotations,
          state: a.state ?? "firing",
          startsAt: clock.now(),
        }, { source: name, key: `alert:${a.labels.alertname}`, now: clock.now() });
        try {
          await bus.publish(message);
        } catch (e) {
          // Redis unreachable: the supervisor publishes it, or hands it to
          // this process's alerter (system/alert_publisher.ts).
          log.warn("{alertname} went to the supervisor: the bus did not take it: {error}", {
            alertname: a.labels.alertname,
            error: errorMessage(e),
          });
          this.link.send({ t: "msg", message } satisfies ChildFrame);
        }
      },
    };
    this.#actor = await this.factory(ctx);
    this.#heartbeat = setInterval(() => this.#beat(clock), frame.heartbeatMs);
    this.#beat(clock);
    this.link.send({ t: "ready" } satisfies ChildFrame);
    log.info("{actor} ready", { actor: name });
  }

  /** A message from the supervisor: `control` (drain), or one handed over past the bus. */
  async message(raw: unknown): Promise<void> {
    const parsed = parseMessage(raw);
    if (!parsed.ok) return this.invalidFrame(parsed.error);
    const message = parsed.message;
    if (message.type === "control") return await this.finish();
    // Draining: the publisher announces it again, to the next incarnation.
    if (this.#stopping) return;
    const actor = this.#actor;
    if (!actor?.handOver) {
      return this.invalidFrame(
        `expected a control message or one ${this.#name} takes past the bus, received a ${message.type}`,
      );
    }
    try {
      await actor.handOver(message);
    } catch (e) {
      getLogger(["ct", this.#name]).warn(
        "a {type} handed over past the bus was not handled: {error}",
        { type: message.type, error: errorMessage(e) },
      );
    }
  }

  invalidFrame(error: string): void {
    getLogger(["ct", this.#name]).warn("the supervisor sent an invalid frame, dropped: {error}", {
      error,
    });
  }

  /** Stops the actor, says `stopped` and exits: on `drain`, or unasked when the actor finished. */
  async finish(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#abort.abort(new Error(`${this.#name} is stopping`));
    clearInterval(this.#heartbeat);
    this.#metrics?.stop();
    await this.#actor?.stop();
    await this.#bus?.close();
    // Lines still batched in this thread's sink, written before the supervisor may end it.
    await drain();
    this.link.send({ t: "stopped" } satisfies ChildFrame);
    this.link.exit(0);
  }

  /** Answers a `metrics` request; a failure answers with what it has, never crashes the actor. */
  async metrics(id: number): Promise<void> {
    let metrics: unknown[] = [];
    let stats: Record<string, unknown> = {};
    try {
      metrics = await this.#metrics?.json() ?? [];
      stats = this.#actor?.stats?.() ?? {};
    } catch (e) {
      stats = { metricsError: errorMessage(e) };
    }
    const now = this.#clock?.now() ?? Date.now();
    try {
      this.link.send({ t: "metrics", id, now, metrics, stats } satisfies ChildFrame);
    } catch (e) {
      // Stats that cannot cross the link (not cloneable, not JSON): say so instead.
      const error = { metricsError: errorMessage(e) };
      this.link.send({ t: "metrics", id, now, metrics, stats: error } satisfies ChildFrame);
    }
  }

  async #openBus(config: Config): Promise<Bus> {
    if (config.redisUrl) {
      const { createRedisBus } = await import("../../bus/redis/mod.ts");
      return await createRedisBus({
        url: config.redisUrl,
        prefix: config.bus.prefix,
        partitions: config.bus.partitions,
        leaseMs: config.bus.leaseMs,
        claimIdleMs: config.bus.claimIdleMs,
        maxAttempts: config.bus.maxAttempts,
        logger: getLogger(["ct", this.#name, "bus"]),
      });
    }
    this.#portBus = new PortBus({
      send: (f) => this.link.send(f),
      maxAttempts: config.bus.maxAttempts,
    });
    return this.#portBus;
  }

  #beat(clock: Clock): void {
    const client = this.#bus?.clientStats() ?? { messagesIn: 0, messagesOut: 0, mailbox: 0 };
    const message = createMessage("heartbeat", {
      heapUsed: Deno.memoryUsage().heapUsed,
      messagesIn: client.messagesIn,
      messagesOut: client.messagesOut,
      mailbox: client.mailbox,
    }, { source: this.#name, key: this.#name, now: clock.now() });
    this.link.send({ t: "msg", message } satisfies ChildFrame);
  }
}

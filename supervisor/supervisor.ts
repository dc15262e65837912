import { backoffDelay } from "../lib/backoff.ts";
import { type Message, topicOf } from "../messages/mod.ts";
import { type Child, childStatus, countRestart, newChild, restartsAfter } from "./child.ts";
import { type ActorSnapshot, ChildRun, type DownReason } from "./child_run.ts";
import type { SupervisorOptions } from "./options.ts";
import { type ActorStatus, formatStatusLine } from "./status.ts";

export type { ActorSnapshot } from "./child_run.ts";
export type { SupervisorAlert, SupervisorOptions } from "./options.ts";

const MIB = 1024 * 1024;

/**
 * Starts, watches and restarts actors in the manner of an Erlang/OTP
 * supervisor. `done` resolves with the exit code the process should use when
 * the supervisor gives up (escalation with `onEscalation: "exit"`, or an actor
 * that refused to start), so an outer supervisor can take over.
 *
 * @example
 * ```ts ignore
 * const sup = new Supervisor(options);
 * await sup.start();
 * const code = await Promise.race([sup.done, signal]);
 * await sup.stop();
 * ```
 */
export class Supervisor {
  readonly #o: SupervisorOptions;
  readonly #children: Child[];
  readonly #now: () => number;
  readonly #random: () => number;
  #monitor?: ReturnType<typeof setInterval>;
  #statusTimer?: ReturnType<typeof setInterval>;
  #stopping = false;
  #restarts: Promise<void> = Promise.resolve();
  #resolveDone!: (code: number) => void;
  /** Resolves with an exit code when the supervisor gives up. */
  readonly done: Promise<number>;

  constructor(options: SupervisorOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.done = new Promise((resolve) => this.#resolveDone = resolve);
    this.#children = options.specs.map((spec) =>
      newChild(spec, options.intensity, options.periodMs)
    );
  }

  /** Declares every consumer group, then starts the children in order, each once ready. */
  async start(): Promise<void> {
    for (const c of this.#children) this.#o.transport?.broker.declare(c.spec.id, c.spec.consumes);
    for (const c of this.#children) {
      if (this.#stopping) return;
      await this.#startChild(c);
    }
    this.#monitor = setInterval(() => this.#check(), this.#o.heartbeatIntervalMs);
    if (this.#o.statusIntervalMs) {
      this.#statusTimer = setInterval(
        () =>
          this.#o.log.info("status {line}", {
            line: formatStatusLine(this.status(), this.#now()),
          }),
        this.#o.statusIntervalMs,
      );
    }
  }

  /** Stops every child in reverse start order, draining each within its shutdown time. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#monitor);
    clearInterval(this.#statusTimer);
    for (const c of this.#children) clearTimeout(c.timer);
    for (const c of [...this.#children].reverse()) await this.#stopChild(c);
  }

  /** Every actor's status, in start order. */
  status(): ActorStatus[] {
    return this.#children.map(childStatus);
  }

  /**
   * Asks every running actor for its metrics and stats at once (for
   * `/metrics` and `/ready`); an actor that does not answer within
   * `timeoutMs` is left out.
   */
  async snapshots(timeoutMs: number): Promise<ActorSnapshot[]> {
    const runs = this.#children.filter((c) => c.state === "running" && c.run && !c.run.down)
      .map((c) => c.run!);
    const answers = await Promise.all(runs.map((r) => r.requestSnapshot(timeoutMs)));
    return answers.filter((a) => a !== undefined);
  }

  /**
   * Hands `message` straight to every running actor that consumes its
   * topic, past the bus: the way an alert reaches this process's alerter
   * while the bus cannot carry it (Redis unreachable). Nothing acknowledges
   * or redelivers it; the publisher announces it again later (the rule
   * loop's `resendIntervalMs`). Returns the ids of the actors it went to.
   *
   * @example
   * ```ts ignore
   * const to = supervisor.handOver(createMessage("alert", alert, { source: "rules", key, now }));
   * if (to.length === 0) log.error("no local alerter to take it");
   * ```
   */
  handOver(message: Message): string[] {
    const topic = topicOf(message.type);
    const to = this.#children.filter((c) =>
      c.state === "running" && c.run && !c.run.down && c.spec.consumes.includes(topic)
    );
    for (const c of to) c.run!.handOver(message);
    return to.map((c) => c.spec.id);
  }

  /** Restarts one actor gracefully (an operator's request). */
  async restart(id: string): Promise<void> {
    const c = this.#children.find((x) => x.spec.id === id);
    if (!c) throw new RangeError(`no actor named ${JSON.stringify(id)}`);
    await this.#stopChild(c);
    countRestart(c, "manual");
    await this.#startChild(c);
  }

  async #startChild(c: Child): Promise<void> {
    c.state = "starting";
    const now = this.#now();
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => ready = resolve);
    const run: ChildRun = new ChildRun(c.spec, this.#o.transport, {
      onReady: () => {
        if (c.run !== run) return;
        c.state = "running";
        ready();
      },
      onHeartbeat: () => run.lastHeartbeatAt = this.#now(),
      onAlert: (message) => {
        if (this.#o.relayAlert) return this.#o.relayAlert(message);
        this.#o.log.warn("{actor} could not publish {alertname}, and nothing relays it: dropped", {
          actor: c.spec.id,
          alertname: message.payload.labels.alertname,
        });
      },
      onInvalidFrame: (error) => {
        c.invalidFrames++;
        this.#o.log.warn("{actor} sent an invalid frame, dropped: {error}", {
          actor: c.spec.id,
          error,
        });
      },
      onDown: (reason, error, exitCode) => {
        ready();
        this.#down(c, run, reason, error, exitCode);
      },
    }, now);
    c.run = run;
    run.init({
      t: "init",
      name: c.spec.id,
      config: this.#o.config,
      heartbeatMs: Math.max(50, Math.floor(this.#o.heartbeatIntervalMs / 2)),
      clock: this.#o.clock,
    });
    const timeoutMs = this.#o.startTimeoutMs ?? 30_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      isReady,
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          if (c.state === "starting" && c.run === run && !run.down) {
            this.#down(c, run, "start_timeout", `not ready within ${timeoutMs} ms`);
          }
          resolve();
        }, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  async #stopChild(c: Child): Promise<void> {
    clearTimeout(c.timer);
    const run = c.run;
    if (run && !run.down) {
      await this.#drained(c.spec.id, c.spec.shutdownMs);
      const ms = c.spec.shutdownMs;
      if (await run.stop(ms, this.#now())) {
        this.#o.log.info("{actor} stopped", { actor: c.spec.id });
      } else {
        this.#o.log.warn("{actor} did not stop cleanly within {ms} ms; killed", {
          actor: c.spec.id,
          ms,
        });
      }
    }
    if (c.state !== "failed") c.state = "stopped";
  }

  /** Waits until the broker holds nothing for `group`, at most `ms`. */
  async #drained(group: string, ms: number): Promise<void> {
    const broker = this.#o.transport?.broker;
    if (!broker) return;
    const until = this.#now() + ms / 2;
    while (broker.groupBacklog(group) > 0 && this.#now() < until) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** The heartbeat and memory watchdog. */
  #check(): void {
    const now = this.#now();
    for (const c of this.#children) {
      const run = c.run;
      if (!run || run.down || c.state !== "running") continue;
      if (now - run.lastHeartbeatAt > this.#o.heartbeatTimeoutMs) {
        this.#down(c, run, "hang", `no heartbeat for ${now - run.lastHeartbeatAt} ms`);
      } else if ((run.heartbeat?.heapUsed ?? 0) > c.spec.maxHeapBytes) {
        this.#recycle(c, run);
      }
    }
  }

  /** The memory watchdog's graceful restart: drain, stop, start again. */
  async #recycle(c: Child, run: ChildRun): Promise<void> {
    const heap = run.heartbeat?.heapUsed ?? 0;
    c.state = "restarting";
    // MiB, the unit of the setting (`actorSettings.<actor>.maxHeapMb`).
    this.#o.log.warn("{actor} heap {heap} MiB exceeded {limit} MiB; restarting it gracefully", {
      actor: c.spec.id,
      heap: Math.round(heap / MIB),
      limit: Math.round(c.spec.maxHeapBytes / MIB),
    });
    await run.stop(c.spec.shutdownMs, this.#now());
    if (this.#stopping || c.run !== run) return;
    countRestart(c, "memory");
    await this.#startChild(c);
  }

  async #down(
    c: Child,
    run: ChildRun,
    reason: DownReason,
    error: string | undefined,
    exitCode?: number,
  ): Promise<void> {
    if (c.run !== run) return;
    c.lastError = error ?? null;
    const reclaimed = await run.kill(reason !== "normal");
    if (reason === "hang" && !reclaimed) {
      c.leakedThreads++;
      this.#o.alert?.({
        alertname: "ActorThreadLeaked",
        severity: "critical",
        actor: c.spec.id,
        summary: `${c.spec.id} hung and its worker thread cannot be stopped; ` +
          (this.#o.onLeakedThread === "exit"
            ? "stopping the system so its outer supervisor restarts the process"
            : "restart the process to reclaim the CPU, or give it process isolation"),
      });
      if (this.#o.onLeakedThread === "exit" && !this.#stopping) {
        this.#o.log.error("{actor}'s worker thread leaked: stopping the system to reclaim it", {
          actor: c.spec.id,
        });
        c.state = "failed";
        return this.#resolveDone(1);
      }
    }
    if (reason === "normal") this.#o.log.info("{actor} finished", { actor: c.spec.id });
    else this.#o.log.error("{actor} down ({reason}): {error}", { actor: c.spec.id, reason, error });
    if (this.#stopping) return;
    if (reason === "fatal") {
      c.state = "failed";
      return this.#resolveDone(exitCode ?? 1);
    }
    if (!restartsAfter(c, reason)) {
      c.state = "stopped";
      return;
    }
    this.#scheduleRestart(c, reason);
  }

  #scheduleRestart(c: Child, reason: string): void {
    const now = this.#now();
    // A child that ran a whole period without trouble starts its backoff over.
    if (c.run && now - c.run.startedAt > this.#o.periodMs) c.consecutive = 0;
    if (!c.intensity.record(now)) return this.#escalate(c);
    c.consecutive++;
    countRestart(c, reason);
    c.state = "restarting";
    const delay = backoffDelay(c.consecutive, this.#o.backoff, this.#random());
    this.#o.onRestart?.(c.spec.id, reason, delay);
    this.#o.log.warn("{actor} restarting in {delay} ms ({reason})", {
      actor: c.spec.id,
      delay,
      reason,
    });
    // One restart at a time: under rest_for_one a restart stops and starts
    // siblings, which must not interleave with another child's restart.
    c.timer = setTimeout(() => {
      this.#restarts = this.#restarts.then(() => this.#restartFrom(c));
    }, delay);
  }

  /** Restarts `c`; under rest_for_one also every child started after it. */
  async #restartFrom(c: Child): Promise<void> {
    if (this.#stopping) return;
    const later = this.#o.strategy === "rest_for_one"
      ? this.#children.slice(this.#children.indexOf(c) + 1).filter((x) => x.state === "running")
      : [];
    for (const x of [...later].reverse()) await this.#stopChild(x);
    await this.#startChild(c);
    for (const x of later) {
      countRestart(x, "sibling");
      await this.#startChild(x);
    }
  }

  #escalate(c: Child): void {
    c.state = "failed";
    const summary = `${c.spec.id} restarted more than ${this.#o.intensity} times in ${
      this.#o.periodMs / 1000
    } s; ${this.#o.onEscalation === "exit" ? "stopping the system" : "left stopped (degraded)"}`;
    this.#o.log.error("{summary}", { summary });
    if (this.#o.onEscalation === "exit") this.#resolveDone(1);
  }
}

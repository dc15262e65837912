import { describeValue } from "../lib/describe.ts";
import type { BrokerPort, InProcessTransport } from "../bus/in_process/mod.ts";
import { busFrameTags, type InHand } from "../bus/in_process/mod.ts";
import type { ChildFrame, ParentFrame } from "../actors/runtime/frames.ts";
import {
  createMessage,
  type Heartbeat,
  type Message,
  type MessageOf,
  parseMessage,
} from "../messages/mod.ts";
import type { ChildSpec } from "./child_spec.ts";
import type { ChildHost, HostExit } from "./hosts/host.ts";
import { ProcessHost } from "./hosts/process_host.ts";
import { WorkerHost } from "./hosts/worker_host.ts";

/**
 * Why an incarnation ended. `normal` is OTP's normal exit: the actor said it
 * finished (`ActorContext.finish`). Exiting without a word is a `crash`.
 */
export type DownReason = "normal" | "crash" | "hang" | "memory" | "start_timeout" | "fatal";

/** An actor's answer to a metrics request. */
export interface ActorSnapshot {
  actor: string;
  /** The actor's clock when it answered (simulated under `--source sim`), epoch ms. */
  now: number;
  /** The actor's prom-client registry as JSON (`getMetricsAsJSON()`). */
  metrics: unknown[];
  /** The actor's `stats()`. */
  stats: Record<string, unknown>;
}

/** Callbacks from one incarnation to its supervisor. */
export interface ChildRunEvents {
  onReady(): void;
  onHeartbeat(beat: Heartbeat): void;
  /** An alert the actor's own bus client did not take, for the supervisor to pass on. */
  onAlert(message: MessageOf<"alert">): void;
  /** A `msg` frame that is neither a heartbeat nor an alert: `error` says why (a bug on the actor's side). */
  onInvalidFrame(error: string): void;
  /** The incarnation ended on its own (the supervisor did not kill it first). */
  onDown(reason: DownReason, error: string | undefined, exitCode?: number): void;
}

/**
 * One incarnation of a child: its host, its bus link to the broker, and what
 * it last said. The supervisor makes a new one for every (re)start.
 *
 * @example
 * ```ts ignore
 * const run = new ChildRun(spec, transport, events);
 * run.init(initFrame);
 * await run.stop(5_000);
 * ```
 */
export class ChildRun {
  readonly host: ChildHost;
  readonly port?: BrokerPort;
  readonly startedAt: number;
  lastHeartbeatAt: number;
  heartbeat?: Heartbeat;
  #stopped?: (clean: boolean) => void;
  #down = false;
  /** What the actor said it was handling as it crashed. */
  #inHand?: InHand[];
  /** The latest answer to a metrics request. */
  snapshot?: ActorSnapshot;
  #snapshotId = 0;
  readonly #snapshotWaiters = new Map<number, (s: ActorSnapshot | undefined) => void>();

  constructor(
    readonly spec: ChildSpec,
    transport: InProcessTransport | undefined,
    readonly events: ChildRunEvents,
    now: number,
  ) {
    this.startedAt = now;
    this.lastHeartbeatAt = now;
    this.host = spec.isolation === "process"
      ? new ProcessHost(spec.module)
      : new WorkerHost(spec.module, spec.id);
    this.port = transport?.serve((f) => this.host.send(f));
    this.host.onFrame((f) => this.#frame(f));
    this.host.onExit((exit) => this.#exited(exit));
  }

  init(frame: Extract<ParentFrame, { t: "init" }>): void {
    this.host.send(frame);
  }

  /** Sends `message` to the actor past the bus (`Supervisor.handOver`). */
  handOver(message: Message): void {
    this.host.send({ t: "msg", message } satisfies ParentFrame);
  }

  /** True once the incarnation ended, by itself or by {@linkcode kill}. */
  get down(): boolean {
    return this.#down;
  }

  /**
   * Asks the actor to drain and stop; kills it if it has not within
   * `timeoutMs`. Resolves `true` when it stopped by itself, cleanly.
   */
  async stop(timeoutMs: number, now: number): Promise<boolean> {
    if (this.#down) return true;
    const stopped = new Promise<boolean>((resolve) => {
      this.#stopped = resolve;
    });
    const message = createMessage("control", { command: "drain", deadlineMs: timeoutMs }, {
      source: "supervisor",
      key: this.spec.id,
      now,
    });
    this.host.send({ t: "msg", message } satisfies ParentFrame);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const clean = await Promise.race([stopped, timeout]);
    clearTimeout(timer);
    await this.kill(false);
    return clean;
  }

  /**
   * Asks the actor for its metrics and stats; resolves with its answer, or
   * `undefined` when it does not answer within `timeoutMs` (busy or gone).
   */
  requestSnapshot(timeoutMs: number): Promise<ActorSnapshot | undefined> {
    if (this.#down) return Promise.resolve(undefined);
    const id = ++this.#snapshotId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(undefined), timeoutMs);
      const settle = (s: ActorSnapshot | undefined) => {
        clearTimeout(timer);
        this.#snapshotWaiters.delete(id);
        resolve(s);
      };
      this.#snapshotWaiters.set(id, settle);
      this.host.send({ t: "metrics", id } satisfies ParentFrame);
    });
  }

  /**
   * Ends the incarnation now. What it held on the bus goes back to its
   * mailbox (`crashed` counts an attempt against the message in hand).
   * Resolves whether the CPU is known to be reclaimed.
   */
  async kill(crashed: boolean): Promise<boolean> {
    this.#down = true;
    for (const settle of [...this.#snapshotWaiters.values()]) settle(undefined);
    this.port?.close(crashed, this.#inHand);
    return await this.host.kill();
  }

  #frame(raw: unknown): void {
    if (typeof raw !== "object" || raw === null) {
      return this.events.onInvalidFrame(`expected a frame object, received ${describeValue(raw)}`);
    }
    const frame = raw as ChildFrame & { t: string };
    if (busFrameTags.has(frame.t)) return this.port?.handle(raw);
    switch (frame.t) {
      case "ready":
        return this.events.onReady();
      case "msg": {
        const parsed = parseMessage(frame.message);
        if (parsed.ok && parsed.message.type === "heartbeat") {
          this.heartbeat = parsed.message.payload;
          this.events.onHeartbeat(parsed.message.payload);
        } else if (parsed.ok && parsed.message.type === "alert") {
          this.events.onAlert(parsed.message);
        } else {
          this.events.onInvalidFrame(
            parsed.ok
              ? `expected a heartbeat or an alert, received a ${parsed.message.type}`
              : parsed.error,
          );
        }
        return;
      }
      case "stopped":
        if (this.#stopped) return this.#stopped(true);
        if (this.#down) return;
        // Unasked: the actor finished its work.
        this.#down = true;
        return this.events.onDown("normal", undefined);
      case "metrics": {
        const { id, now, metrics, stats } = frame;
        this.snapshot = { actor: this.spec.id, now, metrics, stats };
        this.#snapshotWaiters.get(id)?.(this.snapshot);
        return;
      }
      case "crash":
        if (this.#down) return;
        this.#inHand = frame.inHand;
        this.#down = true;
        return this.events.onDown(frame.fatal ? "fatal" : "crash", frame.error, frame.exitCode);
      default:
        return this.events.onInvalidFrame(
          `expected a frame tag, received ${describeValue((raw as { t?: unknown }).t)}`,
        );
    }
  }

  #exited(exit: HostExit): void {
    if (this.#down) return;
    // Asked to stop, it is gone: that ends the stop, not a crash to restart
    // it for (whoever asked starts the next incarnation).
    if (this.#stopped) return this.#stopped(exit.code === 0);
    this.#down = true;
    this.events.onDown("crash", exit.error ?? `exited with code ${exit.code}`);
  }
}

import { MessageChannel, type MessagePort } from "node:worker_threads";
import type { ParentFrame } from "../../actors/runtime/frames.ts";
import { type ChildHost, type HostExit, LAST_FRAMES_MS } from "./host.ts";

/**
 * Runs an actor as a Web Worker. The `error` event is handled and its default
 * prevented: otherwise an uncaught error in one actor exits the whole process.
 *
 * Deno has no event for a worker that closed itself (`self.close()`,
 * `Deno.exit()`), so the worker is handed one end of a channel it never
 * uses: that end goes away only with the worker's thread, and the host's end
 * then reports `close`. A worker spinning in a loop keeps it open even after
 * `terminate()` (denoland/deno#35657), which tells a thread that exited from
 * one that leaked.
 *
 * @example
 * ```ts ignore
 * const host = new WorkerHost(new URL("../../actors/analyzer/mod.ts", import.meta.url), "analyzer");
 * host.onFrame((f) => console.log(f));
 * await host.kill();
 * ```
 */
export class WorkerHost implements ChildHost {
  readonly #worker: Worker;
  readonly #threadWatch: MessagePort;
  #threadEnded = false;
  #lastFrames?: ReturnType<typeof setTimeout>;
  #onExit?: (exit: HostExit) => void;
  #dead = false;

  constructor(module: URL, name: string) {
    this.#worker = new Worker(module, { type: "module", name });
    this.#worker.addEventListener("error", (e) => {
      e.preventDefault();
      this.#gone({ error: e.message || "uncaught error in worker" });
    });
    this.#worker.addEventListener("messageerror", () => {
      this.#gone({ error: "a frame from the worker could not be deserialized" });
    });
    // Node's port, not the web one: Deno emits `close` for it when the other
    // end goes, as Node documents (a web port says nothing).
    const { port1, port2 } = new MessageChannel();
    this.#threadWatch = port1;
    port1.on("close", () => this.#ended());
    port1.start();
    port1.unref();
    const watch: ParentFrame = { t: "thread-watch" };
    this.#worker.postMessage(watch, [port2 as unknown as Transferable]);
  }

  send(frame: unknown): void {
    if (!this.#dead) this.#worker.postMessage(frame);
  }

  onFrame(receiver: (frame: unknown) => void): void {
    this.#worker.addEventListener("message", (e) => receiver(e.data));
  }

  onExit(callback: (exit: HostExit) => void): void {
    this.#onExit = callback;
  }

  kill(): Promise<boolean> {
    const ended = this.#threadEnded;
    if (!this.#dead) {
      this.#dead = true;
      this.#worker.terminate();
    }
    clearTimeout(this.#lastFrames);
    this.#threadWatch.close();
    // terminate() cannot interrupt a busy loop: unless the thread is known to
    // have ended, the caller decides from its own evidence (a missed
    // heartbeat) whether it may still spin.
    return Promise.resolve(ended);
  }

  /**
   * The worker's thread ended on its own; it is reported once its last
   * frames are in (one posted just before the exit was seen up to 4 ms after
   * the news on a busy main thread).
   */
  #ended(): void {
    if (this.#dead || this.#threadEnded) return;
    this.#threadEnded = true;
    this.#lastFrames = setTimeout(
      () => this.#gone({ error: "the worker exited without a crash report" }),
      LAST_FRAMES_MS,
    );
  }

  #gone(exit: HostExit): void {
    if (this.#dead) return;
    this.#dead = true;
    clearTimeout(this.#lastFrames);
    this.#worker.terminate();
    this.#onExit?.(exit);
  }
}

import type { ChildHost, HostExit } from "./host.ts";

/**
 * Runs an actor as a Web Worker. The `error` event is handled and its default
 * prevented: otherwise an uncaught error in one actor exits the whole process.
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
    if (!this.#dead) {
      this.#dead = true;
      this.#worker.terminate();
    }
    // terminate() cannot interrupt a busy loop; the caller decides from its
    // own evidence (a missed heartbeat) whether the thread may still spin.
    return Promise.resolve(false);
  }

  #gone(exit: HostExit): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#worker.terminate();
    this.#onExit?.(exit);
  }
}

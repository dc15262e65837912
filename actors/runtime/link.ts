import { jsonFrame } from "../../bus/in_process/wire.ts";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";

/** The actor's link to its supervisor: a worker's port or a child process's stdio. */
export interface Link {
  send(frame: unknown): void;
  onFrame(receiver: (frame: unknown) => void): void;
  /** Ends this side: closes the worker or exits the process. */
  exit(code: number): never | void;
}

/** True inside a Web Worker. */
export function inWorker(): boolean {
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  return typeof g.WorkerGlobalScope !== "undefined" && g instanceof g.WorkerGlobalScope;
}

/**
 * The link of an actor running as a Web Worker.
 *
 * @example
 * ```ts ignore
 * const link = workerLink();
 * link.send({ t: "ready" });
 * ```
 */
export function workerLink(): Link {
  // deno-lint-ignore no-explicit-any
  const scope = globalThis as any;
  return {
    send: (frame) => scope.postMessage(frame),
    onFrame: (receiver) => scope.addEventListener("message", (e: MessageEvent) => receiver(e.data)),
    exit: () => scope.close(),
  };
}

/**
 * The link of an actor running as a child process: one JSON frame a line on
 * stdin and stdout (its logs go to stderr).
 *
 * @example
 * ```ts ignore
 * const link = stdioLink();
 * link.send({ t: "ready" });
 * ```
 */
export function stdioLink(): Link {
  const encoder = new TextEncoder();
  // A terminal's Ctrl-C, like systemd's stop, signals the whole process
  // group. The supervisor drains this actor over the link; ended by the
  // signal itself, it would drop what it holds mid-message. Its stdin
  // closing (the supervisor gone, however) still ends it.
  Deno.addSignalListener("SIGINT", () => {});
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", () => {});
  return {
    send: (frame) => {
      const bytes = encoder.encode(jsonFrame(frame) + "\n");
      // A pipe may take a large frame in parts.
      for (let off = 0; off < bytes.length;) off += Deno.stdout.writeSync(bytes.subarray(off));
    },
    onFrame: (receiver) => {
      const lines = createInterface({ input: Readable.fromWeb(Deno.stdin.readable as never) });
      lines.on("line", (line) => {
        if (line.length > 0) receiver(JSON.parse(line));
      });
      // The supervisor closing our stdin means it is gone: do not outlive it.
      lines.on("close", () => Deno.exit(0));
    },
    exit: (code) => Deno.exit(code),
  };
}

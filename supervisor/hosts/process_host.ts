import { jsonFrame } from "../../bus/in_process/wire.ts";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { actorProcessCommand } from "./actor_process.ts";
import { type ChildHost, type HostExit, LAST_FRAMES_MS } from "./host.ts";

/**
 * Runs an actor as a child process (`deno run` of its module, or the
 * compiled binary itself: {@linkcode actorProcessCommand}), one JSON frame a
 * line over its stdin/stdout (its logs go to stderr, which is inherited).
 * SIGKILL reclaims it whatever it is doing.
 *
 * @example
 * ```ts ignore
 * const host = new ProcessHost(new URL("../../actors/collector/mod.ts", import.meta.url));
 * await host.kill();
 * ```
 */
export class ProcessHost implements ChildHost {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #encoder = new TextEncoder();
  #onExit?: (exit: HostExit) => void;
  #receiver?: (frame: unknown) => void;
  #killed = false;
  readonly #status: Promise<Deno.CommandStatus>;

  constructor(module: URL) {
    const { program, args } = actorProcessCommand(module, {
      standalone: Deno.build.standalone,
      execPath: Deno.execPath(),
    });
    this.#child = new Deno.Command(program, {
      args,
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#writer = this.#child.stdin.getWriter();
    const lines = createInterface({ input: Readable.fromWeb(this.#child.stdout as never) });
    lines.on("line", (line) => {
      if (line.length === 0) return;
      let frame: unknown;
      try {
        frame = JSON.parse(line);
      } catch {
        return; // not a frame: a stray write to stdout; the heartbeat catches a broken child
      }
      this.#receiver?.(frame);
    });
    const framesRead = new Promise<void>((resolve) => lines.on("close", resolve));
    this.#status = this.#child.status;
    this.#status.then(async (s) => {
      if (this.#killed) return;
      // The exit status and the last frames (a crash report, `stopped`) come
      // by separate ways; the frames say why it exited, so they go first. A
      // grandchild holding the pipe open must not hide the exit, hence the bound.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([framesRead, new Promise((r) => timer = setTimeout(r, LAST_FRAMES_MS))]);
      clearTimeout(timer);
      if (!this.#killed) {
        this.#onExit?.({ code: s.code, error: `process exited with code ${s.code}` });
      }
    });
  }

  get pid(): number {
    return this.#child.pid;
  }

  send(frame: unknown): void {
    if (this.#killed) return;
    this.#writer.write(this.#encoder.encode(jsonFrame(frame) + "\n")).catch(() => {
      // The pipe closed: the child is dying, and the exit callback reports it.
    });
  }

  onFrame(receiver: (frame: unknown) => void): void {
    this.#receiver = receiver;
  }

  onExit(callback: (exit: HostExit) => void): void {
    this.#onExit = callback;
  }

  async kill(): Promise<boolean> {
    if (!this.#killed) {
      this.#killed = true;
      try {
        this.#child.kill("SIGKILL");
      } catch {
        // Already exited.
      }
      await this.#writer.close().catch(() => {});
    }
    await this.#status;
    return true;
  }
}

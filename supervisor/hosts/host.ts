/** Why a child's host reports it gone. */
export interface HostExit {
  /** Process exit code, when it was a process. */
  code?: number;
  /** An uncaught error the host saw (a worker's `error` event). */
  error?: string;
}

/**
 * How long a child's last frames (a crash report, `stopped`) may trail the
 * news that it ended: they come by another way (a worker's port, a process's
 * stdout), and they say why it ended, so the exit is reported after them.
 */
export const LAST_FRAMES_MS = 500;

/** Where one incarnation of an actor runs: a Web Worker or a child process. */
export interface ChildHost {
  send(frame: unknown): void;
  /** Registers the receiver of the child's frames. */
  onFrame(receiver: (frame: unknown) => void): void;
  /** Registers the callback for the child dying on its own. */
  onExit(callback: (exit: HostExit) => void): void;
  /**
   * Ends the child now. Resolves `true` when its CPU is really reclaimed;
   * `false` for a worker that may be left spinning (see `Isolation`).
   */
  kill(): Promise<boolean>;
  readonly pid?: number;
}

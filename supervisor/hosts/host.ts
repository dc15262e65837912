/** Why a child's host reports it gone. */
export interface HostExit {
  /** Process exit code, when it was a process. */
  code?: number;
  /** An uncaught error the host saw (a worker's `error` event). */
  error?: string;
}

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

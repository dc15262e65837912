import { busFrameTags } from "../../bus/in_process/frames.ts";
import { describeValue } from "../../lib/describe.ts";
import type { ParentFrame } from "./frames.ts";

/** What an actor does with each kind of frame from its supervisor. */
export interface ParentFrameHandlers {
  /** A bus frame, for the actor's `PortBus`. */
  bus(frame: unknown): void;
  init(frame: Extract<ParentFrame, { t: "init" }>): void;
  msg(message: unknown): void;
  metrics(id: number): void;
  /** Anything else: it is logged and dropped, never a crash. */
  invalid(reason: string): void;
}

/**
 * Routes one frame from the supervisor by its tag. `thread-watch` needs
 * nothing from the actor (its port only has to stay open).
 *
 * @example
 * ```ts
 * routeParentFrame({ t: "metrics", id: 1 }, {
 *   bus() {}, init() {}, msg() {}, metrics: (id) => console.log(id), invalid() {},
 * }); // logs 1
 * ```
 */
export function routeParentFrame(raw: unknown, on: ParentFrameHandlers): void {
  if (typeof raw !== "object" || raw === null) {
    return on.invalid(`expected a frame object, received ${describeValue(raw)}`);
  }
  const frame = raw as ParentFrame | { t?: unknown };
  if (typeof frame.t === "string" && busFrameTags.has(frame.t)) return on.bus(raw);
  switch (frame.t) {
    case "init":
      return on.init(frame as Extract<ParentFrame, { t: "init" }>);
    case "msg":
      return on.msg((frame as Extract<ParentFrame, { t: "msg" }>).message);
    case "metrics":
      return on.metrics((frame as Extract<ParentFrame, { t: "metrics" }>).id);
    case "thread-watch":
      return;
    default:
      return on.invalid(`expected a frame tag, received ${describeValue(frame.t)}`);
  }
}

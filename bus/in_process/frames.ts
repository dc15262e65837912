/**
 * Frames of the in-process bus protocol between a worker's {@linkcode PortBus}
 * and the broker on the main thread. They travel by structured clone, so
 * they are plain objects. Messages inside are checked where they enter a
 * worker (full schema) and the broker (envelope shape, for routing).
 *
 * @module
 */
import type { Topic } from "../../messages/mod.ts";

/** One message in flight with its delivery count. */
export interface WireEntry {
  /** Delivery tag, unique per subscription; acks name it. */
  d: number;
  /** The message; unvalidated until the receiver parses it. */
  m: unknown;
  /** Delivery attempt, from 1. */
  a: number;
}

/** A delivery a client was handling: subscription and delivery tag. */
export interface InHand {
  sid: number;
  tag: number;
}

/** Frames a bus client sends to the broker. */
export type ClientFrame =
  | { t: "pub"; seq: number; msgs: unknown[] }
  | { t: "declare"; qid: number; group: string; topics: Topic[] }
  | { t: "sub"; qid: number; sid: number; group: string; topics: Topic[]; prefetch: number }
  | { t: "unsub"; sid: number }
  | { t: "ack"; sid: number; tags: number[] }
  | { t: "dead"; sid: number; tag: number; error: string; attempts: number }
  | { t: "query"; qid: number; what: "stats" | "dead"; limit?: number };

/** Frames the broker sends to a bus client. */
export type BrokerFrame =
  /** `room`: per topic of the frame, free mailbox slots left (-1: unbounded). */
  | { t: "puback"; seq: number; room: Record<string, number> }
  | { t: "deliver"; sid: number; entries: WireEntry[] }
  | { t: "unsubbed"; sid: number }
  | { t: "result"; qid: number; value: unknown };

/** Tags of bus frames, to tell them from the actor-lifecycle frames sharing a port. */
export const busFrameTags: ReadonlySet<string> = new Set([
  "pub",
  "declare",
  "sub",
  "unsub",
  "ack",
  "dead",
  "puback",
  "deliver",
  "unsubbed",
  "query",
  "result",
]);

/** A duplex link that carries frames: a MessagePort, a Worker, a worker's `self`, or a pipe. */
export interface Endpoint {
  send(frame: unknown): void;
  /** Registers the receiver; there is one. */
  onFrame(receiver: (frame: unknown) => void): void;
}

/** The postMessage surface shared by MessagePort, Worker and a worker's global scope. */
export interface PostMessageTarget {
  postMessage(data: unknown): void;
  addEventListener(type: "message", listener: (e: MessageEvent) => void): void;
}

/**
 * Wraps anything with `postMessage` as an {@linkcode Endpoint}.
 *
 * @example
 * ```ts
 * const { port1, port2 } = new MessageChannel();
 * const a = postMessageEndpoint(port1);
 * a.send({ t: "ack", sid: 1, tags: [] });
 * port1.close();
 * port2.close();
 * ```
 */
export function postMessageEndpoint(target: PostMessageTarget): Endpoint {
  return {
    send: (frame) => target.postMessage(frame),
    onFrame: (receiver) => target.addEventListener("message", (e) => receiver(e.data)),
  };
}

import { type MessageType, topicOf } from "../../messages/mod.ts";
import type { Broker, BrokerConsumer } from "./broker.ts";
import type { BrokerFrame, ClientFrame, InHand } from "./frames.ts";

/**
 * The broker's end of one client link (a worker, or a MessagePort on the main
 * thread). It turns client frames into broker calls and deliveries into
 * frames. When the link dies, {@linkcode BrokerPort.close} hands back what
 * the client held.
 *
 * @example
 * ```ts
 * import { Broker } from "./broker.ts";
 * const { port1, port2 } = new MessageChannel();
 * const server = new BrokerPort(new Broker(), (f) => port1.postMessage(f));
 * port1.onmessage = (e) => server.handle(e.data);
 * server.close(false);
 * port1.close();
 * port2.close();
 * ```
 */
export class BrokerPort {
  readonly #subs = new Map<number, BrokerConsumer>();
  #closed = false;

  constructor(readonly broker: Broker, readonly send: (frame: BrokerFrame) => void) {}

  /** Handles one frame from the client; frames that are not the bus's are ignored. */
  handle(raw: unknown): void {
    if (this.#closed) return;
    const frame = raw as ClientFrame;
    switch (frame?.t) {
      case "pub": {
        const msgs = Array.isArray(frame.msgs) ? frame.msgs : [];
        const wait = this.broker.publish(msgs);
        const seq = frame.seq;
        const ack = () => this.#send({ t: "puback", seq, room: this.broker.room(topicsOf(msgs)) });
        if (wait) wait.then(ack);
        else ack();
        return;
      }
      case "declare":
        this.broker.declare(frame.group, frame.topics);
        return this.#send({ t: "result", qid: frame.qid, value: null });
      case "sub": {
        const sid = frame.sid;
        const consumer: BrokerConsumer = {
          group: frame.group,
          topics: frame.topics,
          credit: frame.prefetch,
          deliver: (entries) => this.#send({ t: "deliver", sid, entries }),
        };
        this.#subs.set(sid, consumer);
        this.broker.attach(consumer);
        return this.#send({ t: "result", qid: frame.qid, value: null });
      }
      case "unsub": {
        const consumer = this.#subs.get(frame.sid);
        if (consumer) this.broker.detach(consumer, false);
        this.#subs.delete(frame.sid);
        return this.#send({ t: "unsubbed", sid: frame.sid });
      }
      case "ack": {
        const consumer = this.#subs.get(frame.sid);
        if (consumer) this.broker.ack(consumer, frame.tags);
        return;
      }
      case "dead": {
        const consumer = this.#subs.get(frame.sid);
        if (consumer) this.broker.reject(consumer, frame.tag, frame.error, frame.attempts);
        return;
      }
      case "query": {
        const value = frame.what === "stats"
          ? this.broker.stats()
          : this.broker.deadLetters(frame.limit);
        return this.#send({ t: "result", qid: frame.qid, value });
      }
    }
  }

  /**
   * The link is gone: detach every subscription, requeueing what it held.
   * `inHand`, when the client reported it, names the deliveries it was
   * handling when it crashed.
   */
  close(crashed: boolean, inHand?: readonly InHand[]): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const [sid, consumer] of this.#subs) {
      const tags = inHand?.filter((h) => h.sid === sid).map((h) => h.tag);
      this.broker.detach(consumer, crashed, inHand ? tags : undefined);
    }
    this.#subs.clear();
  }

  #send(frame: BrokerFrame): void {
    if (!this.#closed) this.send(frame);
  }
}

function topicsOf(msgs: readonly unknown[]): Set<string> {
  const topics = new Set<string>();
  for (const m of msgs) {
    const type = (m as { type?: unknown } | null)?.type;
    // A batch's room is its topic's: that is what the client's credit is keyed by.
    if (typeof type === "string") topics.add(topicOf(type as MessageType));
  }
  return topics;
}

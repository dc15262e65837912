/**
 * The in-process transport: a broker on the main thread, and clients in
 * workers (or on the main thread) linked to it by MessagePorts.
 *
 * @module
 */
import { Broker, type BrokerOptions } from "./broker.ts";
import { BrokerPort } from "./broker_port.ts";
import type { BrokerFrame } from "./frames.ts";
import { PortBus, type PortBusOptions } from "./port_bus.ts";

export { Broker, type BrokerConsumer, type BrokerOptions } from "./broker.ts";
export { BrokerPort } from "./broker_port.ts";
export { PortBus, type PortBusOptions } from "./port_bus.ts";
export * from "./frames.ts";

/** The in-process transport: its broker and a way to open clients on it. */
export interface InProcessTransport {
  readonly broker: Broker;
  /** Opens a bus client on this thread, linked to the broker by a MessageChannel. */
  connect(options?: Omit<PortBusOptions, "send" | "onClose">): PortBus;
  /**
   * Ends a client from {@linkcode connect} as a crashing worker would: frames
   * it already posted arrive, then it is gone — no acks, no unsubscribe.
   */
  kill(bus: PortBus): Promise<void>;
  /** Serves a client at the other end of `send` (a worker); feed its frames to `handle`. */
  serve(send: (frame: BrokerFrame) => void): BrokerPort;
}

/**
 * Creates the in-process transport.
 *
 * @example
 * ```ts
 * const transport = createInProcessBus();
 * const bus = transport.connect();
 * await bus.declare("analyzer", ["candle"]);
 * await bus.close();
 * ```
 */
export function createInProcessBus(options: BrokerOptions = {}): InProcessTransport {
  const broker = new Broker(options);
  const serve = (send: (frame: BrokerFrame) => void) => new BrokerPort(broker, send);
  const links = new WeakMap<PortBus, () => void>();
  return {
    broker,
    serve,
    kill: async (bus) => {
      bus.abort();
      // Let frames already posted arrive, as they do before a worker's crash frame.
      await new Promise((resolve) => setTimeout(resolve, 20));
      links.get(bus)?.();
    },
    connect(clientOptions = {}) {
      const { port1, port2 } = new MessageChannel();
      const server = serve((f) => port1.postMessage(f));
      port1.onmessage = (e) => server.handle(e.data);
      const bus: PortBus = new PortBus({
        ...clientOptions,
        send: (f) => port2.postMessage(f),
        onClose: () => {
          server.close(false);
          port1.close();
          port2.close();
        },
      });
      port2.onmessage = (e) => bus.handle(e.data);
      links.set(bus, () => {
        server.close(true);
        port1.close();
        port2.close();
      });
      return bus;
    },
  };
}

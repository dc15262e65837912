/**
 * A TCP forwarder a test can cut and restore, to take a real service
 * (PostgreSQL, Redis) away from the code under test and give it back.
 *
 * @module
 */

/** Forwards connections from a local port to `target`; stop() drops them all and refuses new ones. */
export class TcpForwarder {
  #listener?: Deno.Listener;
  #accepting?: Promise<void>;
  readonly #conns = new Set<Deno.Conn>();
  readonly #pipes = new Set<Promise<unknown>>();
  port = 0;

  constructor(readonly target: { hostname: string; port: number }) {}

  /** Listens (again) on the same port once it has one. */
  start(): void {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: this.port });
    this.#listener = listener;
    this.port = (listener.addr as Deno.NetAddr).port;
    this.#accepting = (async () => {
      try {
        for await (const client of listener) this.#forward(client);
      } catch {
        // Listener closed by stop().
      }
    })();
  }

  async stop(): Promise<void> {
    this.#listener?.close();
    await this.#accepting;
    for (const c of this.#conns) {
      try {
        c.close();
      } catch {
        // Already closed by its pipe.
      }
    }
    await Promise.allSettled([...this.#pipes]);
    this.#conns.clear();
  }

  #forward(client: Deno.Conn): void {
    this.#conns.add(client);
    const pipe = (async () => {
      let upstream: Deno.Conn;
      try {
        upstream = await Deno.connect(this.target);
      } catch {
        client.close();
        return;
      }
      this.#conns.add(upstream);
      await Promise.allSettled([
        client.readable.pipeTo(upstream.writable),
        upstream.readable.pipeTo(client.writable),
      ]);
      for (const c of [client, upstream]) {
        this.#conns.delete(c);
        try {
          c.close();
        } catch {
          // pipeTo closed it.
        }
      }
    })();
    this.#pipes.add(pipe);
    pipe.finally(() => this.#pipes.delete(pipe));
  }
}

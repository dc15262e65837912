/**
 * A TCP forwarder between a client and a real server (here PostgreSQL), with
 * a switch: `down()` cuts every connection and stops listening, so new ones
 * are refused (ECONNREFUSED, as from a stopped server), `up()` listens on the
 * same port again. It injects "the database went away" without touching the
 * shared server: the client's own driver sees a real broken connection.
 *
 * @module
 */

/**
 * A running proxy on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts ignore
 * const proxy = TcpProxy.start({ hostname: "127.0.0.1", port: 5432 });
 * const url = `postgres://postgres@127.0.0.1:${proxy.port}/db`;
 * proxy.down(); // queries now fail with connection errors
 * proxy.up();
 * await proxy.close();
 * ```
 */
export class TcpProxy {
  readonly #target: Deno.ConnectOptions;
  readonly #open = new Set<Deno.Conn>();
  readonly #pipes = new Set<Promise<void>>();
  readonly #port: number;
  #listener: Deno.Listener | null;
  #accepting: Promise<void>;

  private constructor(target: Deno.ConnectOptions) {
    this.#target = target;
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.#port = (this.#listener.addr as Deno.NetAddr).port;
    this.#accepting = this.#accept(this.#listener);
  }

  /** Starts forwarding to `target`. */
  static start(target: Deno.ConnectOptions): TcpProxy {
    return new TcpProxy(target);
  }

  /** The port clients connect to. */
  get port(): number {
    return this.#port;
  }

  /** Cuts every open connection and stops listening: new ones are refused. */
  async down(): Promise<void> {
    this.#listener?.close();
    this.#listener = null;
    for (const conn of this.#open) this.#close(conn);
    await this.#accepting;
  }

  /** Listens on the same port again. */
  up(): void {
    if (this.#listener) return;
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: this.#port });
    this.#accepting = this.#accept(this.#listener);
  }

  /** Stops listening and closes everything. */
  async close(): Promise<void> {
    await this.down();
    await Promise.all(this.#pipes);
  }

  async #accept(listener: Deno.Listener): Promise<void> {
    try {
      for await (const client of listener) {
        const pipe = this.#forward(client);
        this.#pipes.add(pipe);
        pipe.finally(() => this.#pipes.delete(pipe));
      }
    } catch {
      // the listener closed
    }
  }

  async #forward(client: Deno.Conn): Promise<void> {
    let server: Deno.Conn;
    try {
      server = await Deno.connect(this.#target);
    } catch {
      client.close();
      return;
    }
    this.#open.add(client).add(server);
    const copy = async (from: Deno.Conn, to: Deno.Conn) => {
      try {
        await from.readable.pipeTo(to.writable, { preventClose: true });
      } catch {
        // cut by down() or by the other side
      }
      this.#close(from);
      this.#close(to);
    };
    await Promise.all([copy(client, server), copy(server, client)]);
  }

  #close(conn: Deno.Conn): void {
    if (!this.#open.delete(conn)) return;
    try {
      conn.close();
    } catch {
      // already closed
    }
  }
}

/**
 * What the benchmark servers share: they print where they listen as one
 * `LISTENING <port>` line on stdout (the runner reads it) and stop cleanly
 * on SIGTERM, so a `--cpu-prof` run writes its profile on the way out.
 *
 * @module
 */

/**
 * The line a server prints once it listens.
 *
 * @example
 * ```ts
 * listeningLine(8000); // "LISTENING 8000"
 * ```
 */
export function listeningLine(port: number): string {
  return `LISTENING ${port}`;
}

/**
 * The port in a {@linkcode listeningLine}, or `null` for any other line.
 *
 * @example
 * ```ts
 * parseListeningLine("LISTENING 8000"); // 8000
 * parseListeningLine("hello"); // null
 * ```
 */
export function parseListeningLine(line: string): number | null {
  const m = /^LISTENING (\d{1,5})$/.exec(line.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Announces `port` on stdout, waits for SIGTERM or SIGINT, then runs `stop`
 * and removes its signal listeners so the event loop can drain (a process
 * that ends by `Deno.exit` would not write its `--cpu-prof` profile).
 *
 * @example
 * ```ts ignore
 * const server = Deno.serve({ port: 0 }, () => new Response("ok"));
 * await serveUntilSignal(server.addr.port, () => server.shutdown());
 * ```
 */
export async function serveUntilSignal(port: number, stop: () => Promise<void>): Promise<void> {
  const { promise, resolve } = Promise.withResolvers<void>();
  const signals: Deno.Signal[] = ["SIGTERM", "SIGINT"];
  for (const s of signals) Deno.addSignalListener(s, resolve);
  await Deno.stdout.write(new TextEncoder().encode(listeningLine(port) + "\n"));
  await promise;
  for (const s of signals) Deno.removeSignalListener(s, resolve);
  await stop();
}

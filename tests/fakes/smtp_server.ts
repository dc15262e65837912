/**
 * A real SMTP server (`npm:smtp-server`) in the test process: records every
 * message as received, and can reject RCPT or DATA with a reply code.
 *
 * @module
 */
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import type { AddressInfo } from "node:net";

/** One message as the SMTP server received it. */
export interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** An error an SMTP handler answers with: the reply code goes on the wire. */
export const reply = (code: number, text: string) =>
  Object.assign(new Error(text), { responseCode: code });

/**
 * Starts a plain-text SMTP server on a free port; `reject` answers RCPT or DATA with an error.
 *
 * @example
 * ```ts ignore
 * const smtp = await startSmtp();
 * // ... send to smtp.url ...
 * await smtp.close();
 * ```
 */
export async function startSmtp(reject: { rcpt?: Error; data?: Error } = {}) {
  const received: Received[] = [];
  let connections = 0;
  const options: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onRcptTo(_address, _session, callback) {
      callback(reject.rcpt ?? null);
    },
    onData(stream, session, callback) {
      const chunks: Uint8Array[] = [];
      stream.on("data", (chunk: Uint8Array) => chunks.push(chunk));
      stream.on("end", () => {
        if (reject.data) return callback(reject.data);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: new TextDecoder().decode(concat(chunks)),
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out;
}

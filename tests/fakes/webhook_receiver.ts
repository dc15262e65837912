/**
 * A local webhook receiver: records every POST, checks its `X-Signature`
 * against the shared secret (answering 401 when it does not match, as a real
 * receiver should), and can fail upcoming requests on demand.
 *
 * @module
 */
import { verifySignature } from "../../alerting/notify/webhook.ts";

/** A failure to inject into upcoming requests. */
export type WebhookFailure =
  /** 429 Too Many Requests with this `Retry-After` value (seconds or an HTTP date). */
  | { kind: "429"; retryAfter: string }
  /** A server error, 500 unless given. */
  | { kind: "5xx"; status?: number }
  /** Never answer until the receiver closes. */
  | { kind: "hang" };

/** One request as the receiver saw it. */
export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: Headers;
  /** The raw body, exactly as sent. */
  body: string;
  /** `true`/`false` when the receiver has a secret, `undefined` without one. */
  signatureValid?: boolean;
  /** The HTTP status answered (a hung request: 503, once released). */
  status: number;
  failure?: WebhookFailure["kind"];
}

/** Options for {@linkcode WebhookReceiver.start}. */
export interface WebhookReceiverOptions {
  /** The shared secret signatures are checked with. */
  secret?: string;
}

/**
 * A running receiver on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts
 * const hook = WebhookReceiver.start({ secret: "s3cret" });
 * hook.fail({ kind: "429", retryAfter: "2" });
 * // ... POST to hook.url ...
 * await hook.close();
 * ```
 */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  #secret?: string;
  #failures: WebhookFailure[] = [];
  #server: Deno.HttpServer<Deno.NetAddr>;
  #closing = new AbortController();

  private constructor(options: WebhookReceiverOptions) {
    this.#secret = options.secret;
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => this.#handle(req),
    );
  }

  /** Starts a receiver. */
  static start(options: WebhookReceiverOptions = {}): WebhookReceiver {
    return new WebhookReceiver(options);
  }

  /** The URL to post to (path `/hook`). */
  get url(): string {
    return `http://127.0.0.1:${this.#server.addr.port}/hook`;
  }

  /** Fails the next `times` requests with `failure`. */
  fail(failure: WebhookFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.#failures.push(failure);
  }

  /** Stops the receiver; hanging requests are released. */
  async close(): Promise<void> {
    this.#closing.abort();
    await this.#server.shutdown();
  }

  async #handle(req: Request): Promise<Response> {
    const body = await req.text();
    const signatureValid = this.#secret === undefined
      ? undefined
      : verifySignature(body, req.headers.get("X-Signature"), this.#secret);
    const failure = this.#failures.shift();
    const seen: ReceivedWebhook = {
      method: req.method,
      path: new URL(req.url).pathname,
      headers: req.headers,
      body,
      signatureValid,
      status: 0,
      failure: failure?.kind,
    };
    this.requests.push(seen);
    const response = await this.#answer(req, failure, signatureValid);
    seen.status = response.status;
    return response;
  }

  async #answer(
    req: Request,
    failure: WebhookFailure | undefined,
    signatureValid: boolean | undefined,
  ): Promise<Response> {
    if (failure?.kind === "hang") {
      // Only closing releases it: the client giving up does not tell the server.
      const released = this.#closing.signal;
      await new Promise((resolve) => {
        if (released.aborted) resolve(undefined);
        released.addEventListener("abort", resolve, { once: true });
      });
      return new Response("released", { status: 503 });
    }
    if (failure?.kind === "429") {
      return new Response("slow down", {
        status: 429,
        headers: { "Retry-After": failure.retryAfter },
      });
    }
    if (failure?.kind === "5xx") {
      return new Response("receiver broke", { status: failure.status ?? 500 });
    }
    if (req.method !== "POST") return new Response("POST only", { status: 405 });
    if (signatureValid === false) return new Response("bad signature", { status: 401 });
    return Response.json({ received: true });
  }
}

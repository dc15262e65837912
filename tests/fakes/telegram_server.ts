/**
 * A local stand-in for the Telegram Bot API (`/bot<token>/<method>`), for
 * testing grammY-based code through `client.apiRoot` without the network.
 * It parses JSON, form and multipart bodies as the real API does, checks the
 * HTML parse mode the way Telegram rejects bad markup, enforces the 4096
 * character limit, and can fail upcoming calls on demand.
 *
 * @module
 */
import { sleep } from "../../lib/clock.ts";

/** A failure to inject into upcoming method calls. */
export type TelegramFailure =
  /** 429 Too Many Requests with `parameters.retry_after`, in seconds. */
  | { kind: "429"; retryAfter: number }
  /** 500 Internal Server Error. */
  | { kind: "500" }
  /** 400 with this description. Default "Bad Request: chat not found". */
  | { kind: "400"; description?: string }
  /** Answer normally, but only after `ms` (longer than the client's timeout). */
  | { kind: "delay"; ms: number };

/** One method call as the server saw it. */
export interface TelegramCall {
  method: string;
  params: Record<string, unknown>;
  /** The HTTP status answered. */
  status: number;
  failure?: TelegramFailure["kind"];
}

/** One message the server accepted. */
export interface SentMessage {
  chatId: string;
  messageId: number;
  text: string;
  parseMode?: string;
  linkPreviewDisabled: boolean;
}

/** Options for {@linkcode FakeTelegram.start}. */
export interface FakeTelegramOptions {
  /** The bot token the server accepts. Default "123456:TEST". */
  token?: string;
  /** When set, other chat ids answer 400 "chat not found". */
  chats?: string[];
}

/** Telegram's limit on a message's text after entity parsing, in UTF-16 code units. */
const MAX_TEXT = 4096;
const HTML_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "span",
  "tg-spoiler",
  "tg-emoji",
  "blockquote",
]);
const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/**
 * The visible text of Telegram HTML, or the reason Telegram would refuse it
 * ("can't parse entities: ..."): unknown tags, unbalanced tags, unsupported
 * named entities and a bare `<` are errors, as in the real API.
 *
 * @example
 * ```ts
 * parseTelegramHtml("<b>a &amp; b</b>"); // { text: "a & b" }
 * parseTelegramHtml("<b>open"); // { error: "Can't find end tag corresponding to start tag \"b\"" }
 * ```
 */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  const stack: string[] = [];
  let text = "";
  const token =
    /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>|&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);|[<&]|[^<&]+/g;
  for (const m of html.matchAll(token)) {
    const [whole, close, name, , entity] = m;
    if (name !== undefined) {
      const tag = name.toLowerCase();
      if (!HTML_TAGS.has(tag)) return { error: `Unsupported start tag "${tag}"` };
      if (close) {
        if (stack.pop() !== tag) return { error: `Unmatched end tag "${tag}"` };
      } else stack.push(tag);
    } else if (entity !== undefined) {
      if (entity.startsWith("#")) {
        const hex = entity[1] === "x";
        text += String.fromCodePoint(parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10));
      } else if (entity in NAMED_ENTITIES) text += NAMED_ENTITIES[entity];
      else return { error: `Unsupported HTML entity "&${entity};"` };
    } else if (whole === "<" || whole === "&") {
      return { error: `Unexpected "${whole}" at byte offset ${m.index}` };
    } else text += whole;
  }
  if (stack.length > 0) {
    return { error: `Can't find end tag corresponding to start tag "${stack.at(-1)}"` };
  }
  return { text };
}

/**
 * A running fake Bot API on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts
 * const tg = FakeTelegram.start({ chats: ["42"] });
 * tg.fail({ kind: "429", retryAfter: 3 });
 * const api = new Api(tg.token, { apiRoot: tg.apiRoot });
 * await tg.close();
 * ```
 */
export class FakeTelegram {
  readonly calls: TelegramCall[] = [];
  readonly messages: SentMessage[] = [];
  readonly token: string;
  #chats?: Set<string>;
  #failures: TelegramFailure[] = [];
  #server: Deno.HttpServer<Deno.NetAddr>;
  #closing = new AbortController();
  #nextId = 1;

  private constructor(options: FakeTelegramOptions) {
    this.token = options.token ?? "123456:TEST";
    this.#chats = options.chats && new Set(options.chats);
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => this.#handle(req),
    );
  }

  /** Starts a fake Bot API. */
  static start(options: FakeTelegramOptions = {}): FakeTelegram {
    return new FakeTelegram(options);
  }

  /** The root to pass as grammY's `apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  /** Fails the next `times` method calls with `failure`. */
  fail(failure: TelegramFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.#failures.push(failure);
  }

  /** Stops the server; delayed answers are cut short. */
  async close(): Promise<void> {
    this.#closing.abort();
    await this.#server.shutdown();
  }

  async #handle(req: Request): Promise<Response> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url).pathname);
    if (!match) return this.#error(404, "Not Found");
    const [, token, method] = match as unknown as [string, string, string];
    const params = await readParams(req);
    const failure = token === this.token ? this.#failures.shift() : undefined;
    const response = await this.#answer(token, method, params, failure);
    this.calls.push({ method, params, status: response.status, failure: failure?.kind });
    return response;
  }

  async #answer(
    token: string,
    method: string,
    params: Record<string, unknown>,
    failure: TelegramFailure | undefined,
  ): Promise<Response> {
    if (token !== this.token) return this.#error(401, "Unauthorized");
    switch (failure?.kind) {
      case "429":
        return this.#error(429, `Too Many Requests: retry after ${failure.retryAfter}`, {
          retry_after: failure.retryAfter,
        });
      case "500":
        return this.#error(500, "Internal Server Error");
      case "400":
        return this.#error(400, failure.description ?? "Bad Request: chat not found");
      case "delay":
        // Only closing cuts the delay short: the client giving up does not tell the server.
        await sleep(failure.ms, this.#closing.signal).catch(() => {});
    }
    if (method === "getMe") {
      return this.#ok({ id: 123456, is_bot: true, first_name: "Fake", username: "fake_bot" });
    }
    if (method === "sendMessage") return this.#sendMessage(params);
    return this.#error(404, "Not Found: method not found");
  }

  #sendMessage(params: Record<string, unknown>): Response {
    const chatId = params.chat_id === undefined ? "" : String(params.chat_id);
    const raw = typeof params.text === "string" ? params.text : "";
    if (chatId === "") return this.#error(400, "Bad Request: chat_id is empty");
    if (this.#chats && !this.#chats.has(chatId)) {
      return this.#error(400, "Bad Request: chat not found");
    }
    const parseMode = typeof params.parse_mode === "string" ? params.parse_mode : undefined;
    let visible = raw;
    if (parseMode === "HTML") {
      const parsed = parseTelegramHtml(raw);
      if ("error" in parsed) {
        return this.#error(400, `Bad Request: can't parse entities: ${parsed.error}`);
      }
      visible = parsed.text;
    }
    if (visible.trim() === "") return this.#error(400, "Bad Request: message text is empty");
    if (visible.length > MAX_TEXT) return this.#error(400, "Bad Request: message is too long");
    const preview = params.link_preview_options as { is_disabled?: boolean } | undefined;
    const message: SentMessage = {
      chatId,
      messageId: this.#nextId++,
      text: raw,
      parseMode,
      linkPreviewDisabled: preview?.is_disabled === true ||
        params.disable_web_page_preview === true,
    };
    this.messages.push(message);
    return this.#ok({
      message_id: message.messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(chatId) || chatId, type: "private" },
      text: visible,
    });
  }

  #ok(result: unknown): Response {
    return Response.json({ ok: true, result });
  }

  #error(code: number, description: string, parameters?: Record<string, unknown>): Response {
    return Response.json(
      { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
      { status: code },
    );
  }
}

/** Parameters from the query string and a JSON, urlencoded or multipart body, as Telegram accepts. */
async function readParams(req: Request): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = Object.fromEntries(new URL(req.url).searchParams);
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    Object.assign(params, await req.json());
  } else if (type.includes("form")) {
    for (const [key, value] of await req.formData()) {
      params[key] = typeof value === "string" ? parseFormValue(value) : value;
    }
  }
  return params;
}

/** Form fields carry JSON-serialized objects (e.g. `link_preview_options`) as strings. */
function parseFormValue(value: string): unknown {
  if (!/^[[{]/.test(value) && value !== "true" && value !== "false") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

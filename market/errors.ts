/**
 * What to do about a failure from a market source: retry it, disable the
 * series, or stop. Classification is by error class name along the
 * prototype chain, so it recognises ccxt's errors (RequestTimeout extends
 * NetworkError, BadSymbol extends BadRequest, …) without importing ccxt.
 *
 * @module
 */

/** The action a failure calls for. */
export type ErrorKind =
  /** Transient: back off and try again, forever. */
  | "retryable"
  /** This series' symbol does not exist there: disable the series. */
  | "bad_symbol"
  /** Credentials are wrong: stop everything with a clear message. */
  | "auth"
  /** Anything else; callers retry it too, but log it as a bug. */
  | "unknown";

/** The result of {@linkcode classifyError}. */
export interface ClassifiedError {
  kind: ErrorKind;
  /** The most specific class name seen, e.g. "RequestTimeout". */
  name: string;
  /** A wait the exchange asked for (Retry-After), when known. */
  retryAfterMs?: number;
  message: string;
}

/** ccxt's retryable classes and their subclasses, plus Deno's socket errors. */
const RETRYABLE = new Set([
  "NetworkError",
  "RequestTimeout",
  "ExchangeNotAvailable",
  "OnMaintenance",
  "RateLimitExceeded",
  "DDoSProtection",
  "InvalidNonce",
  // A truncated or garbled body (malformed JSON) is transient too.
  "BadResponse",
  "NullResponse",
  "ConnectionRefused",
  "ConnectionReset",
  "ConnectionAborted",
  "TimedOut",
  "NotConnected",
  "UnexpectedEof",
]);

/** Names along an error's class chain, most specific first. */
function classNames(err: unknown): string[] {
  const names: string[] = [];
  let proto: unknown = err !== null && typeof err === "object" ? Object.getPrototypeOf(err) : null;
  while (proto && proto !== Object.prototype) {
    const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
    if (typeof ctor?.name === "string" && ctor.name) names.push(ctor.name);
    proto = Object.getPrototypeOf(proto);
  }
  // `name` may differ from the class (Deno's errors, our BadSymbolError).
  if (err instanceof Error && err.name && !names.includes(err.name)) names.unshift(err.name);
  return names;
}

/**
 * Classifies a failure. An error may carry `retryAfterMs` (see
 * {@linkcode withRetryAfter}) to pass on the exchange's Retry-After.
 *
 * @example
 * ```ts
 * class NetworkError extends Error {}
 * class RequestTimeout extends NetworkError {}
 * classifyError(new RequestTimeout("binance GET /klines timed out")).kind; // "retryable"
 * ```
 */
export function classifyError(err: unknown): ClassifiedError {
  const names = classNames(err);
  const message = err instanceof Error ? err.message : String(err);
  const name = names[0] ?? typeof err;
  const raw = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  const retryAfterMs = typeof raw === "number" && Number.isFinite(raw) && raw >= 0
    ? raw
    : undefined;
  const has = (n: string) => names.includes(n);
  let kind: ErrorKind = "unknown";
  if (has("AuthenticationError") || has("AuthError")) kind = "auth";
  else if (has("BadSymbol") || has("BadSymbolError")) kind = "bad_symbol";
  else if (names.some((n) => RETRYABLE.has(n))) kind = "retryable";
  return retryAfterMs === undefined
    ? { kind, name, message }
    : { kind, name, message, retryAfterMs };
}

/**
 * Parses an HTTP `Retry-After` value (delay seconds or an HTTP date) into
 * milliseconds from `now`; `undefined` when absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter("2", 0); // 2000
 * parseRetryAfter("Thu, 01 Jan 1970 00:00:05 GMT", 1_000); // 4000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Attaches a server-requested wait to an error so {@linkcode classifyError}
 * reports it.
 *
 * @example
 * ```ts
 * const err = withRetryAfter(new Error("429 Too Many Requests"), 2000);
 * classifyError(err).retryAfterMs; // 2000
 * ```
 */
export function withRetryAfter<E extends Error>(err: E, retryAfterMs: number): E {
  Object.defineProperty(err, "retryAfterMs", { value: retryAfterMs, enumerable: true });
  return err;
}

/**
 * A symbol the source does not have. Disables the series it was asked for.
 *
 * @example
 * ```ts
 * throw new BadSymbolError("replay holds BTC/USDT only, received ETH/USDT");
 * ```
 */
export class BadSymbolError extends Error {
  override name = "BadSymbol";
}

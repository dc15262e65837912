/**
 * Checking a presented API key without leaking, through timing, how much of
 * it was right or how long the real one is.
 *
 * @module
 */

import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Compares two byte strings in time that depends only on their lengths
 * (`node:crypto`'s `timingSafeEqual`, which throws on unequal lengths).
 *
 * @example
 * ```ts
 * constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])); // true
 * ```
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies bearer tokens against the configured key. Both are HMAC-SHA256'd
 * under a random per-process key before a constant-time comparison:
 * equal-length digests hide the key's length, and an attacker cannot steer
 * the digests byte by byte.
 *
 * The HMAC is `node:crypto`'s, which is synchronous: WebCrypto's
 * `crypto.subtle.sign` cost ~30 µs a request, most of it the promise and op
 * round trip, against ~5–10 µs here; and there is no cache of verified
 * tokens to get wrong, every request is verified.
 *
 * @example
 * ```ts
 * const verifier = new ApiKeyVerifier("0123456789abcdef");
 * verifier.check("0123456789abcdef"); // true
 * await verifier.verify("wrong"); // false
 * ```
 */
export class ApiKeyVerifier {
  /** A short, stable, non-secret name of the key: see {@linkcode ApiKeyVerifier.id}. */
  readonly keyId: string;
  readonly #macKey: Uint8Array;
  readonly #expected: Uint8Array;
  readonly #perRequest = new WeakMap<Request, { token: string; valid: boolean }>();

  constructor(apiKey: string) {
    if (apiKey.length === 0) throw new RangeError("ApiKeyVerifier: the API key is empty");
    this.#macKey = randomBytes(32);
    this.#expected = this.#mac(apiKey);
    this.keyId = createHash("sha256").update(apiKey, "utf8").digest("hex").slice(0, 12);
  }

  #mac(token: string): Uint8Array {
    return createHmac("sha256", this.#macKey).update(token, "utf8").digest();
  }

  /** Whether `token` is the API key. */
  check(token: string): boolean {
    return constantTimeEqual(this.#mac(token), this.#expected);
  }

  /**
   * {@linkcode check}, once per request: the rate limiter (to pick the
   * client's bucket) and auth both ask.
   */
  checkFor(request: Request, token: string): boolean {
    const known = this.#perRequest.get(request);
    if (known && known.token === token) return known.valid;
    const valid = this.check(token);
    this.#perRequest.set(request, { token, valid });
    return valid;
  }

  /** {@linkcode checkFor}, as a promise. */
  verifyFor(request: Request, token: string): Promise<boolean> {
    return Promise.resolve(this.checkFor(request, token));
  }

  /** {@linkcode check}, as a promise. */
  verify(token: string): Promise<boolean> {
    return Promise.resolve(this.check(token));
  }

  /**
   * A short, stable, non-secret name of the key (first 12 hex digits of its
   * SHA-256), for rate-limit buckets and logs; the key itself never leaves.
   */
  id(): Promise<string> {
    return Promise.resolve(this.keyId);
  }
}

/**
 * The token of an `Authorization: Bearer <token>` header; `null` when the
 * header is absent or uses another scheme.
 *
 * @example
 * ```ts
 * bearerToken("Bearer abc"); // "abc"
 * bearerToken("Basic dXNlcjpwdw=="); // null
 * ```
 */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = /^Bearer[ ]+([^\s]{1,1024})\s*$/i.exec(header);
  return m ? m[1]! : null;
}

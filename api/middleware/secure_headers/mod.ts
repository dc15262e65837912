/**
 * Security response headers: the OWASP REST set on API answers, the full
 * browser set (with a policy Swagger UI works under) on the docs pages.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * What every answer without a policy of its own carries: the headers the
 * OWASP REST Security Cheat Sheet lists for API responses. The rest of the
 * browser set (`Referrer-Policy`, `Origin-Agent-Cluster`,
 * `X-DNS-Prefetch-Control`, ...) acts only on documents a browser renders,
 * and a JSON answer renders nothing; each header costs the server ~0.5 µs
 * a request (measured, bench/README.md), so they go where they act.
 *
 * @example
 * ```ts
 * API_SECURITY_HEADERS.find(([name]) => name === "X-Content-Type-Options"); // ["X-Content-Type-Options", "nosniff"]
 * ```
 */
export const API_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  // A JSON answer loads nothing, so it may load nothing; and no one may frame it.
  ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
];

/**
 * `Strict-Transport-Security`, on answers that travel over TLS only: RFC
 * 6797 (§7.2) forbids it over plain HTTP, where browsers ignore it anyway.
 *
 * @example
 * ```ts
 * HSTS[0]; // "Strict-Transport-Security"
 * ```
 */
export const HSTS = ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"] as const;

/**
 * Options of {@linkcode apiSecureHeaders}.
 *
 * @example
 * ```ts
 * const options: ApiSecureHeadersOptions = { secure: (c) => c.req.url.startsWith("https:") };
 * ```
 */
export interface ApiSecureHeadersOptions {
  /**
   * Whether the client reached the API over TLS (see `isSecureRequest` in
   * `api/client.ts`); default: the request URL's scheme is `https`.
   */
  secure?: (c: Context) => boolean;
}

/**
 * The API's security headers: {@linkcode HSTS} on every answer over TLS;
 * and, on every answer without a `Content-Security-Policy` of its own (a
 * page under {@linkcode pageSecureHeaders} has one),
 * {@linkcode API_SECURITY_HEADERS} and `Cache-Control: no-store` unless the
 * route chose its caching.
 *
 * @example
 * ```ts ignore
 * app.use(apiSecureHeaders({ secure: (c) => isSecureRequest(c, trustProxy) }));
 * ```
 */
export function apiSecureHeaders(options: ApiSecureHeadersOptions = {}): MiddlewareHandler {
  const secure = options.secure ?? ((c: Context) => c.req.url.startsWith("https:"));
  return async function apiSecureHeaders(c, next) {
    await next();
    const headers = c.res.headers;
    if (secure(c)) headers.set(HSTS[0], HSTS[1]);
    if (headers.has("Content-Security-Policy")) return;
    for (const [name, value] of API_SECURITY_HEADERS) headers.set(name, value);
    if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
  };
}

/**
 * Hono's full browser set for pages a browser renders (the docs), with a
 * CSP: scripts, styles and fetches only from this origin (the docs page has
 * no inline script), inline styles (Swagger UI sets `style` attributes),
 * `data:` images (its icons), and no framing.
 *
 * @example
 * ```ts ignore
 * app.use("/docs/*", pageSecureHeaders());
 * ```
 */
export function pageSecureHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
    // Set by `apiSecureHeaders`, over TLS only.
    strictTransportSecurity: false,
  });
}

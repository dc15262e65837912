/**
 * Security response headers: the OWASP REST set on API answers, the full
 * browser set (with a policy Swagger UI works under) on the docs pages.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
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
  ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
];

/**
 * The API's security headers, for every answer: {@linkcode API_SECURITY_HEADERS},
 * and `Cache-Control: no-store` unless the route chose its caching. An
 * answer that already carries a `Content-Security-Policy` (a page under
 * {@linkcode pageSecureHeaders}) keeps its own headers.
 *
 * @example
 * ```ts ignore
 * app.use(apiSecureHeaders());
 * ```
 */
export function apiSecureHeaders(): MiddlewareHandler {
  return async function apiSecureHeaders(c, next) {
    await next();
    const headers = c.res.headers;
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
  });
}

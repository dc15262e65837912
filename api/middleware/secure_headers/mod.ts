/**
 * Security response headers, with a content security policy the API's own
 * Swagger UI (served from this origin) works under.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * Hono's secure headers plus a CSP: scripts, styles and fetches only from
 * this origin (the docs page has no inline script), inline styles (Swagger
 * UI sets `style` attributes), `data:` images (its icons), and no framing.
 *
 * @example
 * ```ts ignore
 * app.use(apiSecureHeaders());
 * ```
 */
export function apiSecureHeaders(): MiddlewareHandler {
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

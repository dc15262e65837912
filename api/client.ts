/**
 * Who is calling, as far as the socket tells.
 *
 * @module
 */
import type { Context } from "hono";
import { getConnInfo } from "hono/deno";
import type { ApiEnv } from "./deps.ts";

/**
 * The peer's IP address, or `unknown` when there is no socket (a request
 * made with `app.request()` without connection info). `X-Forwarded-For` is
 * not read: any client can send it, and trusting it would let one client
 * pose as many to the rate limiter.
 *
 * @example
 * ```ts ignore
 * app.get("/ip", (c) => c.text(clientAddress(c)));
 * ```
 */
export function clientAddress(c: Context<ApiEnv>): string {
  if (!c.env?.remoteAddr) return "unknown";
  return getConnInfo(c).remote.address ?? "unknown";
}

/**
 * Who is calling: the socket's peer, or, behind proxies the operator
 * trusts, the client they forwarded for.
 *
 * @module
 */
import type { Context } from "hono";
import { getConnInfo } from "hono/deno";
// @ts-types="@types/proxy-addr"
import proxyAddr from "proxy-addr";
import type { ApiEnv } from "./deps.ts";

/** Which socket peers may say whom they forward for; see {@linkcode trustProxies}. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * Compiles `api.trustedProxies` (addresses, CIDR ranges, or `loopback`,
 * `linklocal`, `uniquelocal`) with proxy-addr, the parser Express uses.
 * Throws a `TypeError` naming a bad entry.
 *
 * @example
 * ```ts
 * const trust = trustProxies(["loopback", "10.0.0.0/8"]);
 * trust("127.0.0.1", 0); // true
 * ```
 */
export function trustProxies(list: readonly string[]): ProxyTrust {
  return proxyAddr.compile([...list]);
}

/**
 * The client's IP address, or `unknown` when there is no socket (a request
 * made with `app.request()` without connection info).
 *
 * `X-Forwarded-For` is read only when `trust` is given, and only as far as
 * trusted hops go: the address is the nearest one that a trusted proxy
 * vouches for. Any client can send the header, so trusting it from anyone
 * would let one client pose as many to the rate limiter.
 *
 * @example
 * ```ts ignore
 * app.get("/ip", (c) => c.text(clientAddress(c, trustProxies(["loopback"]))));
 * ```
 */
export function clientAddress(c: Context<ApiEnv>, trust?: ProxyTrust): string {
  if (!c.env?.remoteAddr) return "unknown";
  const peer = getConnInfo(c).remote.address;
  if (peer === undefined) return "unknown";
  if (!trust) return peer;
  const forwarded = c.req.raw.headers.get("X-Forwarded-For");
  if (forwarded === null) return peer;
  const req = { socket: { remoteAddress: peer }, headers: { "x-forwarded-for": forwarded } };
  return proxyAddr(req as unknown as Parameters<typeof proxyAddr>[0], trust);
}

/**
 * Whether the client reached the API over TLS: the request's own scheme, or,
 * when the socket peer is a proxy `trust` accepts, the last entry of its
 * `X-Forwarded-Proto` (the one that proxy wrote). Decides
 * `Strict-Transport-Security`, which RFC 6797 (§7.2) forbids on answers
 * sent over plain HTTP.
 *
 * @example
 * ```ts ignore
 * if (isSecureRequest(c, trustProxies(["loopback"]))) c.header("Strict-Transport-Security", "max-age=15552000");
 * ```
 */
export function isSecureRequest(c: Context<ApiEnv>, trust?: ProxyTrust): boolean {
  if (c.req.url.startsWith("https:")) return true;
  if (!trust || !c.env?.remoteAddr) return false;
  const proto = c.req.raw.headers.get("X-Forwarded-Proto");
  if (proto === null) return false;
  const peer = getConnInfo(c).remote.address;
  if (peer === undefined || !trust(peer, 0)) return false;
  return proto.slice(proto.lastIndexOf(",") + 1).trim().toLowerCase() === "https";
}

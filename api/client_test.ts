import { Hono } from "hono";
import { assertEquals } from "../tests/assert.ts";
import { isSecureRequest, trustProxies } from "./client.ts";
import type { ApiEnv } from "./deps.ts";

const from = (ip: string) => ({ remoteAddr: { hostname: ip, port: 40_000, transport: "tcp" } });

function app() {
  const a = new Hono<ApiEnv>();
  const trust = trustProxies(["loopback"]);
  a.get("/", (c) => c.text(String(isSecureRequest(c, trust))));
  return a;
}

async function secure(url: string, ip: string, proto?: string): Promise<string> {
  const headers: Record<string, string> = proto === undefined ? {} : { "X-Forwarded-Proto": proto };
  return await (await app().request(url, { headers }, from(ip))).text();
}

Deno.test("a request is secure over TLS, or when a trusted proxy forwarded it from https", async () => {
  assertEquals(await secure("https://api.example/", "203.0.113.9"), "true");
  assertEquals(await secure("http://api.example/", "203.0.113.9"), "false");
  assertEquals(await secure("http://api.example/", "127.0.0.1", "https"), "true");
  assertEquals(await secure("http://api.example/", "127.0.0.1", "http, HTTPS "), "true");
  assertEquals(await secure("http://api.example/", "127.0.0.1", "https, http"), "false");
  // Anyone else's X-Forwarded-Proto is a claim, not a fact.
  assertEquals(await secure("http://api.example/", "203.0.113.9", "https"), "false");
});

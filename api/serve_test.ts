import { assert, assertEquals } from "../tests/assert.ts";
import { isLoopbackHost, unprotectedWarning } from "./serve.ts";

Deno.test("loopback hosts are told apart from reachable ones", () => {
  for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "LOCALHOST"]) {
    assert(isLoopbackHost(h), h);
  }
  for (const h of ["0.0.0.0", "::", "192.168.1.5", "example.com", "127.0.0.1.evil"]) {
    assert(!isLoopbackHost(h), h);
  }
});

Deno.test("start-up warns only when mutating routes are unprotected on a reachable host", () => {
  const warning = unprotectedWarning({ host: "0.0.0.0", port: 8000 });
  assert(warning?.includes("0.0.0.0:8000") && warning.includes("API_KEY"), String(warning));
  assertEquals(unprotectedWarning({ host: "127.0.0.1", port: 8000 }), null);
  assertEquals(unprotectedWarning({ host: "0.0.0.0", port: 8000, apiKey: "k".repeat(16) }), null);
});

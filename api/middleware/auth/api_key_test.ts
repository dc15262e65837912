import { assertEquals } from "../../../tests/assert.ts";
import { ApiKeyVerifier } from "./api_key.ts";
Deno.test("a token is verified once per request, and a different token on the same request is checked again", async () => {
  const verifier = new ApiKeyVerifier("0123456789abcdef");
  const request = new Request("http://localhost/");
  const first = verifier.verifyFor(request, "0123456789abcdef");
  assertEquals(verifier.verifyFor(request, "0123456789abcdef"), first);
  assertEquals(await first, true);
  assertEquals(await verifier.verifyFor(request, "wrong-token-value"), false);
  assertEquals(
    await verifier.verifyFor(new Request("http://localhost/"), "0123456789abcdef"),
    true,
  );
});

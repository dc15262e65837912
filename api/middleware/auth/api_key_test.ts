import { assert, assertEquals } from "../../../tests/assert.ts";
import { ApiKeyVerifier } from "./api_key.ts";

Deno.test("a token is verified once per request, and a different token on the same request is checked again", async () => {
  const verifier = new ApiKeyVerifier("0123456789abcdef");
  const request = new Request("http://localhost/");
  const first = verifier.verifyFor(request, "0123456789abcdef");
  assertEquals(await verifier.verifyFor(request, "0123456789abcdef"), await first);
  assertEquals(await first, true);
  assertEquals(await verifier.verifyFor(request, "wrong-token-value"), false);
  assertEquals(
    await verifier.verifyFor(new Request("http://localhost/"), "0123456789abcdef"),
    true,
  );
});

Deno.test("only the exact key passes, whatever its prefix, length or case", () => {
  const verifier = new ApiKeyVerifier("0123456789abcdef");
  assert(verifier.check("0123456789abcdef"));
  for (const wrong of ["0123456789abcde", "0123456789abcdef0", "0123456789ABCDEF", "", "x"]) {
    assert(!verifier.check(wrong), wrong);
    assert(!verifier.checkFor(new Request("http://localhost/"), wrong), wrong);
  }
});

Deno.test("two verifiers of one key name it alike without revealing it", () => {
  const a = new ApiKeyVerifier("0123456789abcdef");
  const b = new ApiKeyVerifier("0123456789abcdef");
  assertEquals(a.keyId, b.keyId);
  assert(/^[0-9a-f]{12}$/.test(a.keyId) && !a.keyId.includes("0123456789"), a.keyId);
  assert(a.keyId !== new ApiKeyVerifier("another-key-value").keyId);
});

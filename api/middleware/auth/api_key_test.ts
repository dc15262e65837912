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

Deno.test("padding cannot stand in for the key's end, and long or unusual keys work", () => {
  const verifier = new ApiKeyVerifier("0123456789abcdef");
  for (const wrong of ["0123456789abcdef\0", "0123456789abcdef\0\0", "x".repeat(5_000)]) {
    assert(!verifier.check(wrong), JSON.stringify(wrong.slice(0, 20)));
  }
  const long = "k".repeat(1_500) + "z";
  const longVerifier = new ApiKeyVerifier(long);
  assert(longVerifier.check(long));
  assert(!longVerifier.check("k".repeat(1_501)));
  assert(!longVerifier.check(long.slice(0, 1_024)));
  const unicode = new ApiKeyVerifier("clé-secrète-\u{1F511}-0123");
  assert(unicode.check("clé-secrète-\u{1F511}-0123"));
  assert(!unicode.check("cle-secrete-\u{1F511}-0123"));
  // Checks share one scratch buffer: a long wrong token leaves nothing behind.
  assert(!verifier.check("0123456789abcdefXYZ"));
  assert(verifier.check("0123456789abcdef"));
});

import { createHmac } from "node:crypto";
import { assert, assertEquals } from "../../tests/assert.ts";
import { sign, verifySignature, webhookBody } from "./webhook.ts";
import { testAlert, testData, testRecord } from "./test_support.ts";

Deno.test("the signature is the hex HMAC-SHA256 of the exact body", () => {
  const body = '{"a":1}';
  const hex = createHmac("sha256", "s3cret").update(body).digest("hex");
  assertEquals(sign(body, "s3cret"), `sha256=${hex}`);
  assert(verifySignature(body, `sha256=${hex}`, "s3cret"));
  assert(verifySignature(new TextEncoder().encode(body), `sha256=${hex}`, "s3cret"));
});

Deno.test("a signature over other bytes, under another secret or missing does not verify", () => {
  const header = sign('{"a":1}', "s3cret");
  assert(!verifySignature('{"a": 1}', header, "s3cret"));
  assert(!verifySignature('{"a":1}', header, "other"));
  assert(!verifySignature('{"a":1}', header.slice(0, -1), "s3cret"));
  assert(!verifySignature('{"a":1}', null, "s3cret"));
});

Deno.test("the webhook body is the notification with version 4 and the idempotency key", () => {
  const data = testData([testAlert({ alertname: "X" })]);
  const body = JSON.parse(webhookBody(testRecord("webhook", "http://x", data, "row-1")));
  assertEquals(body, { ...data, version: "4", idempotencyKey: "row-1" });
});

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

Deno.test("the webhook body is Alertmanager's version 4 payload with the idempotency key", () => {
  const firing = testAlert({ alertname: "X", symbol: "BTC/USDT" }, { summary: "s" });
  const resolved = { ...testAlert({ alertname: "X", symbol: "ETH/USDT" }, {}, "resolved") };
  resolved.endsAt = resolved.startsAt + 60_000;
  const data = testData([firing, resolved], { externalUrl: "https://ct.example.com" });
  const body = JSON.parse(webhookBody(testRecord("webhook", "http://x", data, "row-1")));
  assertEquals(body, {
    version: "4",
    receiver: "default",
    status: "firing",
    groupKey: data.groupKey,
    groupLabels: { alertname: "X" },
    commonLabels: { alertname: "X" },
    commonAnnotations: {},
    truncatedAlerts: 0,
    externalURL: "https://ct.example.com",
    alerts: [
      {
        status: "firing",
        labels: firing.labels,
        annotations: { summary: "s" },
        startsAt: new Date(firing.startsAt).toISOString(),
        endsAt: "0001-01-01T00:00:00Z",
        generatorURL: "",
        fingerprint: firing.fingerprint,
      },
      {
        status: "resolved",
        labels: resolved.labels,
        annotations: {},
        startsAt: new Date(resolved.startsAt).toISOString(),
        endsAt: new Date(resolved.endsAt).toISOString(),
        generatorURL: "",
        fingerprint: resolved.fingerprint,
      },
    ],
    idempotencyKey: "row-1",
  });
});

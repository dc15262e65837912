import { assertEquals } from "../../tests/assert.ts";
import { maskText, maskUrl } from "./redact.ts";

Deno.test("webhook URLs lose their password, lone username, path and query string", () => {
  assertEquals(
    maskUrl("https://user:s3cret@hooks.example/in?token=abc#x"),
    "https://user:***@hooks.example/***?***#***",
  );
  assertEquals(maskUrl("https://tok3n@hooks.example/in"), "https://***@hooks.example/***");
  assertEquals(
    maskUrl("https://hooks.slack.com/services/T000/B000/XXXXXXXX"),
    "https://hooks.slack.com/***",
  );
  assertEquals(maskUrl("http://hooks.example"), "http://hooks.example");
});

Deno.test("targets that are not http URLs are shown as they are", () => {
  assertEquals(maskUrl("-1001234567"), "-1001234567");
  assertEquals(maskUrl("a@example.com,b@example.com"), "a@example.com,b@example.com");
});

Deno.test("errors keep their words but not the secrets in quoted URLs or bot tokens", () => {
  const token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  assertEquals(
    maskText(`request to https://api.telegram.org/bot${token}/sendMessage failed: 502`),
    "request to https://api.telegram.org/*** failed: 502",
  );
  assertEquals(maskText(`token ${token} refused`), "token *** refused");
  assertEquals(
    maskText('fetch "https://h.example/a?key=1" timed out after 10000 ms'),
    'fetch "https://h.example/***?***" timed out after 10000 ms',
  );
});

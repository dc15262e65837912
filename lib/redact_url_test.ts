import { assertEquals } from "../tests/assert.ts";
import { redactUrl } from "./redact_url.ts";

Deno.test("a webhook URL whose path is the token keeps only its scheme, host and port", () => {
  assertEquals(
    redactUrl("https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX"),
    "https://hooks.slack.com/***",
  );
  assertEquals(
    redactUrl("https://discord.com:8443/api/webhooks/123/s3cr3t-token"),
    "https://discord.com:8443/***",
  );
});

Deno.test("a token in the query string or fragment is hidden", () => {
  assertEquals(redactUrl("https://hooks.example/?token=abc"), "https://hooks.example/?***");
  assertEquals(redactUrl("https://hooks.example/#key=abc"), "https://hooks.example/#***");
  assertEquals(
    redactUrl("postgres://db.example/ct?sslmode=require&password=hunter2"),
    "postgres://db.example/ct?***",
  );
});

Deno.test("a password is hidden and the username kept; a username alone is hidden", () => {
  assertEquals(redactUrl("postgres://ct:hunter2@db:5432/ct"), "postgres://ct:***@db:5432/ct");
  assertEquals(redactUrl("redis://:hunter2@cache:6379"), "redis://:***@cache:6379");
  assertEquals(redactUrl("redis://tok3n@cache:6379/2"), "redis://***@cache:6379/2");
  assertEquals(redactUrl("postgres://tok3n@db/ct"), "postgres://***@db/ct");
  assertEquals(
    redactUrl("smtps://alerts:hunter2@mail.example:465"),
    "smtps://alerts:***@mail.example:465",
  );
  assertEquals(redactUrl("https://tok3n@hooks.example/"), "https://***@hooks.example/");
});

Deno.test("a database URL keeps its path, which names the database, where a web URL's is hidden", () => {
  assertEquals(redactUrl("postgres://db:5432/market"), "postgres://db:5432/market");
  assertEquals(redactUrl("redis://cache:6379/3"), "redis://cache:6379/3");
  assertEquals(redactUrl("https://hooks.example/market"), "https://hooks.example/***");
});

Deno.test("a URL with nothing to hide is returned exactly as given", () => {
  assertEquals(redactUrl("https://api.telegram.org"), "https://api.telegram.org");
  assertEquals(redactUrl("http://127.0.0.1:8000/"), "http://127.0.0.1:8000/");
});

Deno.test("a value that is not a URL, or an opaque one, is hidden whole", () => {
  assertEquals(redactUrl("hunter2"), "***");
  assertEquals(redactUrl("smtp:alerts:hunter2@mail.example"), "smtp:***");
});

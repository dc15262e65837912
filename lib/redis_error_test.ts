import { assertEquals } from "../tests/assert.ts";
import { describeCommandError } from "./redis_error.ts";

// node-redis's own classes, as it declares them: no message, no name.
class TimeoutError extends Error {}
class OddError extends Error {}

Deno.test("a command that timed out says which command and how long it waited", () => {
  const cause = new TimeoutError();
  const e = describeCommandError(cause, "EVALSHA", 5_000) as Error;
  assertEquals(e.message, "EVALSHA got no reply from Redis within 5000 ms");
  assertEquals(e.cause, cause);
});

Deno.test("other errors without a message name their class; errors with one pass unchanged", () => {
  assertEquals(
    (describeCommandError(new OddError(), "XACK", 5_000) as Error).message,
    "XACK failed with OddError",
  );
  assertEquals(
    (describeCommandError(new Error(""), "PING", 5_000) as Error).message,
    "PING failed with an error without a message",
  );
  const reply = new Error("NOSCRIPT No matching script");
  assertEquals(describeCommandError(reply, "EVALSHA", 5_000), reply);
  assertEquals(describeCommandError("text", "EVALSHA", 5_000), "text");
});

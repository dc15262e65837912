import { assert, assertEquals, assertStringIncludes, assertThrows } from "../../tests/assert.ts";
import { createMessage } from "../../messages/mod.ts";
import { decodeEntry, encodeRaw, pairs, parseStreamsReply } from "./wire.ts";

const heartbeat = { heapUsed: 1, messagesIn: 0, messagesOut: 0, mailbox: 0 };

Deno.test("a published message decodes back to itself", () => {
  const msg = createMessage("heartbeat", heartbeat, { source: "s", key: "k", now: 5 });
  const d = decodeEntry(JSON.stringify(msg), "heartbeat");
  assert(d.ok);
  assertEquals(d.message, msg);
});

Deno.test("decoding reports bad JSON, bad payloads and a wrong topic without throwing", () => {
  const bad = decodeEntry("{oops", "heartbeat");
  assert(!bad.ok);
  assertStringIncludes(bad.error, "invalid JSON");
  assertEquals(bad.input, "{oops");
  const msg = createMessage("heartbeat", heartbeat, { source: "s", key: "k", now: 5 });
  const invalid = decodeEntry(JSON.stringify({ ...msg, payload: { heapUsed: -1 } }), "heartbeat");
  assert(!invalid.ok);
  assertStringIncludes(invalid.error, "payload.heapUsed");
  const wrong = decodeEntry(JSON.stringify(msg), "tick");
  assert(!wrong.ok);
  assertStringIncludes(wrong.error, "type heartbeat arrived on topic tick");
});

Deno.test("raw values go on the wire verbatim when strings and as JSON otherwise", () => {
  assertEquals(encodeRaw("{oops"), "{oops");
  assertEquals(encodeRaw({ a: [1] }), '{"a":[1]}');
  assertEquals(encodeRaw(undefined), "undefined");
});

Deno.test("stream replies parse into entries per stream, trimmed entries as null", () => {
  const m = parseStreamsReply([["s1", [["1-0", ["m", "x"]], ["2-0", null]]], ["s2", []]]);
  assertEquals(m.get("s1"), [{ id: "1-0", raw: "x" }, { id: "2-0", raw: null }]);
  assertEquals(m.get("s2"), []);
  assertEquals(parseStreamsReply(null).size, 0);
  assertThrows(() => parseStreamsReply({ s1: [] }), "unexpected Redis reply for XREADGROUP");
  assertEquals(pairs(["a", "1", "b", "2"]), { a: "1", b: "2" });
});

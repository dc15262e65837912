import type { LogLevel, LogRecord } from "@logtape/logtape";
import { assertEquals } from "../tests/assert.ts";
import { bufferedLineSink } from "./buffered_sink.ts";

function record(message: string, level: LogLevel = "info"): LogRecord {
  return {
    category: ["ct", "test"],
    level,
    timestamp: 0,
    message: [message],
    rawMessage: message,
    properties: {},
  };
}

/** A writer that takes at most `chunk` bytes a call, like a full pipe, and keeps what it got. */
function writer(chunk = Infinity) {
  const decoder = new TextDecoder();
  const writes: string[] = [];
  return {
    writes,
    write(bytes: Uint8Array): number {
      const n = Math.min(chunk, bytes.length);
      writes.push(decoder.decode(bytes.subarray(0, n)));
      return n;
    },
  };
}

const formatter = (r: LogRecord) => r.message.join("");

Deno.test("lines wait until the batch is full, then go out in one write", () => {
  const w = writer();
  using sink = bufferedLineSink({ write: w.write, formatter, maxChars: 12, flushMs: 60_000 });
  sink(record("aaaa"));
  sink(record("bbbb"));
  assertEquals(w.writes, [], "10 characters wait");
  sink(record("cc"));
  assertEquals(w.writes, ["aaaa\nbbbb\ncc\n"]);
});

Deno.test("a batch is written flushMs after its first line", async () => {
  const w = writer();
  using sink = bufferedLineSink({ write: w.write, formatter, flushMs: 5 });
  sink(record("first"));
  sink(record("second"));
  assertEquals(w.writes, []);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assertEquals(w.writes, ["first\nsecond\n"]);
});

Deno.test("an error is written at once, with the lines before it", () => {
  const w = writer();
  using sink = bufferedLineSink({ write: w.write, formatter, flushMs: 60_000 });
  sink(record("context"));
  sink(record("it broke", "error"));
  sink(record("after"));
  sink(record("the end", "fatal"));
  assertEquals(w.writes, ["context\nit broke\n", "after\nthe end\n"]);
});

Deno.test("drain and disposal write what is buffered; short writes are continued", async () => {
  const w = writer(3);
  const sink = bufferedLineSink({ write: w.write, formatter, flushMs: 60_000 });
  sink(record("one\n"));
  await sink.drain();
  assertEquals(w.writes.join(""), "one\n", "a formatter's own newline is kept, not doubled");
  assertEquals(w.writes.length, 2, "4 bytes in writes of at most 3");
  sink(record("two"));
  sink[Symbol.dispose]();
  assertEquals(w.writes.join(""), "one\ntwo\n");
});

Deno.test("a write that fails off the logging call drops its batch and the sink goes on", async () => {
  let fail = true;
  const w = writer();
  using sink = bufferedLineSink({
    write: (bytes) => {
      if (fail) throw new Deno.errors.BrokenPipe("stdout is closed");
      return w.write(bytes);
    },
    formatter,
    flushMs: 5,
  });
  sink(record("lost"));
  await new Promise((resolve) => setTimeout(resolve, 30));
  fail = false;
  sink(record("kept"));
  await sink.drain();
  assertEquals(w.writes, ["kept\n"]);
});

import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { splitMessage } from "./split.ts";

/** Tags must be balanced in every part: Telegram rejects a part with an unclosed tag. */
function assertBalanced(part: string): void {
  const stack: string[] = [];
  for (const [, close, name] of part.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    if (close) assertEquals(stack.pop(), name, `unbalanced </${name}> in ${part}`);
    else stack.push(name!);
  }
  assertEquals(stack, [], `unclosed tags in ${part}`);
}

Deno.test("a message within the limit stays whole", () => {
  assertEquals(splitMessage("a\nb"), ["a\nb"]);
  assertEquals(splitMessage(""), []);
});

Deno.test("a long message splits on line boundaries within 4096 characters", () => {
  const lines = Array.from({ length: 300 }, (_, i) => `<b>line ${i}</b> ${"x".repeat(20)} &amp;`);
  const text = lines.join("\n");
  assert(text.length > 4096);
  const parts = splitMessage(text);
  assert(parts.length > 1);
  for (const part of parts) {
    assert(part.length <= 4096, `part of ${part.length}`);
    assertBalanced(part);
  }
  assertEquals(parts.join("\n"), text);
});

Deno.test("empty lines survive a split", () => {
  assertEquals(splitMessage("aaaa\n\nbbbb", 16), ["aaaa\n\nbbbb"]);
  assertEquals(splitMessage("aaaaaaaa\n\nbbbbbbbb", 16), ["aaaaaaaa\n", "bbbbbbbb"]);
});

Deno.test("an over-long line is cut between tags and entities, tags closed and reopened", () => {
  const line = `<b>${"ab&amp;".repeat(10)}</b> <a href="https://x.example/a">${"z".repeat(30)}</a>`;
  const parts = splitMessage(line, 48);
  assertEquals(parts.filter((p) => p.startsWith("<b>")).length, 2, parts.join("|"));
  assertEquals(parts.filter((p) => p.startsWith('<a href="https://x.example/a">')).length, 3);
  for (const part of parts) {
    assert(part.length <= 48, `part of ${part.length}: ${part}`);
    assertBalanced(part);
    assert(!/&[a-z]*$/.test(part.replace(/<[^>]*>$/g, "")), `entity cut in ${part}`);
  }
  const text = (s: string) => s.replace(/<[^>]*>/g, "");
  assertEquals(parts.map(text).join(""), text(line));
});

Deno.test("a surrogate pair is never cut in half", () => {
  const parts = splitMessage("🔥".repeat(20), 17);
  for (const part of parts) assert(!/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(part), part);
  assertEquals(parts.join(""), "🔥".repeat(20));
});

Deno.test("a line whose tags alone exceed the limit loses its markup but not its text", () => {
  const href = `https://x.example/${"p".repeat(40)}`;
  const parts = splitMessage(`<a href="${href}">${"t".repeat(40)}</a>`, 32);
  assertEquals(parts.join(""), "t".repeat(40));
});

Deno.test("a limit too small to hold a reopened tag is refused", () => {
  assertThrows(() => splitMessage("abc", 4), "limit must be an integer >= 16, received 4");
});

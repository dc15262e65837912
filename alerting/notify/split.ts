/**
 * Splitting a message over a channel's length limit (Telegram: 4096) so that
 * every part is valid Telegram HTML on its own.
 *
 * @module
 */

/**
 * A tag, an entity, or one code point (never half a surrogate pair). Entities
 * are bounded so that, without tags, every token fits in {@linkcode MIN_LIMIT}.
 */
const TOKEN = /<[^<>]*>|&#?[A-Za-z0-9]{1,10};|[\s\S]/gu;
const TAG = /^<(\/?)([A-Za-z][A-Za-z0-9]*)[^<>]*?(\/?)>$/;

/** Parts need room for a few reopened tags and at least one character. */
const MIN_LIMIT = 16;

/**
 * Splits `text` into parts of at most `limit` UTF-16 code units, cutting only
 * between lines. A single line longer than `limit` is cut between tokens —
 * never inside a tag, an entity or a surrogate pair — and tags open at a cut
 * are closed at the end of one part and reopened at the start of the next.
 * Should a line's open tags alone not fit (a huge `href`), that line loses
 * its markup and is cut as text. Lengths count the markup, so each part is
 * also within Telegram's limit, which counts only the visible text.
 *
 * @example
 * ```ts
 * splitMessage("a\nb\nc", 3); // ["a\nb", "c"]
 * splitMessage("<b>abcdef</b>", 16); // ["<b>abcdef</b>"]
 * ```
 */
export function splitMessage(text: string, limit = 4096): string[] {
  if (!Number.isInteger(limit) || limit < MIN_LIMIT) {
    throw new RangeError(
      `splitMessage: limit must be an integer >= ${MIN_LIMIT}, received ${limit}`,
    );
  }
  if (text === "") return [];
  const parts: string[] = [];
  let current: string | null = null;
  for (const line of text.split("\n")) {
    if (current !== null && current.length + 1 + line.length <= limit) {
      current += "\n" + line;
      continue;
    }
    if (current !== null) parts.push(current);
    if (line.length <= limit) {
      current = line;
      continue;
    }
    const pieces = cutLine(line, limit, true) ?? cutLine(line, limit, false) ?? [];
    parts.push(...pieces.slice(0, -1));
    current = pieces.at(-1) ?? null;
  }
  if (current !== null) parts.push(current);
  return parts;
}

interface OpenTag {
  name: string;
  open: string;
}

const closing = (stack: readonly OpenTag[]) =>
  stack.toReversed().map((t) => `</${t.name}>`).join("");

/** The stack after `token`; unmatched closing tags are left as they are. */
function afterToken(stack: readonly OpenTag[], token: string): OpenTag[] {
  const tag = TAG.exec(token);
  if (!tag || tag[3] === "/") return [...stack];
  const name = tag[2]!.toLowerCase();
  if (tag[1] !== "/") return [...stack, { name, open: token }];
  const at = stack.findLastIndex((t) => t.name === name);
  return at === -1 ? [...stack] : stack.slice(0, at);
}

/**
 * Cuts one over-long line into parts of at most `limit`. With `keepTags`
 * false, tags are dropped; returns `undefined` when tags are kept and the
 * open tags leave no room for text.
 */
function cutLine(line: string, limit: number, keepTags: boolean): string[] | undefined {
  const tokens = (line.match(TOKEN) ?? []).filter((t) => keepTags || !TAG.test(t));
  const parts: string[] = [];
  let stack: OpenTag[] = [];
  let current = "";
  let hasText = false;
  for (const token of tokens) {
    const next = afterToken(stack, token);
    if (current.length + token.length + closing(next).length > limit) {
      if (!hasText) return undefined;
      parts.push(current + closing(stack));
      current = stack.map((t) => t.open).join("");
      hasText = false;
      if (current.length + token.length + closing(next).length > limit) return undefined;
    }
    current += token;
    hasText ||= !TAG.test(token);
    stack = next;
  }
  parts.push(current);
  return parts;
}

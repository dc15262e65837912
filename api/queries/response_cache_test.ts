import { assertEquals } from "../../tests/assert.ts";
import { createResponseCache } from "./response_cache.ts";

function counter() {
  let renders = 0;
  return {
    render: (body: string) => () => Promise.resolve(`${body}#${++renders}`),
    get renders() {
      return renders;
    },
  };
}

Deno.test("a body is rendered once per key while the version stays", async () => {
  const c = counter();
  const cache = createResponseCache({ version: () => "v1" });
  assertEquals(await cache.get("a", c.render("A")), { body: "A#1", cache: "miss" });
  assertEquals(await cache.get("a", c.render("A")), { body: "A#1", cache: "hit" });
  assertEquals(await cache.get("b", c.render("B")), { body: "B#2", cache: "miss" });
  assertEquals(c.renders, 2);
});

Deno.test("a new version drops every body", async () => {
  let version = "v1";
  const c = counter();
  const cache = createResponseCache({ version: () => version });
  await cache.get("a", c.render("A"));
  await cache.get("b", c.render("B"));
  version = "v2";
  assertEquals(await cache.get("b", c.render("B")), { body: "B#3", cache: "miss" });
  assertEquals(await cache.get("a", c.render("A")), { body: "A#4", cache: "miss" });
  assertEquals(await cache.get("a", c.render("A")), { body: "A#4", cache: "hit" });
});

Deno.test("without a version nothing is cached or counted", async () => {
  const c = counter();
  const cache = createResponseCache({ version: () => undefined });
  assertEquals(await cache.get("a", c.render("A")), { body: "A#1" });
  assertEquals(await cache.get("a", c.render("A")), { body: "A#2" });
});

Deno.test("a body rendered while the version moved is not kept", async () => {
  let version = "v1";
  const cache = createResponseCache({ version: () => version });
  let release!: () => void;
  const slow = cache.get("a", async () => {
    await new Promise<void>((resolve) => (release = resolve));
    return "old";
  });
  version = "v2";
  assertEquals(await cache.get("b", () => Promise.resolve("new")), { body: "new", cache: "miss" });
  release();
  assertEquals(await slow, { body: "old", cache: "miss" });
  assertEquals(await cache.get("a", () => Promise.resolve("fresh")), {
    body: "fresh",
    cache: "miss",
  });
});

Deno.test("the oldest body goes when the cache is full", async () => {
  const c = counter();
  const cache = createResponseCache({ version: () => "v", maxEntries: 2 });
  await cache.get("a", c.render("A"));
  await cache.get("b", c.render("B"));
  await cache.get("c", c.render("C"));
  assertEquals((await cache.get("b", c.render("B"))).cache, "hit");
  assertEquals(await cache.get("a", c.render("A")), { body: "A#4", cache: "miss" });
});

Deno.test("peek answers what get cached at the current version, and renders nothing", async () => {
  let version: string | undefined = "v1";
  const c = counter();
  const cache = createResponseCache({ version: () => version });
  assertEquals(cache.peek("a"), undefined);
  await cache.get("a", c.render("A"));
  assertEquals(cache.peek("a"), "A#1");
  version = "v2";
  assertEquals(cache.peek("a"), undefined, "a new version drops it");
  version = undefined;
  assertEquals(cache.peek("a"), undefined);
  assertEquals(c.renders, 1);
});

/** The configuration examples in README.md are valid configurations. */
import { validateConfig } from "../config/mod.ts";
import { assert } from "./assert.ts";

Deno.test("every JSON configuration example in the README validates", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert(blocks.length > 0, "the README shows at least one configuration example");
  for (const block of blocks) validateConfig(JSON.parse(block));
});

/** What README.md shows is what the code does: configuration examples, mailbox bounds. */
import { defaultMailboxPolicies } from "../bus/policy.ts";
import { validateConfig } from "../config/mod.ts";
import { assert, assertEquals } from "./assert.ts";

Deno.test("every JSON configuration example in the README validates", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert(blocks.length > 0, "the README shows at least one configuration example");
  for (const block of blocks) validateConfig(JSON.parse(block));
});

Deno.test("the README's table of mailbox bounds says what bus/policy.ts does for every topic", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const rows = readme.split("\n").filter((l) => /^\| [a-z].*\| [\d,]+ +\|/.test(l));
  const documented = new Map<string, { capacity: number; overflow: string }>();
  for (const row of rows) {
    const [topics, capacity, bound] = row.split("|").slice(1, 4).map((c) => c.trim());
    for (const topic of topics!.split(",").map((t) => t.replace(/\(.*\)/, "").trim())) {
      documented.set(topic, {
        capacity: Number(capacity!.replaceAll(",", "")),
        overflow: bound!.startsWith("the producer waits") ? "block" : "drop-oldest",
      });
    }
  }
  const actual = Object.entries(defaultMailboxPolicies).map((
    [t, p],
  ) => [t, p.capacity, p.overflow]);
  const said = Object.keys(defaultMailboxPolicies).map((t) => {
    const d = documented.get(t);
    return [t, d?.capacity, d?.overflow];
  });
  assertEquals(said, actual);
});

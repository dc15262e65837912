import type { RestartType } from "../supervisor/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import {
  candleMessage,
  collectAnalyses,
  fixtureSpec,
  type Harness,
  startHarness,
  waitFor,
} from "./supervisor_harness.ts";

/**
 * Starts two actors of restart type `restart` that end on the first candle,
 * `normal` by finishing normally and `crash` by crashing; sends that candle,
 * waits until each is running again or stopped, then sends a second candle
 * and waits for the ones running to relay it.
 */
async function endBoth(
  restart: RestartType,
  isolation: "worker" | "process" = "worker",
): Promise<{ h: Harness; relayed: Set<string>; gaveUp: () => boolean }> {
  const h = await startHarness([
    fixtureSpec("ending.ts?end=normal", { id: "normal", restart, isolation }),
    fixtureSpec("ending.ts?end=crash", { id: "crash", restart, isolation }),
  ], { backoff: { initialMs: 10, maxMs: 50 } });
  let gaveUp = false;
  h.supervisor.done.then(() => gaveUp = true);
  const sink = await collectAnalyses(h.bus);
  try {
    await h.bus.publish(candleMessage(0, 1));
    const restarted = restart === "temporary" ? [] : restart === "transient" ? ["crash"] : [
      "normal",
      "crash",
    ];
    await waitFor(
      () =>
        h.supervisor.status().every((s) =>
          restarted.includes(s.id)
            ? s.restarts === 1 && s.state === "running"
            : s.state === "stopped"
        ),
      20_000,
      `${restarted.join(" and ") || "neither"} running again, the other(s) stopped`,
    );
    await h.bus.publish(candleMessage(0, 2));
    await waitFor(
      () => restarted.every((id) => sink.ids.has(`${id}:c:0:2`)),
      20_000,
      "the second candle relayed",
    );
    await sink.sub.close();
    return { h, relayed: sink.ids, gaveUp: () => gaveUp };
  } catch (e) {
    await sink.sub.close();
    await h.close();
    throw e;
  }
}

function byId(h: Harness) {
  return Object.fromEntries(h.supervisor.status().map((s) => [s.id, s]));
}

Deno.test("a permanent actor is restarted after a normal exit and after a crash", async () => {
  const { h, gaveUp } = await endBoth("permanent");
  try {
    const { normal, crash } = byId(h);
    assertEquals(normal!.restartsByReason, { normal: 1 });
    assertEquals(normal!.lastError, null, "a normal exit is no error");
    assertEquals(crash!.restartsByReason, { crash: 1 });
    assertEquals(gaveUp(), false);
  } finally {
    await h.close();
  }
});

Deno.test("a transient actor is restarted after a crash but not after a normal exit", async () => {
  const { h, relayed, gaveUp } = await endBoth("transient");
  try {
    const { normal, crash } = byId(h);
    assertEquals([normal!.state, normal!.restarts, normal!.lastError], ["stopped", 0, null]);
    assertEquals(crash!.restartsByReason, { crash: 1 });
    assert(!relayed.has("normal:c:0:2"), "the finished actor handled a candle");
    assertEquals(gaveUp(), false, "the supervisor gave up");
  } finally {
    await h.close();
  }
});

Deno.test("a temporary actor is restarted neither after a normal exit nor after a crash", async () => {
  const { h, relayed, gaveUp } = await endBoth("temporary");
  try {
    const { normal, crash } = byId(h);
    assertEquals([normal!.state, normal!.restarts, normal!.lastError], ["stopped", 0, null]);
    assertEquals([crash!.state, crash!.restarts], ["stopped", 0]);
    assertEquals(crash!.lastError, "crash crashes on purpose");
    assertEquals(relayed.size, 0);
    assertEquals(gaveUp(), false);
  } finally {
    await h.close();
  }
});

Deno.test("a transient process-isolated actor that finishes normally is not restarted, and one that crashes is", async () => {
  const { h, gaveUp } = await endBoth("transient", "process");
  try {
    const { normal, crash } = byId(h);
    assertEquals([normal!.state, normal!.restarts, normal!.lastError], ["stopped", 0, null]);
    assertEquals(crash!.restartsByReason, { crash: 1 });
    assertEquals(gaveUp(), false);
  } finally {
    await h.close();
  }
});

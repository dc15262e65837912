import type { Silence } from "../../alerting/model.ts";
import { assertEquals } from "../../tests/assert.ts";
import { expireSilence, planSilence, type SilenceInput } from "./silence_plan.ts";

const NOW = 1_000_000;
const HOUR = 3_600_000;
const byExchange = [{ name: "exchange", type: "=" as const, value: "kraken" }];
const input = (over: Partial<SilenceInput> = {}): SilenceInput => ({
  matchers: byExchange,
  createdBy: "ops",
  comment: "maintenance",
  ...over,
});
const stored = (over: Partial<Silence> = {}): Silence => ({
  id: "old",
  matchers: byExchange,
  startsAt: NOW - HOUR,
  endsAt: NOW + HOUR,
  createdBy: "ops",
  comment: "maintenance",
  updatedAt: NOW - HOUR,
  ...over,
});
const ids = () => "new";

Deno.test("a new silence starts now by default and lasts durationMs", () => {
  assertEquals(planSilence(input({ durationMs: HOUR }), null, NOW, ids), {
    kind: "created",
    silence: { ...stored(), id: "new", startsAt: NOW, endsAt: NOW + HOUR, updatedAt: NOW },
    expired: null,
  });
});

Deno.test("a new silence that starts in the past is moved to now, as Alertmanager does", () => {
  const plan = planSilence(input({ startsAt: NOW - HOUR, endsAt: NOW + HOUR }), null, NOW, ids);
  assertEquals(plan.kind === "created" && [plan.silence.startsAt, plan.silence.endsAt], [
    NOW,
    NOW + HOUR,
  ]);
});

Deno.test("a silence ending before it starts or not in the future is refused", () => {
  const backwards = planSilence(
    input({ startsAt: NOW + 2 * HOUR, endsAt: NOW + HOUR }),
    null,
    NOW,
    ids,
  );
  assertEquals(backwards.kind === "invalid" && backwards.problems.map((p) => p.path), ["endsAt"]);
  const past = planSilence(input({ startsAt: NOW - 2 * HOUR, endsAt: NOW - HOUR }), null, NOW, ids);
  assertEquals(past.kind === "invalid" && past.problems.map((p) => p.path), ["endsAt"]);
  const endsNow = planSilence(input({ endsAt: NOW }), null, NOW, ids);
  assertEquals(endsNow.kind, "invalid");
  const noEnd = planSilence(input(), null, NOW, ids);
  assertEquals(noEnd.kind === "invalid" && noEnd.problems[0]?.message, "give endsAt or durationMs");
});

Deno.test("durationMs counts from the start, or from now when the start is past", () => {
  const future = planSilence(input({ startsAt: NOW + HOUR, durationMs: HOUR }), null, NOW, ids);
  assertEquals(future.kind === "created" && future.silence.endsAt, NOW + 2 * HOUR);
  const past = planSilence(input({ startsAt: NOW - HOUR, durationMs: HOUR }), null, NOW, ids);
  assertEquals(past.kind === "created" && past.silence.endsAt, NOW + HOUR);
  const extended = planSilence(input({ id: "old", durationMs: 2 * HOUR }), stored(), NOW, ids);
  assertEquals(extended, {
    kind: "updated",
    silence: stored({ endsAt: NOW + 2 * HOUR, updatedAt: NOW }),
  });
});

Deno.test("an unknown id is not found", () => {
  assertEquals(planSilence(input({ id: "x", durationMs: HOUR }), null, NOW, ids), {
    kind: "not_found",
    id: "x",
  });
});

Deno.test("changing only the end and comment of an active silence updates it in place", () => {
  const plan = planSilence(
    input({ id: "old", endsAt: NOW + 3 * HOUR, comment: "longer" }),
    stored(),
    NOW,
    ids,
  );
  assertEquals(plan, {
    kind: "updated",
    silence: stored({ endsAt: NOW + 3 * HOUR, comment: "longer", updatedAt: NOW }),
  });
});

Deno.test("matchers in another order are the same matchers", () => {
  const two = [...byExchange, { name: "alertname", type: "=" as const, value: "StaleData" }];
  const plan = planSilence(
    input({ id: "old", matchers: [...two].reverse(), endsAt: NOW + 2 * HOUR }),
    stored({ matchers: two }),
    NOW,
    ids,
  );
  assertEquals(plan.kind, "updated");
});

Deno.test("changing the matchers of an active silence expires it and creates another", () => {
  const plan = planSilence(
    input({ id: "old", matchers: [{ name: "exchange", type: "=", value: "binance" }] }),
    stored(),
    NOW,
    ids,
  );
  assertEquals(plan.kind, "created");
  if (plan.kind !== "created") return;
  assertEquals(plan.silence.id, "new");
  // The start defaults to the old silence's, then moves to now: history stays true.
  assertEquals([plan.silence.startsAt, plan.silence.endsAt], [NOW, NOW + HOUR]);
  assertEquals(plan.expired, stored({ endsAt: NOW, updatedAt: NOW }));
});

Deno.test("moving the start of an active silence replaces it too", () => {
  const plan = planSilence(
    input({ id: "old", startsAt: NOW - 2 * HOUR, endsAt: NOW + HOUR }),
    stored(),
    NOW,
    ids,
  );
  assertEquals(plan.kind === "created" && plan.expired?.endsAt, NOW);
});

Deno.test("a pending silence may move its start as long as it stays in the future", () => {
  const pending = stored({ startsAt: NOW + HOUR, endsAt: NOW + 2 * HOUR });
  const later = planSilence(
    input({ id: "old", startsAt: NOW + 90 * 60_000, endsAt: NOW + 3 * HOUR }),
    pending,
    NOW,
    ids,
  );
  assertEquals(later.kind, "updated");
  const now = planSilence(
    input({ id: "old", startsAt: NOW - 1, endsAt: NOW + HOUR }),
    pending,
    NOW,
    ids,
  );
  assertEquals(now.kind === "created" && now.expired, {
    ...pending,
    startsAt: NOW,
    endsAt: NOW,
    updatedAt: NOW,
  });
});

Deno.test("posting over an expired silence creates a new one and leaves the old alone", () => {
  const old = stored({ startsAt: NOW - 2 * HOUR, endsAt: NOW - HOUR });
  const plan = planSilence(input({ id: "old", durationMs: 2 * HOUR }), old, NOW, ids);
  assertEquals(plan.kind === "created" && [plan.silence.id, plan.expired], ["new", null]);
});

Deno.test("expiring ends an active silence now, a pending one never starts, an expired stays", () => {
  assertEquals(expireSilence(stored(), NOW), stored({ endsAt: NOW, updatedAt: NOW }));
  assertEquals(
    expireSilence(stored({ startsAt: NOW + 1, endsAt: NOW + 2 }), NOW),
    stored({ startsAt: NOW, endsAt: NOW, updatedAt: NOW }),
  );
  assertEquals(expireSilence(stored({ endsAt: NOW }), NOW), null);
});

/**
 * The silence routes through `app.request()` over a real SQLite store:
 * create, list by state, update in place or replace, expire, what the
 * alerter is told, and a 400 naming the field for each bad input.
 */
import type { Silence } from "../alerting/model.ts";
import { assert, assertEquals } from "./assert.ts";
import { expect400, get, type Json, V1 } from "./api_requests.ts";
import { MIN, NOW, openAlertingFixture, send } from "./api_alerting_fixture.ts";

const HOUR = 60 * MIN;
const SILENCES = `${V1}/silences`;
const base = { createdBy: "ops", comment: "exchange maintenance" };

Deno.test("a silence from matcher strings and a duration is stored, listed and published", async () => {
  const f = await openAlertingFixture();
  try {
    const res = await send(f.app, "POST", SILENCES, {
      ...base,
      matchers: ['exchange="kraken"', 'severity=~"warning|critical"'],
      durationMs: HOUR,
    });
    assertEquals(res.status, 201, JSON.stringify(res.body));
    const { id } = res.body;
    assertEquals(res.body, { id, notified: true, replaced: null });
    const expected: Silence = {
      id,
      matchers: [
        { name: "exchange", type: "=", value: "kraken" },
        { name: "severity", type: "=~", value: "warning|critical" },
      ],
      startsAt: NOW,
      endsAt: NOW + HOUR,
      ...base,
      updatedAt: NOW,
    };
    assertEquals(await f.store.alerts.silence(id), expected);
    assertEquals(f.published.map((m) => [m.type, m.source, m.key, m.payload]), [
      ["silence", "api", `silence:${id}`, expected],
    ]);
    const listed = await get(f.app, SILENCES);
    assertEquals(listed.body.silences, [{ ...expected, status: { state: "active" } }]);
    const one = await get(f.app, `${SILENCES}/${id}`);
    assertEquals(one.body.silence, { ...expected, status: { state: "active" } });
  } finally {
    await f.close();
  }
});

Deno.test("silences list active, then pending, then expired, and filter by state", async () => {
  const f = await openAlertingFixture();
  try {
    const post = async (body: Json) => (await send(f.app, "POST", SILENCES, body)).body.id;
    const pending = await post({
      ...base,
      matchers: [{ name: "symbol", type: "=", value: "BTC/USDT" }],
      startsAt: new Date(NOW + HOUR).toISOString(),
      endsAt: NOW + 2 * HOUR,
    });
    const active = await post({ ...base, matchers: ["alertname=StaleData"], endsAt: NOW + HOUR });
    const expired = await post({ ...base, matchers: ["alertname=Old"], durationMs: HOUR });
    f.advance(MIN);
    assertEquals((await send(f.app, "DELETE", `${SILENCES}/${expired}`)).body.notified, true);
    const all = await get(f.app, SILENCES);
    assertEquals(
      all.body.silences.map((s: Json) => [s.id, s.status.state]),
      [[active, "active"], [pending, "pending"], [expired, "expired"]],
    );
    assertEquals(all.body.silences[1].startsAt, NOW + HOUR);
    for (const [state, id] of [["active", active], ["pending", pending], ["expired", expired]]) {
      const only = await get(f.app, `${SILENCES}?state=${state}`);
      assertEquals(only.body.silences.map((s: Json) => s.id), [id], state);
    }
    await expect400(f.app, `${SILENCES}?state=muted`, "state");
    await expect400(f.app, `${SILENCES}?limit=5`, "limit");
  } finally {
    await f.close();
  }
});

Deno.test("changing only the end or comment updates a silence in place", async () => {
  const f = await openAlertingFixture();
  try {
    const created = await send(f.app, "POST", SILENCES, {
      ...base,
      matchers: ["exchange=kraken"],
      durationMs: HOUR,
    });
    const { id } = created.body;
    const res = await send(f.app, "POST", SILENCES, {
      id,
      createdBy: "alice",
      comment: "takes longer",
      matchers: [{ name: "exchange", type: "=", value: "kraken" }],
      endsAt: NOW + 3 * HOUR,
    });
    assertEquals([res.status, res.body], [200, { id, notified: true }]);
    const stored = await f.store.alerts.silence(id);
    assertEquals([stored?.startsAt, stored?.endsAt, stored?.comment], [
      NOW,
      NOW + 3 * HOUR,
      "takes longer",
    ]);
    assertEquals((await get(f.app, SILENCES)).body.silences.length, 1);
    assertEquals(f.published.length, 2);
  } finally {
    await f.close();
  }
});

Deno.test("changing the matchers expires the old silence and creates a new one", async () => {
  const f = await openAlertingFixture();
  try {
    const { id } = (await send(f.app, "POST", SILENCES, {
      ...base,
      matchers: ["exchange=kraken"],
      durationMs: HOUR,
    })).body;
    f.advance(MIN);
    const res = await send(f.app, "POST", SILENCES, {
      ...base,
      id,
      matchers: ["exchange=kraken", "symbol=BTC/USDT"],
    });
    assertEquals(res.status, 201, JSON.stringify(res.body));
    assert(res.body.id !== id);
    assertEquals(res.body.replaced, id);
    const silences = (await get(f.app, SILENCES)).body.silences;
    // The new one starts now and keeps the old end; the old one ended now.
    assertEquals(silences.map((s: Json) => [s.id, s.status.state, s.startsAt, s.endsAt]), [
      [res.body.id, "active", NOW + MIN, NOW + HOUR],
      [id, "expired", NOW, NOW + MIN],
    ]);
    assertEquals(f.published.map((m) => (m.payload as { id: string }).id), [id, res.body.id, id]);
    const unknown = await send(f.app, "POST", SILENCES, {
      ...base,
      id: "nope",
      matchers: ["a=b"],
      durationMs: HOUR,
    });
    assertEquals([unknown.status, unknown.body.error], [404, 'no silence with id "nope"']);
  } finally {
    await f.close();
  }
});

Deno.test("deleting expires a silence once; again is a no-op; unknown is 404", async () => {
  const f = await openAlertingFixture();
  try {
    const { id } = (await send(f.app, "POST", SILENCES, {
      ...base,
      matchers: ["exchange=kraken"],
      durationMs: HOUR,
    })).body;
    f.advance(MIN);
    const res = await send(f.app, "DELETE", `${SILENCES}/${id}`);
    assertEquals(res.status, 200);
    assertEquals(res.body.notified, true);
    assertEquals([res.body.silence.endsAt, res.body.silence.status], [NOW + MIN, {
      state: "expired",
    }]);
    assertEquals(f.published.map((m) => [m.type, (m.payload as { endsAt: number }).endsAt]), [
      ["silence", NOW + HOUR],
      ["silence", NOW + MIN],
    ]);
    const again = await send(f.app, "DELETE", `${SILENCES}/${id}`);
    assertEquals([again.status, again.body.silence.status.state, again.body.notified], [
      200,
      "expired",
      false,
    ]);
    assertEquals(f.published.length, 2);
    const unknown = await send(f.app, "DELETE", `${SILENCES}/no-such-id`);
    assertEquals([unknown.status, unknown.body.error], [404, 'no silence with id "no-such-id"']);
    assertEquals((await get(f.app, `${SILENCES}/no-such-id`)).status, 404);
    const bad = await send(f.app, "DELETE", `${SILENCES}/${"x".repeat(200)}`);
    assertEquals([bad.status, bad.body.details[0].path], [400, "id"]);
    await expect400(f.app, `${SILENCES}/a%20b`, "id");
  } finally {
    await f.close();
  }
});

Deno.test("a silence from the API mutes the alerts it matches", async () => {
  const f = await openAlertingFixture();
  try {
    await f.store.alerts.upsert([{
      fingerprint: "0123456789abcdef",
      labels: { alertname: "StaleData", severity: "warning", exchange: "kraken" },
      annotations: {},
      state: "firing",
      startsAt: NOW - HOUR,
      updatedAt: NOW - HOUR,
    }]);
    const { id } = (await send(f.app, "POST", SILENCES, {
      ...base,
      matchers: ["exchange=kraken"],
      durationMs: HOUR,
    })).body;
    const muted = (await get(f.app, `${V1}/alerts`)).body.alerts[0].status;
    assertEquals(muted, { state: "suppressed", silencedBy: [id], inhibitedBy: [] });
    f.advance(MIN);
    assertEquals((await send(f.app, "DELETE", `${SILENCES}/${id}`)).body.notified, true);
    assertEquals((await get(f.app, `${V1}/alerts`)).body.alerts[0].status.state, "active");
  } finally {
    await f.close();
  }
});

Deno.test("bad silences are 400s naming the field, and nothing is stored or published", async () => {
  const f = await openAlertingFixture();
  try {
    const ok = { ...base, matchers: ["exchange=kraken"], durationMs: HOUR };
    const cases: Array<[Json, string, string?]> = [
      [{ ...ok, matchers: [] }, "matchers", "at least one matcher"],
      [{ ...ok, matchers: ["exchange"] }, "matchers.0", "bad matcher"],
      [{ ...ok, matchers: ['a=~"("'] }, "matchers.0", "invalid regular expression"],
      [{ ...ok, matchers: [{ name: "a", type: "=~", value: "(" }] }, "matchers.0.value"],
      [{ ...ok, matchers: [{ name: "a-b", type: "=", value: "x" }] }, "matchers.0.name"],
      [{ ...ok, matchers: [{ name: "a", type: "==", value: "x" }] }, "matchers.0.type"],
      [{ ...ok, matchers: ["a:b=x"] }, "matchers.0.name", "label name"],
      [{ ...ok, matchers: ['alertname=~".*"', "env="] }, "matchers", "empty string"],
      [{ ...ok, durationMs: undefined }, "endsAt", "give endsAt or durationMs"],
      [{ ...ok, endsAt: NOW + HOUR }, "durationMs", "not both"],
      [{ ...ok, durationMs: 0 }, "durationMs"],
      [{ ...ok, durationMs: undefined, endsAt: NOW - MIN }, "endsAt", "not in the future"],
      [
        { ...ok, durationMs: undefined, startsAt: NOW + 2 * HOUR, endsAt: NOW + HOUR },
        "endsAt",
        "must end after it starts",
      ],
      [{ ...ok, durationMs: undefined, endsAt: "tomorrow" }, "endsAt", "ISO 8601"],
      [{ ...ok, startsAt: -5 }, "startsAt"],
      [{ ...ok, createdBy: " " }, "createdBy"],
      [{ ...ok, comment: undefined }, "comment"],
      [{ ...ok, colour: "red" }, "colour"],
      [{ ...ok, id: "has space" }, "id"],
    ];
    for (const [body, field, text] of cases) {
      const res = await send(f.app, "POST", SILENCES, body);
      const label = `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`;
      assertEquals(res.status, 400, label);
      const detail = res.body.details.find((d: Json) => d.path === field);
      assert(detail, `${field} not named: ${label}`);
      assertEquals(detail.in, "json");
      if (text) assert(detail.message.includes(text), `${text} not in: ${label}`);
    }
    const notArray = await send(f.app, "POST", SILENCES, [ok]);
    assertEquals(notArray.status, 400);
    assertEquals((await get(f.app, SILENCES)).body.silences, []);
    assertEquals(f.published, []);
  } finally {
    await f.close();
  }
});

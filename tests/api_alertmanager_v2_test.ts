/**
 * `POST /api/v2/alerts` (Alertmanager's intake, for Prometheus) through
 * `app.request()`: alerts become `alert` messages with Alertmanager's
 * defaults, bad elements are named by index, no bus is a 503, and the
 * route is behind the API key like every mutating route.
 */
import { fingerprint } from "../alerting/model.ts";
import type { Message } from "../messages/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import type { Json } from "./api_requests.ts";
import { MIN, NOW, openAlertingFixture, send } from "./api_alerting_fixture.ts";

const V2 = "/api/v2/alerts";
const iso = (ms: number) => new Date(ms).toISOString();
// What Prometheus sends: RFC 3339 with nanoseconds, endsAt a few
// evaluation intervals ahead while firing, the resolve time once resolved.
const firing = {
  labels: { alertname: "HighLatency", severity: "critical", job: "api" },
  annotations: { summary: "p99 above 1s" },
  startsAt: "2024-01-02T07:00:00.123456789Z",
  endsAt: iso(NOW + 4 * MIN),
  generatorURL: "http://prometheus:9090/graph?g0.expr=latency",
};
const resolved = {
  labels: { alertname: "DiskFull", severity: "warning", instance: "db1" },
  annotations: {},
  startsAt: iso(NOW - 60 * MIN),
  endsAt: iso(NOW - MIN),
};

Deno.test("posted alerts become alert messages, firing until endsAt or resolved", async () => {
  const f = await openAlertingFixture();
  try {
    const res = await send(f.app, "POST", V2, [firing, resolved, {
      labels: { alertname: "Bare" },
    }]);
    assertEquals([res.status, res.text], [200, ""]);
    assertEquals(
      f.published.map((m) => [m.type, m.source, m.key, m.ts]),
      [firing, resolved, { labels: { alertname: "Bare" } }].map((a) => [
        "alert",
        "prometheus",
        `alert:${fingerprint(a.labels)}`,
        NOW,
      ]),
    );
    assertEquals(f.published.map((m) => m.payload), [
      {
        labels: firing.labels,
        annotations: firing.annotations,
        state: "firing",
        startsAt: Date.parse("2024-01-02T07:00:00.123Z"),
        endsAt: NOW + 4 * MIN,
        generatorUrl: firing.generatorURL,
      },
      {
        labels: resolved.labels,
        annotations: {},
        state: "resolved",
        startsAt: NOW - 60 * MIN,
        endsAt: NOW - MIN,
      },
      {
        labels: { alertname: "Bare" },
        annotations: {},
        state: "firing",
        startsAt: NOW,
        endsAt: NOW + 5 * MIN,
      },
    ]);
    assertEquals((await send(f.app, "POST", V2, [])).status, 200);
    assertEquals(f.published.length, 3);
  } finally {
    await f.close();
  }
});

Deno.test("the valid alerts of a batch are taken and each bad one is named by index in a 400", async () => {
  const f = await openAlertingFixture();
  try {
    const res = await send(f.app, "POST", V2, [
      firing,
      { labels: { severity: "warning" } },
      { labels: { alertname: "X", "bad-name": "1" } },
      { ...firing, startsAt: "yesterday" },
      { ...firing, startsAt: iso(NOW), endsAt: iso(NOW - MIN) },
      { ...firing, labels: { alertname: "X", n: 5 } },
      { annotations: {} },
      { ...firing, generatorURL: "x".repeat(3000) },
    ]);
    assertEquals(res.status, 400);
    const paths = res.body.details.map((d: Json) => d.path);
    assertEquals(paths, [
      "1.labels.alertname",
      "2.labels.bad-name",
      "3.startsAt",
      "4.endsAt",
      "5.labels.n",
      "6.labels",
      "7.generatorURL",
    ]);
    assert(res.body.details.every((d: Json) => d.in === "json" && d.message.length > 0));
    assert(res.body.details[2].message.includes("RFC 3339"));
    // As Alertmanager: one bad alert does not cost Prometheus the rest of its batch.
    assertEquals(f.published.map((m) => m.type === "alert" && m.payload.labels.alertname), [
      firing.labels.alertname,
    ]);
    for (const body of [{ labels: { alertname: "X" } }, "[", null]) {
      const bad = await f.app.request(V2, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      assertEquals(bad.status, 400, JSON.stringify(body));
      await bad.body?.cancel();
    }
  } finally {
    await f.close();
  }
});

Deno.test("without the alerter's bus the alerts are refused with 503 so Prometheus retries", async () => {
  const f = await openAlertingFixture();
  try {
    const none = await send(f.rebuild(), "POST", V2, [firing]);
    assertEquals([none.status, none.body.error], [503, "alerter bus not available"]);
    const seen: Message[] = [];
    const failing = f.rebuild((m) => {
      seen.push(m);
      return seen.length > 1 ? Promise.reject(new Error("redis down")) : Promise.resolve();
    });
    const refused = await send(failing, "POST", V2, [firing, resolved]);
    assertEquals(refused.status, 503);
    assert(!refused.body.error.includes("redis"), "internal errors stay in the log");
  } finally {
    await f.close();
  }
});

Deno.test("every mutating alerting route needs the API key when one is set", async () => {
  const key = "alerting-api-key-0123";
  const f = await openAlertingFixture({ api: { apiKey: key } });
  try {
    const fp = "0123456789abcdef";
    await f.store.alerts.upsert([{
      fingerprint: fp,
      labels: { alertname: "X" },
      annotations: {},
      state: "firing",
      startsAt: NOW,
      updatedAt: NOW,
    }]);
    const silence = { createdBy: "ops", comment: "c", matchers: ["alertname=X"], durationMs: MIN };
    const calls: Array<[string, string, unknown?]> = [
      ["POST", V2, [firing]],
      ["POST", `/api/v1/alerts/${fp}/ack`, {}],
      ["POST", "/api/v1/silences", silence],
      ["DELETE", "/api/v1/silences/some-id"],
    ];
    for (const [method, path, body] of calls) {
      const anonymous = await send(f.app, method, path, body);
      assertEquals(anonymous.status, 401, `${method} ${path}`);
      const wrong = await send(f.app, method, path, body, { Authorization: "Bearer nope" });
      assertEquals(wrong.status, 401, `${method} ${path}`);
    }
    assertEquals(f.published, []);
    const auth = { Authorization: `Bearer ${key}` };
    const statuses = [];
    for (const [method, path, body] of calls) {
      statuses.push((await send(f.app, method, path, body, auth)).status);
    }
    assertEquals(statuses, [200, 200, 201, 404]);
    for (const read of ["/api/v1/alerts", "/api/v1/silences", "/api/v1/alerts/groups"]) {
      assertEquals((await send(f.app, "GET", read)).status, 200, read);
    }
  } finally {
    await f.close();
  }
});

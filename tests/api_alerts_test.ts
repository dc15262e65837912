/**
 * The alert routes through `app.request()` over a real SQLite store:
 * listing with status (silences, inhibition) and filters, acknowledgement,
 * groups by the routing tree, statistics and the outbox, and a 400 naming
 * the field for each bad parameter.
 */
import { fingerprint } from "../alerting/model.ts";
import { assert, assertEquals } from "./assert.ts";
import { expect400, get, type Json, V1 } from "./api_requests.ts";
import { alert, MIN, NOW, openAlertingFixture, outboxRow, send } from "./api_alerting_fixture.ts";

const staleBtc = alert({ alertname: "StaleData", symbol: "BTC/USDT" });
const staleBtcCritical = alert({
  alertname: "StaleData",
  symbol: "BTC/USDT",
  severity: "critical",
});
const moveEth = alert({ alertname: "PriceMove", symbol: "ETH/USDT", severity: "info" }, {
  state: "resolved",
  endsAt: NOW - 5 * MIN,
});
const spikeEth = alert({ alertname: "VolumeSpike", symbol: "ETH/USDT" }, { state: "pending" });
const fp = (a: { labels: Record<string, string> }) => fingerprint(a.labels);
const names = (body: Json) =>
  body.alerts.map((a: Json) => a.labels.alertname + ":" + a.labels.severity);

Deno.test("alerts list newest first with what mutes each: silences and inhibition", async () => {
  const f = await openAlertingFixture();
  try {
    await f.seed(staleBtc, staleBtcCritical, moveEth, spikeEth);
    await f.store.alerts.saveSilence({
      id: "s-eth",
      matchers: [{ name: "symbol", type: "=", value: "ETH/USDT" }],
      startsAt: NOW - MIN,
      endsAt: NOW + 60 * MIN,
      createdBy: "ops",
      comment: "ETH maintenance",
      updatedAt: NOW - MIN,
    });
    const { status, body } = await get(f.app, `${V1}/alerts`);
    assertEquals(status, 200);
    assertEquals(names(body), [
      "VolumeSpike:warning",
      "PriceMove:info",
      "StaleData:critical",
      "StaleData:warning",
    ]);
    const [spike, move, critical, warning] = body.alerts;
    assertEquals(warning, {
      fingerprint: fp(staleBtc),
      labels: staleBtc.labels,
      annotations: staleBtc.annotations,
      state: "firing",
      startsAt: staleBtc.startsAt,
      endsAt: null,
      generatorUrl: null,
      updatedAt: NOW - 4 * MIN,
      ack: null,
      status: { state: "suppressed", silencedBy: [], inhibitedBy: [fp(staleBtcCritical)] },
    });
    assertEquals(critical.status, { state: "active", silencedBy: [], inhibitedBy: [] });
    assertEquals(move.endsAt, NOW - 5 * MIN);
    // Not firing: nothing is routed, but the matching silence is shown.
    assertEquals(move.status, { state: "unprocessed", silencedBy: ["s-eth"], inhibitedBy: [] });
    assertEquals(spike.status.state, "unprocessed");
  } finally {
    await f.close();
  }
});

Deno.test("alerts filter by state, severity, label matchers and count", async () => {
  const f = await openAlertingFixture();
  try {
    await f.seed(staleBtc, staleBtcCritical, moveEth, spikeEth);
    const q = async (query: string) => names((await get(f.app, `${V1}/alerts?${query}`)).body);
    assertEquals(await q("state=firing"), ["StaleData:critical", "StaleData:warning"]);
    assertEquals(await q("state=resolved"), ["PriceMove:info"]);
    assertEquals(await q("severity=warning"), ["VolumeSpike:warning", "StaleData:warning"]);
    assertEquals(await q("label=symbol%3DETH%2FUSDT"), ["VolumeSpike:warning", "PriceMove:info"]);
    assertEquals(
      await q(
        `label=${encodeURIComponent('severity=~"warning|critical"')}&label=symbol%3DBTC%2FUSDT`,
      ),
      ["StaleData:critical", "StaleData:warning"],
    );
    assertEquals(await q("label=alertname!%3DStaleData"), [
      "VolumeSpike:warning",
      "PriceMove:info",
    ]);
    assertEquals(await q(`label=${encodeURIComponent('alertname!~"Stale.*|Price.*"')}&limit=5`), [
      "VolumeSpike:warning",
    ]);
    assertEquals(await q("label=symbol%3DBTC%2FUSDT&label=symbol%3DETH%2FUSDT"), []);
    assertEquals(
      await q("label=nosuch%3D"),
      names({ alerts: (await get(f.app, `${V1}/alerts`)).body.alerts }),
    );
    assertEquals(await q("limit=1"), ["VolumeSpike:warning"]);
    assertEquals(await q("state=firing&label=severity!%3Dcritical&limit=1"), ["StaleData:warning"]);
  } finally {
    await f.close();
  }
});

Deno.test("bad alert filters are 400s naming the parameter", async () => {
  const f = await openAlertingFixture();
  try {
    await expect400(f.app, `${V1}/alerts?state=burning`, "state");
    await expect400(f.app, `${V1}/alerts?severity=fatal`, "severity");
    await expect400(f.app, `${V1}/alerts?limit=0`, "limit");
    await expect400(f.app, `${V1}/alerts?limit=1001`, "limit");
    await expect400(f.app, `${V1}/alerts?colour=red`, "colour");
    const bad = await expect400(
      f.app,
      `${V1}/alerts?label=symbol%3DBTC&label=no+operator`,
      "label",
    );
    assert(bad.details[0].message.includes('"no operator"'), bad.details[0].message);
    assertEquals(bad.details[0].in, "query");
    const regex = await expect400(
      f.app,
      `${V1}/alerts?label=${encodeURIComponent('a=~"("')}`,
      "label",
    );
    assert(regex.details[0].message.includes("invalid regular expression"));
  } finally {
    await f.close();
  }
});

Deno.test("acknowledging stores who and when and tells the alerter", async () => {
  const f = await openAlertingFixture();
  try {
    await f.seed(staleBtc);
    const path = `${V1}/alerts/${fp(staleBtc)}/ack`;
    const res = await send(f.app, "POST", path, { by: "alice", comment: "on it" });
    assertEquals(res.status, 200);
    assertEquals(res.body, {
      fingerprint: fp(staleBtc),
      ack: { at: NOW, by: "alice", comment: "on it" },
      notified: true,
    });
    assertEquals((await f.store.alerts.get(fp(staleBtc)))?.ackedBy, "alice");
    assertEquals(f.published.length, 1);
    const [message] = f.published;
    assertEquals(
      [message?.type, message?.source, message?.key, message?.ts, message?.payload],
      ["ack", "api", `alert:${fp(staleBtc)}`, NOW, {
        fingerprint: fp(staleBtc),
        by: "alice",
        at: NOW,
      }],
    );
    const listed = await get(f.app, `${V1}/alerts`);
    assertEquals(listed.body.alerts[0].ack, { at: NOW, by: "alice", comment: "on it" });

    // No body: by "api". No bus: stored, but the answer says the alerter was not told.
    const quiet = f.rebuild();
    const bare = await send(quiet, "POST", path);
    assertEquals([bare.status, bare.body.ack.by, bare.body.notified], [200, "api", false]);
    assertEquals(f.published.length, 1);
  } finally {
    await f.close();
  }
});

Deno.test("acknowledging an unknown or malformed fingerprint or with a bad body fails", async () => {
  const f = await openAlertingFixture();
  try {
    const unknown = await send(f.app, "POST", `${V1}/alerts/0123456789abcdef/ack`);
    assertEquals(unknown.status, 404);
    assertEquals(unknown.body.error, "no alert with fingerprint 0123456789abcdef");
    const expectBad = async (path: string, body: unknown, field: string, where: string) => {
      const res = await send(f.app, "POST", path, body);
      assertEquals(res.status, 400, JSON.stringify(res.body));
      const detail = res.body.details.find((d: Json) => d.path === field);
      assert(detail, `${field} in ${JSON.stringify(res.body.details)}`);
      assertEquals(detail.in, where);
    };
    await expectBad(`${V1}/alerts/XYZ/ack`, undefined, "fingerprint", "param");
    await expectBad(`${V1}/alerts/0123456789ABCDEF/ack`, undefined, "fingerprint", "param");
    const ok = `${V1}/alerts/0123456789abcdef/ack`;
    await expectBad(ok, { by: "" }, "by", "json");
    await expectBad(ok, { by: "a", note: "x" }, "note", "json");
    await expectBad(ok, { comment: 5 }, "comment", "json");
    assertEquals(f.published, []);
  } finally {
    await f.close();
  }
});

Deno.test("groups follow the routing tree and show silenced alerts", async () => {
  const f = await openAlertingFixture({
    alerts: {
      route: {
        groupBy: ["alertname"],
        matchers: [],
        continue: false,
        routes: [{
          matchers: ['severity="critical"'],
          receiver: "pager",
          groupBy: ["alertname", "symbol"],
          continue: false,
          routes: [],
        }],
      },
      inhibitRules: [],
    },
  });
  try {
    const staleEth = alert({ alertname: "StaleData", symbol: "ETH/USDT" });
    await f.seed(staleBtc, staleBtcCritical, staleEth, moveEth, spikeEth);
    await f.store.alerts.saveSilence({
      id: "s-eth",
      matchers: [{ name: "symbol", type: "=", value: "ETH/USDT" }],
      startsAt: NOW - MIN,
      endsAt: NOW + MIN,
      createdBy: "ops",
      comment: "maintenance",
      updatedAt: NOW,
    });
    const { status, body } = await get(f.app, `${V1}/alerts/groups`);
    assertEquals(status, 200);
    assertEquals(
      body.groups.map((g: Json) => [g.receiver.name, g.labels, g.groupKey, g.alerts.length]),
      [
        ["default", { alertname: "StaleData" }, '{}:{alertname="StaleData"}', 2],
        [
          "pager",
          { alertname: "StaleData", symbol: "BTC/USDT" },
          '{}/{severity="critical"}:{alertname="StaleData", symbol="BTC/USDT"}',
          1,
        ],
      ],
    );
    const [byName, paged] = body.groups;
    const eth = byName.alerts.find((a: Json) => a.labels.symbol === "ETH/USDT");
    assertEquals(eth.status, { state: "suppressed", silencedBy: ["s-eth"], inhibitedBy: [] });
    assertEquals(eth.receivers, [{ name: "default" }]);
    assertEquals(paged.alerts[0].fingerprint, fp(staleBtcCritical));
    assertEquals(paged.alerts[0].status.state, "active");
    await expect400(f.app, `${V1}/alerts/groups?receiver=pager`, "receiver");
  } finally {
    await f.close();
  }
});

Deno.test("stats count episodes and time to resolve per alertname and severity", async () => {
  const f = await openAlertingFixture();
  try {
    await f.seed(
      alert({ alertname: "StaleData", symbol: "A" }, {
        state: "resolved",
        startsAt: NOW - 30 * MIN,
        endsAt: NOW - 20 * MIN,
      }),
      alert({ alertname: "StaleData", symbol: "B" }, {
        state: "resolved",
        startsAt: NOW - 30 * MIN,
        endsAt: NOW - 10 * MIN,
      }),
      alert({ alertname: "StaleData", symbol: "C" }),
      alert({ alertname: "Old" }, { startsAt: NOW - 30 * 86_400_000 }),
    );
    const { status, body } = await get(f.app, `${V1}/alerts/stats`);
    assertEquals(status, 200);
    assertEquals(body.since, NOW - 7 * 86_400_000);
    assertEquals(body.stats, [{
      alertname: "StaleData",
      severity: "warning",
      count: 3,
      resolved: 2,
      meanResolveMs: 15 * MIN,
      maxResolveMs: 20 * MIN,
    }]);
    const all = await get(f.app, `${V1}/alerts/stats?since=0`);
    assertEquals(all.body.stats.map((s: Json) => s.alertname).sort(), ["Old", "StaleData"]);
    const late = await get(f.app, `${V1}/alerts/stats?since=${new Date(NOW).toISOString()}`);
    assertEquals(late.body.stats, []);
    await expect400(f.app, `${V1}/alerts/stats?since=last-week`, "since");
    await expect400(f.app, `${V1}/alerts/stats?until=0`, "until");
  } finally {
    await f.close();
  }
});

Deno.test("notifications list the outbox with secrets masked and filter by status", async () => {
  const f = await openAlertingFixture();
  try {
    await f.store.alerts.enqueue([
      outboxRow("n1", {
        target: "https://user:pw@hooks.example/in?token=s3cret",
        status: "dead",
        attempts: 10,
        lastError: "POST https://hooks.example/in?token=s3cret answered 500",
      }),
      outboxRow("n2", { channel: "telegram", target: "-1001234", createdAt: NOW - 5 * MIN }),
      outboxRow("n3", { status: "sent", sentAt: NOW - MIN, createdAt: NOW - MIN }),
    ], []);
    const { status, body } = await get(f.app, `${V1}/notifications`);
    assertEquals(status, 200);
    assertEquals(body.notifications.map((n: Json) => n.id), ["n3", "n2", "n1"]);
    const dead = body.notifications[2];
    assertEquals(dead, {
      id: "n1",
      channel: "webhook",
      target: "https://user:***@hooks.example/***?***",
      receiver: "default",
      groupKey: '{}:{alertname="StaleData"}',
      status: "dead",
      attempts: 10,
      nextAttemptAt: NOW,
      lastError: "POST https://hooks.example/***?*** answered 500",
      createdAt: NOW - 10 * MIN,
      sentAt: null,
      notification: {
        status: "firing",
        groupLabels: { alertname: "StaleData" },
        fingerprints: ["0123456789abcdef"],
        truncatedAlerts: 0,
      },
    });
    assert(!JSON.stringify(body).includes("s3cret"));
    assertEquals(body.notifications[1].target, "-1001234");
    assertEquals(body.notifications[0].sentAt, NOW - MIN);
    const sent = await get(f.app, `${V1}/notifications?status=sent&limit=5`);
    assertEquals(sent.body.notifications.map((n: Json) => n.id), ["n3"]);
    const one = await get(f.app, `${V1}/notifications?limit=1`);
    assertEquals(one.body.notifications.map((n: Json) => n.id), ["n3"]);
    await expect400(f.app, `${V1}/notifications?status=lost`, "status");
    await expect400(f.app, `${V1}/notifications?limit=5000`, "limit");
    await expect400(f.app, `${V1}/notifications?channel=email`, "channel");
  } finally {
    await f.close();
  }
});

import { fingerprint } from "../../alerting/model.ts";
import { assert, assertEquals } from "../../tests/assert.ts";
import { postableAlertsSchema } from "../schemas/alertmanager.ts";
import { fromPostable, RESOLVE_TIMEOUT_MS } from "./postable.ts";

const NOW = Date.UTC(2024, 0, 31, 12);

Deno.test("an alert without times fires from now until the resolve timeout", () => {
  const [posted] = postableAlertsSchema.parse([{ labels: { alertname: "X", job: "api" } }]);
  assertEquals(fromPostable(posted!, NOW), {
    fingerprint: fingerprint({ alertname: "X", job: "api" }),
    alert: {
      labels: { alertname: "X", job: "api" },
      annotations: {},
      state: "firing",
      startsAt: NOW,
      endsAt: NOW + RESOLVE_TIMEOUT_MS,
    },
  });
});

Deno.test("an endsAt in the past or now resolves the alert; one in the future keeps it firing", () => {
  const [past, present, future] = postableAlertsSchema.parse([
    { labels: { alertname: "X" }, endsAt: "2024-01-31T11:59:00Z" },
    { labels: { alertname: "X" }, endsAt: "2024-01-31T12:00:00Z" },
    {
      labels: { alertname: "X" },
      annotations: { summary: "s" },
      startsAt: "2024-01-31T11:00:00.123456789Z",
      endsAt: "2024-01-31T15:00:00+02:00",
      generatorURL: "http://prometheus:9090/graph?g0.expr=up",
    },
  ]);
  const resolved = fromPostable(past!, NOW).alert;
  assertEquals([resolved.state, resolved.startsAt], ["resolved", NOW - 60_000]);
  assertEquals(fromPostable(present!, NOW).alert.state, "resolved");
  assertEquals(fromPostable(future!, NOW).alert, {
    labels: { alertname: "X" },
    annotations: { summary: "s" },
    state: "firing",
    startsAt: NOW - 3_600_000 + 123,
    endsAt: NOW + 3_600_000,
    generatorUrl: "http://prometheus:9090/graph?g0.expr=up",
  });
});

Deno.test("Go's zero time reads as unset", () => {
  const [posted] = postableAlertsSchema.parse([
    {
      labels: { alertname: "X" },
      startsAt: "0001-01-01T00:00:00Z",
      endsAt: "0001-01-01T00:00:00Z",
    },
  ]);
  assertEquals(fromPostable(posted!, NOW).alert.startsAt, NOW);
});

Deno.test("bad elements are named by index and field", () => {
  const result = postableAlertsSchema.safeParse([
    { labels: { alertname: "ok" } },
    { labels: { "bad-name": "x" } },
    { labels: { alertname: "X" }, startsAt: "yesterday" },
    {
      labels: { alertname: "X" },
      startsAt: "2024-01-31T12:00:00Z",
      endsAt: "2024-01-31T11:00:00Z",
    },
    { labels: { alertname: "X" }, startsAt: "2024-01-31" },
  ]);
  assert(!result.success);
  const paths = result.error.issues.map((i) => i.path.join("."));
  assertEquals(paths, [
    "1.labels.bad-name",
    "1.labels.alertname",
    "2.startsAt",
    "3.endsAt",
    "4.startsAt",
  ]);
});

Deno.test("alert times are RFC 3339 with a zone, as Alertmanager reads them", () => {
  const parse = (startsAt: string) =>
    postableAlertsSchema.safeParse([{ labels: { alertname: "X" }, startsAt }]).success;
  assert(parse("2024-01-31T12:00:00Z"));
  assert(parse("2024-01-31T14:00:00.123456789+02:00"));
  for (const iso of ["2024-01-31T12:00:00", "2024-01-31T12:00Z", "2024-W05-3T12:00:00Z"]) {
    assert(!parse(iso), `${iso} is ISO 8601 but not RFC 3339`);
  }
});

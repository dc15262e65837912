/**
 * Grouping, inhibition and silence semantics as a table of timelines drawn
 * from Alertmanager's documented behaviour. Time is driven by hand: each
 * case's events are applied in order, and every due flush runs through
 * deduplication against an in-memory notification log.
 */
import { assertEquals } from "../../tests/assert.ts";
import type { NotificationLogEntry } from "../../store/alert_types.ts";
import { type AlertRecord, fingerprint, type Labels, type Silence } from "../model.ts";
import type { InhibitRuleConfig, RouteConfigInput } from "./config.ts";
import { decideNotify, logEntry } from "./dedup.ts";
import { Dispatcher } from "./dispatcher.ts";
import { Inhibitor } from "./inhibit.ts";
import { Route } from "./route.ts";
import { Silencer } from "./silences.ts";

const S = 1_000;
const H = 3_600_000;

/** `"X/a:critical"` → alertname X, instance a, severity critical. */
function labelsOf(name: string, extra: Labels = {}): Labels {
  const [id, severity] = name.split(":");
  const [alertname, instance] = id!.split("/");
  return {
    alertname: alertname!,
    ...(instance ? { instance } : {}),
    ...(severity ? { severity } : {}),
    ...extra,
  };
}

function nameOf(labels: Labels): string {
  return `${labels.alertname}${labels.instance ? `/${labels.instance}` : ""}${
    labels.severity ? `:${labels.severity}` : ""
  }`;
}

type Event =
  | { at: number; alert: AlertRecord }
  | { at: number; silence: Silence };

function fire(at: number, name: string, more: Partial<AlertRecord> = {}): Event {
  const labels = labelsOf(name, more.labels);
  return {
    at,
    alert: {
      annotations: {},
      state: "firing",
      startsAt: at,
      ...more,
      labels,
      fingerprint: fingerprint(labels),
      updatedAt: at,
    },
  };
}

function pending(at: number, name: string): Event {
  const e = fire(at, name);
  return { at, alert: { ...(e as { alert: AlertRecord }).alert, state: "pending" } };
}

function resolve(at: number, name: string): Event {
  const e = fire(at, name, { state: "resolved", endsAt: at, startsAt: 0 });
  return e;
}

function silence(at: number, matchers: string, startsAt: number, endsAt: number): Event {
  const [name, value] = matchers.split("=");
  return {
    at,
    silence: {
      id: `s-${matchers}`,
      matchers: [{ name: name!, type: "=", value: value! }],
      startsAt,
      endsAt,
      createdBy: "ops",
      comment: "test",
      updatedAt: at,
    },
  };
}

interface Case {
  name: string;
  route?: RouteConfigInput;
  inhibit?: InhibitRuleConfig[];
  sendResolved?: boolean;
  events: Event[];
  until: number;
  /** `"<seconds>s <receiver> firing:[..] resolved:[..]"`, in time order. */
  sent: string[];
}

function run(c: Case): string[] {
  const silencer = new Silencer();
  const dispatcher = new Dispatcher({
    route: Route.fromConfig(c.route ?? {}),
    inhibitor: new Inhibitor(c.inhibit ?? []),
    silencer,
    sendResolved: () => c.sendResolved ?? true,
  });
  const log = new Map<string, NotificationLogEntry>();
  const sent: string[] = [];
  const events = [...c.events].sort((a, b) => a.at - b.at);
  let i = 0;
  for (;;) {
    const nextEvent = events[i]?.at ?? Infinity;
    const nextFlush = dispatcher.nextFlushAt() ?? Infinity;
    const now = Math.min(nextEvent, nextFlush);
    if (now > c.until) break;
    // Events at the same instant as a flush are applied first.
    if (nextEvent <= nextFlush) {
      const e = events[i++]!;
      if ("alert" in e) dispatcher.ingest(e.alert, now);
      else silencer.upsert(e.silence);
      continue;
    }
    const lines: string[] = [];
    for (const flush of dispatcher.flushDue(now)) {
      const key = `${flush.receiver}\u0000${flush.groupKey}`;
      const decision = decideNotify(flush, log.get(key) ?? null, now);
      if (decision.log) log.set(key, logEntry(flush, now));
      if (!decision.send) continue;
      const names = (state: string) =>
        flush.data.alerts.filter((a) => a.state === state).map((a) => nameOf(a.labels));
      lines.push(
        `${now / S}s ${flush.receiver} firing:[${names("firing")}] resolved:[${names("resolved")}]`,
      );
    }
    sent.push(...lines.sort());
  }
  return sent;
}

const cases: Case[] = [
  {
    name: "group_wait batches alerts arriving within it into one notification",
    events: [fire(0, "X/a"), fire(10 * S, "X/b")],
    until: 100 * S,
    sent: ["30s default firing:[X/a,X/b] resolved:[]"],
  },
  {
    name: "an alert joining an existing group waits for group_interval, not group_wait",
    events: [fire(0, "X/a"), fire(60 * S, "X/b")],
    until: 400 * S,
    sent: ["30s default firing:[X/a] resolved:[]", "330s default firing:[X/a,X/b] resolved:[]"],
  },
  {
    name: "an alert resolved within group_wait is never sent",
    events: [fire(0, "X/a"), resolve(10 * S, "X/a")],
    until: 5 * H,
    sent: [],
  },
  {
    name: "a resolution is sent at the next group_interval, then the group is gone",
    events: [fire(0, "X/a"), resolve(100 * S, "X/a")],
    until: 5 * H,
    sent: ["30s default firing:[X/a] resolved:[]", "330s default firing:[] resolved:[X/a]"],
  },
  {
    name: "updating an alert does not reset the group timer",
    events: [fire(0, "X/a"), fire(20 * S, "X/a", { annotations: { summary: "worse" } })],
    until: 100 * S,
    sent: ["30s default firing:[X/a] resolved:[]"],
  },
  {
    name: "an unchanged group is not sent again before repeat_interval",
    events: [fire(0, "X/a")],
    until: 3_000 * S,
    sent: ["30s default firing:[X/a] resolved:[]"],
  },
  {
    name: "repeat_interval repeats an unchanged group at the next flush after it",
    route: { repeatIntervalMs: H },
    events: [fire(0, "X/a")],
    until: 2 * H,
    sent: ["30s default firing:[X/a] resolved:[]", "3630s default firing:[X/a] resolved:[]"],
  },
  {
    name: "an acknowledged group does not repeat",
    route: { repeatIntervalMs: H },
    events: [fire(0, "X/a"), fire(100 * S, "X/a", { ackedAt: 100 * S, ackedBy: "ops" })],
    until: 3 * H,
    sent: ["30s default firing:[X/a] resolved:[]"],
  },
  {
    name: "send_resolved false suppresses a resolved-only notification; the next episode is new",
    sendResolved: false,
    events: [fire(0, "X/a"), resolve(100 * S, "X/a"), fire(1_000 * S, "X/a")],
    until: 2_000 * S,
    sent: ["30s default firing:[X/a] resolved:[]", "1030s default firing:[X/a] resolved:[]"],
  },
  {
    name: "send_resolved false leaves resolved alerts out of a mixed notification",
    sendResolved: false,
    events: [fire(0, "X/a"), fire(0, "X/b"), resolve(100 * S, "X/b"), fire(200 * S, "X/c")],
    until: 400 * S,
    sent: ["30s default firing:[X/a,X/b] resolved:[]", "330s default firing:[X/a,X/c] resolved:[]"],
  },
  {
    name: "send_resolved true lists the resolved alert beside the firing ones",
    events: [fire(0, "X/a"), fire(0, "X/b"), resolve(100 * S, "X/b"), fire(200 * S, "X/c")],
    until: 400 * S,
    sent: [
      "30s default firing:[X/a,X/b] resolved:[]",
      "330s default firing:[X/a,X/c] resolved:[X/b]",
    ],
  },
  {
    name: "continue routes one alert to several receivers",
    route: {
      routes: [
        { matchers: ['severity="critical"'], receiver: "pager", continue: true },
        { matchers: ['severity=~"warning|critical"'], receiver: "team" },
      ],
    },
    events: [fire(0, "X/a:critical"), fire(0, "Y/a:warning")],
    until: 100 * S,
    sent: [
      "30s pager firing:[X/a:critical] resolved:[]",
      "30s team firing:[X/a:critical] resolved:[]",
      "30s team firing:[Y/a:warning] resolved:[]",
    ],
  },
  {
    name: "child routes inherit groupBy and intervals from their parent",
    route: {
      groupBy: ["alertname", "instance"],
      groupWaitMs: 5 * S,
      routes: [{ matchers: ['severity="critical"'], receiver: "pager" }],
    },
    events: [fire(0, "X/a:critical"), fire(0, "X/b:critical")],
    until: 100 * S,
    sent: [
      "5s pager firing:[X/a:critical] resolved:[]",
      "5s pager firing:[X/b:critical] resolved:[]",
    ],
  },
  {
    name: "route regex matchers are anchored",
    route: { routes: [{ matchers: ['severity=~"crit"'], receiver: "pager" }] },
    events: [fire(0, "X/a:critical")],
    until: 100 * S,
    sent: ["30s default firing:[X/a:critical] resolved:[]"],
  },
  {
    name: "a missing label matches as the empty string in routes",
    route: { routes: [{ matchers: ['env=""'], receiver: "no-env" }] },
    events: [fire(0, "X/a"), fire(0, "Y/a", { labels: { env: "prod" } })],
    until: 100 * S,
    sent: ["30s default firing:[Y/a] resolved:[]", "30s no-env firing:[X/a] resolved:[]"],
  },
  {
    name: "groupBy '...' groups by all labels",
    route: { groupBy: ["..."] },
    events: [fire(0, "X/a"), fire(0, "X/b")],
    until: 100 * S,
    sent: ["30s default firing:[X/a] resolved:[]", "30s default firing:[X/b] resolved:[]"],
  },
  {
    name: "critical mutes the warning of the same alertname and instance, not another instance",
    inhibit: [{
      sourceMatchers: ['severity="critical"'],
      targetMatchers: ['severity="warning"'],
      equal: ["alertname", "instance"],
    }],
    events: [fire(0, "Lag/a:critical"), fire(0, "Lag/a:warning"), fire(0, "Lag/b:warning")],
    until: 100 * S,
    sent: ["30s default firing:[Lag/a:critical,Lag/b:warning] resolved:[]"],
  },
  {
    name: "an alert matching both sides of a rule does not inhibit itself",
    inhibit: [{
      sourceMatchers: ['severity=~"warning|critical"'],
      targetMatchers: ['severity="warning"'],
      equal: ["instance"],
    }],
    events: [fire(0, "Lag/a:warning")],
    until: 100 * S,
    sent: ["30s default firing:[Lag/a:warning] resolved:[]"],
  },
  {
    name: "an inhibited alert is sent once its source resolves",
    inhibit: [{
      sourceMatchers: ['severity="critical"'],
      targetMatchers: ['severity="warning"'],
      equal: ["instance"],
    }],
    events: [
      fire(0, "Lag/a:critical"),
      fire(0, "Lag/a:warning"),
      resolve(100 * S, "Lag/a:critical"),
    ],
    until: 400 * S,
    sent: [
      "30s default firing:[Lag/a:critical] resolved:[]",
      "330s default firing:[Lag/a:warning] resolved:[Lag/a:critical]",
    ],
  },
  {
    name: "a silenced alert is left out, and included once the silence expires",
    events: [silence(0, "instance=a", 0, 100 * S), fire(0, "X/a"), fire(0, "X/b")],
    until: 400 * S,
    sent: ["30s default firing:[X/b] resolved:[]", "330s default firing:[X/a,X/b] resolved:[]"],
  },
  {
    name: "a pending silence does not mute yet; once active it mutes the whole group",
    events: [silence(0, "instance=a", 60 * S, 10 * H), fire(0, "X/a")],
    until: 5 * H,
    sent: ["30s default firing:[X/a] resolved:[]"],
  },
  {
    name: "an alert that resolved while silenced is new when it fires again",
    events: [
      fire(0, "X/a"),
      silence(100 * S, "instance=a", 100 * S, 1_000 * S),
      resolve(200 * S, "X/a"),
      fire(2_000 * S, "X/a"),
    ],
    until: 3_000 * S,
    sent: ["30s default firing:[X/a] resolved:[]", "2030s default firing:[X/a] resolved:[]"],
  },
  {
    name: "a pending alert is not routed until it fires",
    events: [pending(0, "X/a"), fire(60 * S, "X/a")],
    until: 200 * S,
    sent: ["90s default firing:[X/a] resolved:[]"],
  },
  {
    name: "an alert posted with a future endsAt resolves when endsAt passes",
    events: [fire(0, "X/a", { endsAt: 200 * S })],
    until: 5 * H,
    sent: ["30s default firing:[X/a] resolved:[]", "330s default firing:[] resolved:[X/a]"],
  },
];

for (const c of cases) {
  Deno.test(`dispatch: ${c.name}`, () => {
    assertEquals(run(c), c.sent);
  });
}

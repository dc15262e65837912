import { assertEquals } from "../../tests/assert.ts";
import type { NotificationLogEntry } from "../../store/alert_types.ts";
import { decideNotify, logEntry, type NotifyReason } from "./dedup.ts";
import type { GroupFlush } from "./notification.ts";

const REPEAT = 3_600_000;

function flush(
  firing: string[],
  resolved: string[] = [],
  more: Partial<GroupFlush> = {},
): GroupFlush {
  return {
    receiver: "default",
    groupKey: '{}:{alertname="X"}',
    routeId: "{}",
    groupLabels: { alertname: "X" },
    repeatIntervalMs: REPEAT,
    sendResolved: true,
    data: {
      receiver: "default",
      status: firing.length > 0 ? "firing" : "resolved",
      groupKey: '{}:{alertname="X"}',
      groupLabels: { alertname: "X" },
      commonLabels: {},
      commonAnnotations: {},
      alerts: [],
      truncatedAlerts: 0,
    },
    firing,
    resolved,
    acked: [],
    mutedFiring: [],
    ...more,
  };
}

function logged(firing: string[], resolved: string[] = [], sentAt = 0): NotificationLogEntry {
  return { receiver: "default", groupKey: '{}:{alertname="X"}', firing, resolved, sentAt };
}

Deno.test("deduplication follows Alertmanager's DedupStage.needsUpdate", () => {
  type Case = [
    string,
    GroupFlush,
    NotificationLogEntry | null,
    number,
    boolean,
    boolean,
    NotifyReason,
  ];
  const cases: Case[] = [
    ["first firing notification", flush(["a"]), null, 0, true, true, "first notification"],
    ["nothing logged and only resolved: nothing", flush([], ["a"]), null, 0, false, false, "none"],
    ["a new firing alert", flush(["a", "b"]), logged(["a"]), 1, true, true, "new alerts added"],
    [
      "firing again after a logged resolution",
      flush(["a"]),
      logged([], ["a"]),
      1,
      true,
      true,
      "first notification",
    ],
    [
      "fewer firing, none newly resolved: wait",
      flush(["a"]),
      logged(["a", "b"]),
      1,
      false,
      false,
      "none",
    ],
    [
      "a newly resolved alert with sendResolved",
      flush(["a"], ["b"]),
      logged(["a", "b"]),
      1,
      true,
      true,
      "some alerts resolved",
    ],
    [
      "a newly resolved alert without sendResolved: wait",
      flush(["a"], ["b"], { sendResolved: false }),
      logged(["a", "b"]),
      1,
      false,
      false,
      "none",
    ],
    [
      "all resolved with sendResolved: send the resolution",
      flush([], ["a"]),
      logged(["a"]),
      1,
      true,
      true,
      "all alerts resolved",
    ],
    [
      "all resolved without sendResolved: record, send nothing",
      flush([], ["a"], { sendResolved: false }),
      logged(["a"]),
      1,
      false,
      true,
      "all alerts resolved",
    ],
    [
      "fired and resolved between notifications: nothing",
      flush([], ["b"]),
      logged([], ["a"]),
      1,
      false,
      false,
      "none",
    ],
    [
      "unchanged before repeat interval",
      flush(["a"]),
      logged(["a"]),
      REPEAT - 1,
      false,
      false,
      "none",
    ],
    [
      "unchanged at repeat interval",
      flush(["a"]),
      logged(["a"]),
      REPEAT,
      true,
      true,
      "repeat interval elapsed",
    ],
    [
      "all acknowledged: no repeat",
      flush(["a"], [], { acked: ["a"] }),
      logged(["a"]),
      REPEAT * 3,
      false,
      false,
      "none",
    ],
    [
      "one unacknowledged alert still repeats",
      flush(["a", "b"], [], { acked: ["a"] }),
      logged(["a", "b"]),
      REPEAT,
      true,
      true,
      "repeat interval elapsed",
    ],
    [
      "acknowledged but new: sent",
      flush(["a", "b"], [], { acked: ["b"] }),
      logged(["a"]),
      1,
      true,
      true,
      "new alerts added",
    ],
    [
      "all muted and still firing: nothing",
      flush([], [], { mutedFiring: ["a"] }),
      logged(["a"]),
      REPEAT,
      false,
      false,
      "none",
    ],
    [
      "all muted and over: record so the next episode is new",
      flush([], []),
      logged(["a"]),
      1,
      false,
      true,
      "all alerts resolved",
    ],
  ];
  for (const [name, f, last, now, send, log, reason] of cases) {
    assertEquals(decideNotify(f, last, now), { send, log, reason }, name);
    assertEquals(decideNotify(f, last, now).send, send, name);
  }
});

Deno.test("an explicit acked set overrides the flush's own", () => {
  const f = flush(["a"], [], { acked: ["a"] });
  assertEquals(decideNotify(f, logged(["a"]), REPEAT, new Set()).send, true);
  assertEquals(decideNotify(flush(["a"]), logged(["a"]), REPEAT, new Set(["a"])).send, false);
});

Deno.test("the log entry of a flush records its firing and resolved sets at now", () => {
  assertEquals(logEntry(flush(["a", "b"], ["c"]), 42), {
    receiver: "default",
    groupKey: '{}:{alertname="X"}',
    firing: ["a", "b"],
    resolved: ["c"],
    sentAt: 42,
  });
});

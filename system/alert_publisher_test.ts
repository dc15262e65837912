import { getLogger } from "@logtape/logtape";
import { createMessage, type MessageOf } from "../messages/mod.ts";
import { assertEquals, assertRejects } from "../tests/assert.ts";
import { captureLogs } from "../tests/log_capture.ts";
import { alertPublisher } from "./alert_publisher.ts";

const log = getLogger(["ct", "test", "alert-publisher"]);

function alertMessage(alertname: string): MessageOf<"alert"> {
  return createMessage("alert", {
    labels: { alertname },
    annotations: {},
    state: "firing",
    startsAt: 0,
  }, { source: "rules", key: `alert:${alertname}`, now: 0 });
}

/** Records what was handed over and answers with `takers`. */
function handOverTo(takers: string[]) {
  const handed: string[] = [];
  return {
    handed,
    handOver: (m: MessageOf<"alert">) => {
      handed.push(m.payload.labels.alertname!);
      return takers;
    },
  };
}

Deno.test("an alert the bus takes is not handed over", async () => {
  const published: string[] = [];
  const local = handOverTo(["alerter"]);
  const publish = alertPublisher({
    bus: { publish: (m) => Promise.resolve(void published.push(m.id)) },
    handOver: local.handOver,
    log,
  });
  const message = alertMessage("CpuHigh");
  await publish(message);
  assertEquals(published, [message.id]);
  assertEquals(local.handed, []);
});

Deno.test("an alert the bus refuses goes to the local alerter, with a warning naming it", async () => {
  await using logs = await captureLogs(["ct", "test", "alert-publisher"]);
  const local = handOverTo(["alerter"]);
  const publish = alertPublisher({
    bus: { publish: () => Promise.reject(new Error("Redis connection lost")) },
    handOver: local.handOver,
    log,
  });
  await publish(alertMessage("RedisUnreachable"));
  assertEquals(local.handed, ["RedisUnreachable"]);
  assertEquals(logs.records.map((r) => [r.level, r.message.join("")]), [[
    "warning",
    "RedisUnreachable (firing) went to alerter past the bus, which did not take it: " +
    "Redis connection lost",
  ]]);
});

Deno.test("an alert the bus does not answer within the timeout goes to the local alerter", async () => {
  const local = handOverTo(["alerter"]);
  const publish = alertPublisher({
    bus: { publish: () => new Promise(() => {}) },
    handOver: local.handOver,
    log,
    timeoutMs: 20,
  });
  await publish(alertMessage("RedisUnreachable"));
  assertEquals(local.handed, ["RedisUnreachable"]);
});

Deno.test("with no local alerter to take it, the bus's error is the caller's", async () => {
  const local = handOverTo([]);
  const publish = alertPublisher({
    bus: { publish: () => Promise.reject(new Error("Redis connection lost")) },
    handOver: local.handOver,
    log,
  });
  await assertRejects(() => publish(alertMessage("ActorDown")), "Redis connection lost");
  assertEquals(local.handed, ["ActorDown"]);
});

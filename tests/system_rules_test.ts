/**
 * The main thread's system rules in a real running system: a rule set to
 * trip fires, the alert crosses the bus to the alerter, which stores it (seen
 * through the real HTTP API), the rule loop keeps re-sending it, and
 * `/metrics` mirrors the rule.
 */
import { getLogger } from "@logtape/logtape";
import { validateConfig } from "../config/mod.ts";
import { startSystem } from "../system/run.ts";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";

interface StoredAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  startsAt: number;
  endsAt: number | null;
}

/** Reads until `done` holds, every 50 ms, for at most `ms`. */
async function poll<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  ms: number,
  what: string,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test({
  name:
    "a tripped system rule fires, reaches the alerter's store, is re-sent and shows in /metrics",
  sanitizeResources: false, // node:sqlite handles in workers close after the test's own check (as pipeline_test)
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "ct-system-rules-" });
    const config = validateConfig({
      source: "sim",
      dataDir,
      instance: "rules-test",
      actors: ["alerter"],
      api: { port: 0 },
      log: { level: "error" },
      supervisor: { statusIntervalMs: 3_600_000 },
      alerts: {
        resolveTimeoutMs: 60_000,
        rules: {
          evaluationIntervalMs: 100,
          resendIntervalMs: 300,
          // No disk is 100 % free: LowDiskSpace holds from the first cycle.
          disk: { minFreePercent: 100, forMs: 0 },
        },
      },
    });
    const system = await startSystem(config, getLogger(["ct", "test", "system"]));
    const base = `http://127.0.0.1:${system.server.addr.port}`;
    const lowDisk = async (): Promise<StoredAlert | undefined> => {
      const res = await fetch(`${base}/api/v1/alerts?state=firing`);
      assertEquals(res.status, 200);
      const body: { alerts: StoredAlert[] } = await res.json();
      return body.alerts.find((a) => a.labels.alertname === "LowDiskSpace");
    };
    try {
      const first = (await poll(lowDisk, (a) => a !== undefined, 10_000, "a firing LowDiskSpace"))!;
      assertEquals(first.labels, {
        alertname: "LowDiskSpace",
        severity: "warning",
        instance: "rules-test",
      });
      assertStringIncludes(first.annotations.summary ?? "", "% free (below 100%)");
      assert(first.endsAt !== null && first.endsAt > Date.now(), "firing until re-sent no more");

      // The loop re-sends it every 300 ms: the alerter moves its end forward.
      const later = (await poll(
        lowDisk,
        (a) => a !== undefined && a.endsAt! > first.endsAt!,
        10_000,
        "a re-sent LowDiskSpace",
      ))!;
      assertEquals(later.startsAt, first.startsAt, "the same episode");

      const metrics = await (await fetch(`${base}/metrics`)).text();
      const value = /^alert_rule_value\{alertname="LowDiskSpace",severity="warning"\} (\S+)$/m
        .exec(metrics);
      assert(value, "no alert_rule_value for LowDiskSpace in /metrics");
      assert(Number(value[1]) >= 0 && Number(value[1]) < 100, `free ${value[1]} %`);
      assertStringIncludes(
        metrics,
        'alert_rule_alerts{alertname="LowDiskSpace",severity="warning",state="firing"} 1\n',
      );
      assertStringIncludes(
        metrics,
        'alert_rule_evaluation_failures_total{alertname="LowDiskSpace"} 0\n',
      );
    } finally {
      await system.stop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

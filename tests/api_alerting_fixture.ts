/**
 * An API over a temp SQLite store for the alerting route tests: a `publish`
 * that records what the API tells the alerter, optional routing and
 * inhibition config, and builders for alerts and outbox rows.
 *
 * @module
 */
import { type ApiFixture, CANDLES, openApiFixture, T0 } from "../api/_test_support.ts";
import type { ApiApp } from "../api/deps.ts";
import type { AlertingConfig } from "../alerting/config.ts";
import { type Alert, type AlertRecord, fingerprint, type OutboxRecord } from "../alerting/model.ts";
import type { Config } from "../config/mod.ts";
import { type Message, parseMessage } from "../messages/mod.ts";

/** The fixture's frozen clock. */
export const NOW = T0 + CANDLES * 60_000;
/** Minutes, for readable times. */
export const MIN = 60_000;

/** An alerting fixture: the API fixture plus the recorded messages. */
export interface AlertingFixture extends ApiFixture {
  published: Message[];
  /** Same store and config, another `publish` (or none). */
  rebuild(publish?: (m: Message) => Promise<void>): ApiApp;
  /** Moves the app's clock (it starts at {@linkcode NOW}). */
  advance(ms: number): void;
  /** Stores alerts as the alerter would, updated in the order given. */
  seed(...alerts: Alert[]): Promise<AlertRecord[]>;
}

/**
 * Opens the fixture. `alerts` sets `config.alerts.route` / `inhibitRules`.
 *
 * @example
 * ```ts ignore
 * const f = await openAlertingFixture();
 * await f.close();
 * ```
 */
export async function openAlertingFixture(
  options: {
    api?: Partial<Config["api"]>;
    alerts?: Partial<Pick<AlertingConfig, "route" | "inhibitRules">>;
  } = {},
): Promise<AlertingFixture> {
  let clock = NOW;
  const f = await openApiFixture({ api: options.api, now: () => clock });
  const alerts: Config["alerts"] & Partial<AlertingConfig> = {
    ...f.config.alerts,
    ...options.alerts,
  };
  const config: Config = { ...f.config, alerts };
  const published: Message[] = [];
  // Rejects what the bus would: every recorded message is a valid envelope.
  const record = (m: Message) => {
    const parsed = parseMessage(JSON.parse(JSON.stringify(m)));
    if (!parsed.ok) return Promise.reject(new Error(`invalid ${m.type}: ${parsed.error}`));
    published.push(m);
    return Promise.resolve();
  };
  const rebuild = (publish?: (m: Message) => Promise<void>) =>
    f.build({ deps: { config, publish } });
  return {
    ...f,
    config,
    app: rebuild(record),
    published,
    rebuild,
    advance: (ms) => {
      clock += ms;
    },
    async seed(...list) {
      const records = list.map((a, i) => ({
        ...a,
        fingerprint: fingerprint(a.labels),
        updatedAt: NOW - (list.length - i) * MIN,
      }));
      for (const r of records) await f.store.alerts.upsert([r]);
      return records;
    },
  };
}

/**
 * A firing alert (override any field).
 *
 * @example
 * ```ts
 * alert({ alertname: "StaleData", severity: "warning" });
 * ```
 */
export function alert(labels: Record<string, string>, over: Partial<Alert> = {}): Alert {
  return {
    labels: { severity: "warning", ...labels },
    annotations: { summary: `${labels.alertname} happened` },
    state: "firing",
    startsAt: NOW - 30 * MIN,
    ...over,
  };
}

/**
 * An outbox row (override any field).
 *
 * @example
 * ```ts
 * outboxRow("n1", { status: "dead", lastError: "HTTP 500" });
 * ```
 */
export function outboxRow(id: string, over: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id,
    channel: "webhook",
    target: "https://hooks.example/in?token=s3cret",
    receiver: "default",
    groupKey: '{}:{alertname="StaleData"}',
    data: {
      receiver: "default",
      status: "firing",
      groupKey: '{}:{alertname="StaleData"}',
      groupLabels: { alertname: "StaleData" },
      commonLabels: {},
      commonAnnotations: {},
      alerts: [{ ...alert({ alertname: "StaleData" }), fingerprint: "0123456789abcdef" }],
      truncatedAlerts: 0,
    },
    status: "pending",
    attempts: 0,
    nextAttemptAt: NOW,
    createdAt: NOW - 10 * MIN,
    ...over,
  };
}

/**
 * Sends a JSON request in process.
 *
 * @example
 * ```ts ignore
 * const res = await send(f.app, "POST", "/api/v1/silences", body);
 * ```
 */
export async function send(
  app: ApiApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await app.request(path, {
    method,
    headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // deno-lint-ignore no-explicit-any
  const json: any = text === "" ? null : JSON.parse(text);
  return { status: res.status, body: json, text, headers: res.headers };
}

// deno-lint-ignore-file no-console -- a bench reports its figures on stdout
/**
 * Alert manager throughput: routing 10,000 alert updates through a realistic
 * tree (root + 4 children with regex matchers), the default inhibition rules
 * and 20 active silences, then one flush of every due group; and the API's
 * group listing over 1,000 alerts. Figures are per `Deno.bench` iteration.
 *
 * @module
 */
import {
  computeGroups,
  DEFAULT_INHIBIT_RULES,
  Dispatcher,
  Inhibitor,
  Route,
  Silencer,
} from "../alerting/dispatch/mod.ts";
import { type AlertRecord, fingerprint, type Silence } from "../alerting/model.ts";

const NOW = Date.UTC(2026, 0, 1);

const route = Route.fromConfig({
  groupBy: ["alertname", "exchange", "symbol"],
  routes: [
    { matchers: ['severity="critical"'], receiver: "pager", groupWaitMs: 10_000, continue: true },
    { matchers: ['alertname=~"Stale.*|Gap.*"', 'exchange=~"binance|kraken"'], receiver: "data" },
    { matchers: ['alertname=~"Price.*|Volume.*"'], receiver: "market", groupBy: ["alertname"] },
    { matchers: ['actor=~".+"', 'alertname!~"Heartbeat.*"'], receiver: "ops" },
  ],
});
const inhibitor = new Inhibitor(DEFAULT_INHIBIT_RULES);

const exchanges = ["binance", "kraken", "coinbase", "bitstamp", "okx"];
const names = ["StaleData", "GapDetected", "PriceMove", "VolumeSpike", "ActorDown", "BusLag"];
const severities = ["info", "warning", "critical"];

function makeAlert(i: number, series: number): AlertRecord {
  const labels: Record<string, string> = {
    alertname: names[i % names.length]!,
    severity: severities[i % 3]!,
    exchange: exchanges[series % exchanges.length]!,
    symbol: `S${series % 400}/USDT`,
    timeframe: series % 2 ? "1m" : "5m",
    // Makes every series a distinct alert; grouping stays by symbol.
    instance: `collector-${series}`,
  };
  if (labels.alertname === "ActorDown" || labels.alertname === "BusLag") {
    labels.actor = `actor-${series % 8}`;
  }
  return {
    labels,
    annotations: { summary: `${labels.alertname} on ${labels.symbol}` },
    state: i % 10 === 9 ? "resolved" : "firing",
    startsAt: NOW,
    ...(i % 10 === 9 ? { endsAt: NOW + 1_000 } : {}),
    fingerprint: fingerprint(labels),
    updatedAt: NOW,
  };
}

// 10,000 distinct alerts (10,000 new aggregation entries)...
const distinct = Array.from({ length: 10_000 }, (_, i) => makeAlert(i, i));
if (new Set(distinct.map((a) => a.fingerprint)).size !== distinct.length) {
  throw new Error("bench fixture: the 10,000 alerts are not distinct");
}
// ...and 10,000 updates of 1,000 alerts (existing groups, changing annotations).
const updates = Array.from({ length: 10_000 }, (_, i) => {
  const a = makeAlert(i % 1_000, i % 1_000);
  return { ...a, annotations: { summary: `update ${i}` }, updatedAt: NOW + i };
});

const silences: Silence[] = Array.from({ length: 20 }, (_, i) => ({
  id: `s${i}`,
  matchers: [
    { name: "symbol", type: "=~", value: `S${i * 7}(0|1)?/USDT` },
    { name: "exchange", type: "!=", value: "okx" },
  ],
  startsAt: NOW - 1_000,
  endsAt: NOW + 3_600_000,
  createdBy: "bench",
  comment: "",
  updatedAt: NOW,
}));
const silencer = new Silencer(silences);

// Module-level, so the engine cannot drop the work that feeds it.
let sink = 0;

function routeAndFlush(alerts: readonly AlertRecord[]): void {
  const d = new Dispatcher({ route, inhibitor, silencer });
  for (const a of alerts) d.ingest(a, NOW);
  const flushes = d.flushDue(NOW + 30_000);
  sink += flushes.length + d.groupCount;
}

Deno.bench("route 10,000 distinct alerts + flushDue once", { group: "routing" }, () => {
  routeAndFlush(distinct);
});

Deno.bench("route 10,000 updates of 1,000 alerts + flushDue once", { group: "routing" }, () => {
  routeAndFlush(updates);
});

const thousand = distinct.slice(0, 1_000);
Deno.bench("computeGroups over 1,000 alerts", { group: "api" }, () => {
  sink += computeGroups(thousand, route, silencer, inhibitor, NOW + 30_000).length;
});

Deno.bench("route.match for 10,000 label sets", { group: "parts" }, () => {
  for (const a of distinct) sink += route.match(a.labels).length;
});

Deno.bench("silencedBy (20 silences) for 10,000 label sets", { group: "parts" }, () => {
  for (const a of distinct) sink += silencer.silencedBy(a.labels, NOW).length;
});

const sources = inhibitor.index(distinct);
Deno.bench("isInhibited for 10,000 label sets (10,000 indexed sources)", { group: "parts" }, () => {
  for (const a of distinct) sink += inhibitor.isInhibited(a.labels, sources, NOW) ? 1 : 0;
});

globalThis.addEventListener("unload", () => {
  if (sink === -1) console.log(sink);
});

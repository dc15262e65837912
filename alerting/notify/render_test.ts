import { assert, assertEquals, assertStringIncludes } from "../../tests/assert.ts";
import {
  alertsLink,
  renderEmailHtml,
  renderHtml,
  renderSubject,
  renderText,
  sortAlerts,
} from "./render.ts";
import { testAlert, testData } from "./test_support.ts";

const stale = (symbol: string, severity = "warning", state: "firing" | "resolved" = "firing") =>
  testAlert(
    { alertname: "StaleData", severity, exchange: "binance", symbol },
    { summary: `no candle for ${symbol} in 3 intervals` },
    state,
  );

Deno.test("renderText writes a header and one line per alert, most urgent first", () => {
  const data = testData([stale("ETH/USDT"), stale("BTC/USDT", "critical"), stale("SOL/USDT")]);
  assertEquals(renderText(data).split("\n"), [
    "🔥 FIRING 3 · StaleData",
    "🔴 StaleData binance BTC/USDT: no candle for BTC/USDT in 3 intervals",
    "🟠 StaleData binance ETH/USDT: no candle for ETH/USDT in 3 intervals",
    "🟠 StaleData binance SOL/USDT: no candle for SOL/USDT in 3 intervals",
  ]);
});

Deno.test("rendering does not depend on the order alerts arrive in", () => {
  const alerts = [
    stale("A"),
    stale("B", "critical"),
    stale("C", "info"),
    stale("D", "warning", "resolved"),
  ];
  const once = renderHtml(testData(alerts));
  assertEquals(renderHtml(testData(alerts.toReversed())), once);
  assertEquals(sortAlerts(alerts).map((a) => a.labels.symbol), ["B", "A", "C", "D"]);
});

Deno.test("a resolved group says RESOLVED and marks every alert resolved", () => {
  const data = testData([stale("BTC/USDT", "warning", "resolved")]);
  assertEquals(renderText(data).split("\n"), [
    "✅ RESOLVED 1 · StaleData",
    "✅ StaleData binance BTC/USDT: no candle for BTC/USDT in 3 intervals (resolved)",
  ]);
  assertEquals(renderSubject(data), "[RESOLVED:1] StaleData");
});

Deno.test("a firing group counts its resolved alerts apart", () => {
  const data = testData([stale("A"), stale("B", "warning", "resolved")]);
  assertEquals(renderText(data).split("\n")[0], "🔥 FIRING 1 (+1 resolved) · StaleData");
  assertEquals(renderSubject(data), "[FIRING:1] StaleData");
});

Deno.test("the header names the group by alertname and its other group labels", () => {
  const data = testData([stale("A")], {
    groupLabels: { exchange: "binance", alertname: "StaleData" },
  });
  assertEquals(renderSubject(data), "[FIRING:1] StaleData · exchange=binance");
});

Deno.test("left-out alerts are counted as 'and N more'", () => {
  const data = testData([stale("A")], { truncatedAlerts: 7 });
  assertEquals(renderText(data).split("\n").at(-1), "… and 7 more");
  assertStringIncludes(renderHtml(data), "… and 7 more");
});

Deno.test("links point to the API's alert list and to each runbook", () => {
  const alert = testAlert(
    { alertname: "ActorDown", severity: "critical", actor: "collector" },
    { summary: "collector is down", runbook: "https://wiki.example.com/actor-down?x=1&y=2" },
  );
  const data = testData([alert], { externalUrl: "https://ops.example.com/" });
  assertEquals(
    alertsLink(data),
    "https://ops.example.com/api/v1/alerts?label=alertname%3DActorDown",
  );
  assertEquals(renderText(data).split("\n"), [
    "🔥 FIRING 1 · ActorDown",
    "🔴 ActorDown collector: collector is down",
    "",
    "Alerts: https://ops.example.com/api/v1/alerts?label=alertname%3DActorDown",
    "Runbook ActorDown: https://wiki.example.com/actor-down?x=1&y=2",
  ]);
  assertEquals(renderHtml(data).split("\n"), [
    "<b>🔥 FIRING 1 · ActorDown</b>",
    '🔴 <a href="https://wiki.example.com/actor-down?x=1&amp;y=2"><b>ActorDown</b></a> ' +
    "<code>collector</code>: collector is down",
    "",
    '<a href="https://ops.example.com/api/v1/alerts?label=alertname%3DActorDown">Alerts</a>',
  ]);
});

Deno.test("without an external URL there is no link section", () => {
  const text = renderText(testData([stale("A")]));
  assert(!text.includes("http"), text);
});

Deno.test("renderHtml escapes label values and annotations so they cannot open tags", () => {
  const alert = testAlert(
    { alertname: "Bad<b>Name", severity: "warning", symbol: `X"Y'&<i>` },
    { summary: "price < 5 & > 3", runbook: 'https://x.example/"><script>' },
  );
  const html = renderHtml(testData([alert], { groupLabels: { alertname: "Bad<b>Name" } }));
  assertEquals(
    html.split("\n")[1],
    '🟠 <a href="https://x.example/&quot;&gt;&lt;script&gt;"><b>Bad&lt;b&gt;Name</b></a> ' +
      "<code>X&quot;Y&#39;&amp;&lt;i&gt;</code>: price &lt; 5 &amp; &gt; 3",
  );
  // Only our own tags remain.
  const tags = html.match(/<\/?[a-z]+/g) ?? [];
  assert(tags.every((t) => ["<b", "</b", "<a", "</a", "<code", "</code"].includes(t)), tags.join());
});

Deno.test("a runbook that is not http(s) is shown as text, never as a link", () => {
  const alert = testAlert({ alertname: "X" }, { runbook: "javascript:alert(1)" });
  const data = testData([alert]);
  assert(!renderHtml(data).includes("href"), renderHtml(data));
  assertStringIncludes(renderText(data), "Runbook X: javascript:alert(1)");
  assertStringIncludes(renderHtml(data), "Runbook X: javascript:alert(1)");
});

Deno.test("a multi-line annotation still renders as one line per alert", () => {
  const alert = testAlert({ alertname: "X", severity: "info" }, {
    summary: "first\n  second\r\nthird",
  });
  assertEquals(renderText(testData([alert])).split("\n"), [
    "🔥 FIRING 1 · X",
    "🔵 X: first second third",
  ]);
});

Deno.test("the e-mail HTML is a document with the same lines", () => {
  const html = renderEmailHtml(testData([stale("BTC/USDT")]));
  assertStringIncludes(html, "<html>");
  assertStringIncludes(html, "<b>🔥 FIRING 1 · StaleData</b><br>\n🟠 <b>StaleData</b>");
});

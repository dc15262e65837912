/**
 * Notification text for phones: a header line, then one line per alert
 * (most urgent first), then links. The same content comes out as plain text
 * (e-mail text part), Telegram-safe HTML and an e-mail subject. Rendering is
 * pure and deterministic: the same data always gives the same bytes.
 *
 * @module
 */
import type { Alert, NotificationData } from "../model.ts";

type NotifiedAlert = Alert & { fingerprint: string };

/** Labels that tell alerts of one group apart on a small screen, in display order. */
const KEY_LABELS = ["exchange", "symbol", "actor", "instance"] as const;

const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };
const SEVERITY_MARK: Record<string, string> = { critical: "🔴", warning: "🟠", info: "🔵" };

/**
 * The alerts in display order: firing before resolved, then severity
 * (critical, warning, info, anything else), then alertname, then fingerprint.
 *
 * @example
 * ```ts
 * sortAlerts(data.alerts)[0]; // the most urgent firing alert
 * ```
 */
export function sortAlerts(alerts: readonly NotifiedAlert[]): NotifiedAlert[] {
  const rank = (a: NotifiedAlert) => SEVERITY_RANK[a.labels.severity ?? ""] ?? 3;
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return [...alerts].sort((a, b) =>
    Number(a.state !== "firing") - Number(b.state !== "firing") ||
    rank(a) - rank(b) ||
    cmp(a.labels.alertname ?? "", b.labels.alertname ?? "") ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

/**
 * Escapes text for Telegram's HTML parse mode (and any HTML): `&`, `<`, `>`,
 * and both quotes, so a label value can never open a tag or end an attribute.
 *
 * @example
 * ```ts
 * escapeHtml(`<b>"x" & 'y'</b>`); // "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** One rendered piece: its plain text and its HTML (`null`: plain text only). */
interface Piece {
  text: string;
  html: string | null;
}

/** Values go on one line each: a newline in an annotation must not break "one line per alert". */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, " ");

const plain = (text: string): Piece => ({ text, html: escapeHtml(text) });
const join = (pieces: Piece[], sep: string): Piece => ({
  text: pieces.map((p) => p.text).join(sep),
  html: pieces.map((p) => p.html ?? escapeHtml(p.text)).join(escapeHtml(sep)),
});

/** Only http(s) links are rendered as links: a `javascript:` runbook must stay text. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return ["http:", "https:"].includes(new URL(url).protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The group's name: its alertname, then its other group labels as name=value. */
function groupName(data: NotificationData): string {
  const labels = Object.keys(data.groupLabels).length > 0 ? data.groupLabels : {
    ...(data.commonLabels.alertname ? { alertname: data.commonLabels.alertname } : {}),
  };
  const parts = labels.alertname ? [labels.alertname] : [];
  for (const name of Object.keys(labels).sort()) {
    if (name !== "alertname") parts.push(`${name}=${labels[name]}`);
  }
  return oneLine(parts.length > 0 ? parts.join(" · ") : data.receiver);
}

function counts(data: NotificationData): { firing: number; resolved: number } {
  const firing = data.alerts.filter((a) => a.state === "firing").length;
  return { firing, resolved: data.alerts.length - firing };
}

function header(data: NotificationData): Piece {
  const { firing, resolved } = counts(data);
  const text = data.status === "firing"
    ? `🔥 FIRING ${firing}${resolved > 0 ? ` (+${resolved} resolved)` : ""} · ${groupName(data)}`
    : `✅ RESOLVED ${resolved} · ${groupName(data)}`;
  return { text, html: `<b>${escapeHtml(text)}</b>` };
}

function runbookOf(alert: NotifiedAlert): string | undefined {
  return alert.annotations.runbook ?? alert.annotations.runbook_url;
}

function alertLine(alert: NotifiedAlert): Piece {
  const resolved = alert.state !== "firing";
  const mark = resolved ? "✅" : SEVERITY_MARK[alert.labels.severity ?? ""] ?? "⚪";
  const name = oneLine(alert.labels.alertname ?? "(no alertname)");
  const runbook = safeUrl(runbookOf(alert));
  const pieces: Piece[] = [
    plain(mark),
    {
      text: name,
      html: runbook
        ? `<a href="${escapeHtml(runbook)}"><b>${escapeHtml(name)}</b></a>`
        : `<b>${escapeHtml(name)}</b>`,
    },
  ];
  const keys = KEY_LABELS.map((k) => alert.labels[k]).filter((v): v is string => !!v);
  if (keys.length > 0) {
    const text = oneLine(keys.join(" "));
    pieces.push({ text, html: `<code>${escapeHtml(text)}</code>` });
  }
  const line = join(pieces, " ");
  const summary = alert.annotations.summary ?? alert.annotations.description;
  const tail = [summary, resolved ? "(resolved)" : undefined].filter((s): s is string => !!s);
  if (tail.length === 0) return line;
  return join([line, plain(oneLine(tail.join(" ")))], ": ");
}

/**
 * The API query listing this group's alerts (its group labels as `label`
 * filters), or `undefined` without an http(s) `externalUrl`.
 *
 * @example
 * ```ts
 * alertsLink({ ...data, externalUrl: "https://ops.example.com", groupLabels: { alertname: "StaleData" } });
 * // "https://ops.example.com/api/v1/alerts?label=alertname%3DStaleData"
 * ```
 */
export function alertsLink(data: NotificationData): string | undefined {
  const base = safeUrl(data.externalUrl);
  if (!base) return undefined;
  const query = new URLSearchParams();
  for (const name of Object.keys(data.groupLabels).sort()) {
    query.append("label", `${name}=${data.groupLabels[name]}`);
  }
  const qs = query.toString();
  return `${base.replace(/\/+$/, "")}/api/v1/alerts${qs ? `?${qs}` : ""}`;
}

/** All lines of a notification, each as text and HTML. */
function lines(data: NotificationData): Piece[] {
  const out = [header(data), ...sortAlerts(data.alerts).map(alertLine)];
  if (data.truncatedAlerts > 0) out.push(plain(`… and ${data.truncatedAlerts} more`));
  const runbooks = new Map<string, string>();
  for (const alert of sortAlerts(data.alerts)) {
    const url = runbookOf(alert);
    if (url && !runbooks.has(url)) runbooks.set(url, alert.labels.alertname ?? "");
  }
  const links: Piece[] = [];
  const list = alertsLink(data);
  if (list) {
    links.push({ text: `Alerts: ${list}`, html: `<a href="${escapeHtml(list)}">Alerts</a>` });
  }
  // The HTML links each alertname to an http(s) runbook already; text spells every one out.
  for (const [url, name] of runbooks) {
    const text = `Runbook ${oneLine(name)}: ${oneLine(url)}`;
    links.push({ text, html: safeUrl(url) ? null : escapeHtml(text) });
  }
  if (links.length > 0) out.push(plain(""), ...links);
  return out;
}

function htmlLines(data: NotificationData): string[] {
  return lines(data).flatMap((l) => (l.html === null ? [] : [l.html]));
}

/**
 * The notification as plain text: header, one line per alert, links.
 *
 * @example
 * ```ts
 * renderText(data);
 * // 🔥 FIRING 1 · StaleData
 * // 🟠 StaleData binance BTC/USDT: no candle for 3 intervals
 * ```
 */
export function renderText(data: NotificationData): string {
  return lines(data).map((l) => l.text).join("\n");
}

/**
 * The notification in Telegram's HTML parse mode: only `<b>`, `<i>`,
 * `<code>` and `<a href>`, every tag opened and closed on one line (so
 * {@linkcode splitMessage} can cut between lines), every value escaped.
 *
 * @example
 * ```ts
 * await api.sendMessage(chatId, renderHtml(data), { parse_mode: "HTML" });
 * ```
 */
export function renderHtml(data: NotificationData): string {
  return htmlLines(data).join("\n");
}

/**
 * The notification as a standalone HTML document body for e-mail.
 *
 * @example
 * ```ts
 * await transport.sendMail({ html: renderEmailHtml(data), text: renderText(data) });
 * ```
 */
export function renderEmailHtml(data: NotificationData): string {
  const body = htmlLines(data).join("<br>\n");
  return `<!DOCTYPE html>\n<html><body style="font-family:sans-serif">\n${body}\n</body></html>\n`;
}

/**
 * An e-mail subject in Alertmanager's style: `[FIRING:3] StaleData`.
 *
 * @example
 * ```ts
 * renderSubject(data); // "[FIRING:1] StaleData"
 * ```
 */
export function renderSubject(data: NotificationData): string {
  const { firing, resolved } = counts(data);
  const status = data.status === "firing" ? `FIRING:${firing}` : `RESOLVED:${resolved}`;
  return `[${status}] ${groupName(data)}`;
}

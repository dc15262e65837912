import { redactUrl } from "../lib/redact_url.ts";
import { type Config, secretPaths, urlPaths } from "./schema.ts";

const REDACTED = "***";

/**
 * Hides what is secret in `value`, found at the dotted `path` of a
 * configuration tree (array items are numbered: `alerts.receivers.0`): a
 * whole secret, a URL as by {@linkcode redactUrl}, and the same inside an
 * object or array. A string where an object holding a URL belongs (a
 * misplaced webhook URL) is treated as a URL.
 *
 * @example
 * ```ts
 * redactValue("databaseUrl", "postgres://u:pw@h/db"); // "postgres://u:***@h/db"
 * redactValue("api.apiKey", "k"); // "***"
 * redactValue("alerts.receivers.0.webhook.url", "https://hooks.slack.com/services/T/B/X");
 * // "https://hooks.slack.com/***"
 * ```
 */
export function redactValue(path: string, value: unknown): unknown {
  return redactAt(path === "" ? [] : path.split("."), value);
}

/**
 * A copy of the configuration safe to print or serve.
 *
 * @example
 * ```ts
 * import { validateConfig } from "./load.ts";
 * redactConfig(validateConfig({ api: { apiKey: "0123456789abcdef" } })).api.apiKey; // "***"
 * ```
 */
export function redactConfig(config: Config): Config {
  return redactAt([], config) as Config;
}

function redactAt(path: readonly string[], value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (secretPaths.some((p) => matches(p, path))) return REDACTED;
  if (typeof value === "string") {
    const url = urlPaths.some((p) => matches(p, path));
    // A string where an object with a URL belongs (`webhook: "https://…"`) may be that URL.
    const misplaced = urlPaths.some((p) => isParent(path, p));
    return url || misplaced ? redactUrl(value) : value;
  }
  if (Array.isArray(value)) return value.map((item, i) => redactAt([...path, String(i)], item));
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactAt([...path, key], item)]),
    );
  }
  return value;
}

/** A `*` in a pattern stands for any one key or array index. */
function matches(pattern: string, path: readonly string[]): boolean {
  const keys = pattern.split(".");
  return keys.length === path.length && keys.every((k, i) => k === "*" || k === path[i]);
}

function isParent(path: readonly string[], pattern: string): boolean {
  const keys = pattern.split(".");
  return path.length === keys.length - 1 &&
    path.every((k, i) => keys[i] === "*" || keys[i] === k);
}

import { type Config, secretPaths, urlPaths } from "./schema.ts";

const REDACTED = "***";

/**
 * Hides a secret value at `path` (a whole secret, or a URL's password).
 *
 * @example
 * ```ts
 * redactValue("databaseUrl", "postgres://u:pw@h/db"); // "postgres://u:***@h/db"
 * redactValue("api.apiKey", "k"); // "***"
 * ```
 */
export function redactValue(path: string, value: unknown): unknown {
  if (value === undefined) return value;
  if (secretPaths.includes(path)) return REDACTED;
  if (urlPaths.includes(path) && typeof value === "string") return redactUrl(value);
  return value;
}

/**
 * A URL with its password (and a token-like username alone) replaced.
 *
 * @example
 * ```ts
 * redactUrl("redis://:secret@localhost:6379"); // "redis://:***@localhost:6379"
 * ```
 */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = REDACTED;
    return u.toString();
  } catch {
    return REDACTED;
  }
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
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const path of [...secretPaths, ...urlPaths]) {
    const keys = path.split(".");
    let node = copy;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    const last = keys.at(-1)!;
    if (node[last] !== undefined) node[last] = redactValue(path, node[last]);
  }
  return copy as unknown as Config;
}

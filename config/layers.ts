import { ConfigError, errorMessage } from "../lib/errors.ts";
import { derivedEnvVars, unknownEnvProblems } from "./derived_env.ts";
import { type EnvKind, envVars } from "./env.ts";
import { secretPaths, urlPaths } from "./schema.ts";

/** A partial configuration tree from one source. */
export type Layer = Record<string, unknown>;

/**
 * Sets `value` at a dotted path, creating objects on the way.
 *
 * @example
 * ```ts
 * const t: Record<string, unknown> = {};
 * setPath(t, "api.port", 8000); // t = { api: { port: 8000 } }
 * ```
 */
export function setPath(target: Layer, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = (typeof next === "object" && next !== null ? next : node[key] = {}) as Layer;
  }
  node[keys.at(-1)!] = value;
}

/**
 * Deep-merges layers, later ones winning. Arrays are replaced, not merged:
 * a watchlist given in the environment replaces the file's. So is an object
 * given as one JSON variable (`CT_PAPER__STAKE`): it is the whole setting.
 *
 * @example
 * ```ts
 * mergeLayers({ api: { port: 1, host: "a" } }, { api: { port: 2 } }); // { api: { port: 2, host: "a" } }
 * ```
 */
export function mergeLayers(...layers: Layer[]): Layer {
  const out: Layer = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      const prev = out[key];
      const merge = isTree(value) && isTree(prev) && !(WHOLE in value);
      out[key] = merge ? mergeLayers(prev, value) : value;
    }
  }
  return out;
}

/**
 * Marks an object that replaces rather than merges into an earlier layer's:
 * merged into a file's `{ mode: "fixed", amount }`, an environment's
 * `{ mode: "fraction", fraction }` stake would keep `amount` and be refused.
 * A non-enumerable property, so the value reads and compares as parsed.
 */
const WHOLE = Symbol("whole config value");

function markWhole(value: Layer): void {
  Object.defineProperty(value, WHOLE, { value: true, enumerable: false });
}

function isTree(v: unknown): v is Layer {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The environment's layer, from the explicit variables and those derived
 * from the schema. Values are converted by kind; a malformed one, or a
 * `CT_…__…` variable that names no setting, is a {@linkcode ConfigError}
 * naming the variable, the value and what is expected.
 *
 * @example
 * ```ts
 * envLayer({ PORT: "9000", CT_SYMBOLS: "BTC/USDT, ETH/USDT", CT_BUS__LEASE_MS: "20000" });
 * // { api: { port: 9000 }, watchlist: { symbols: ["BTC/USDT", "ETH/USDT"] }, bus: { leaseMs: 20000 } }
 * ```
 */
export function envLayer(env: Record<string, string | undefined>): Layer {
  const unknown = unknownEnvProblems(env);
  if (unknown.length > 0) throw new ConfigError(`environment: ${unknown.join("; ")}`);
  const layer: Layer = {};
  for (const v of [...envVars, ...derivedEnvVars]) {
    const raw = env[v.name];
    if (raw === undefined || raw === "") continue;
    const value = v.nullable && raw === "null" ? null : convert(raw, v.kind, v.name, v.path);
    if (v.kind === "json" && isTree(value)) markWhole(value);
    setPath(layer, v.path, value);
  }
  return layer;
}

/**
 * Converts one string to a config value of `kind`; `name` says where it came
 * from, `path` where it goes (a JSON value that may hold a secret is not shown).
 */
export function convert(raw: string, kind: EnvKind, name: string, path = ""): unknown {
  switch (kind) {
    case "string":
      return raw;
    case "json":
      return parseJson(raw, name, path);
    case "list":
      return raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    case "bool":
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw new ConfigError(`${name}: expected true or false, received ${JSON.stringify(raw)}`);
    case "int":
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n) || (kind === "int" && !Number.isInteger(n))) {
        throw new ConfigError(
          `${name}: expected ${kind === "int" ? "an integer" : "a number"}, received ${
            JSON.stringify(raw)
          }`,
        );
      }
      return n;
    }
  }
}

const MAX_SHOWN_CHARS = 200;

function parseJson(raw: string, name: string, path: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (e) {
    // Receivers may hold a webhook URL with its token; the parser's message would quote it too.
    const secret = path === "" ||
      [...secretPaths, ...urlPaths].some((p) => p.startsWith(`${path}.`));
    const text = raw.length > MAX_SHOWN_CHARS ? `${raw.slice(0, MAX_SHOWN_CHARS)}…` : raw;
    const shown = secret
      ? `${raw.length} characters (not shown: they may hold a secret)`
      : `${JSON.stringify(text)} (${errorMessage(e)})`;
    throw new ConfigError(`${name}: expected JSON for ${path || "its setting"}, received ${shown}`);
  }
}

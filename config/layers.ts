import { ConfigError } from "../lib/errors.ts";
import { type EnvKind, envVars } from "./env.ts";

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
 * a watchlist given in the environment replaces the file's.
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
      out[key] = isTree(value) && isTree(prev) ? mergeLayers(prev, value) : value;
    }
  }
  return out;
}

function isTree(v: unknown): v is Layer {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The environment's layer. Values are converted by kind; a malformed one is a
 * {@linkcode ConfigError} naming the variable, the value and what is expected.
 *
 * @example
 * ```ts
 * envLayer({ PORT: "9000", CT_SYMBOLS: "BTC/USDT, ETH/USDT" });
 * // { api: { port: 9000 }, watchlist: { symbols: ["BTC/USDT", "ETH/USDT"] } }
 * ```
 */
export function envLayer(env: Record<string, string | undefined>): Layer {
  const layer: Layer = {};
  for (const v of envVars) {
    const raw = env[v.name];
    if (raw === undefined || raw === "") continue;
    setPath(layer, v.path, convert(raw, v.kind, v.name));
  }
  return layer;
}

/** Converts one string to a config value of `kind`; `name` says where it came from. */
export function convert(raw: string, kind: EnvKind, name: string): unknown {
  switch (kind) {
    case "string":
      return raw;
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

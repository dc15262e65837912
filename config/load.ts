import { parseArgs } from "node:util";
import { ConfigError, errorMessage } from "../lib/errors.ts";
import { convert, envLayer, type Layer, mergeLayers, setPath } from "./layers.ts";
import { type Config, configSchema } from "./schema.ts";
import { expectedText, knownKeys } from "./issue_text.ts";
import { redactValue } from "./redact.ts";

/** Command-line flags that set configuration, and the path each sets. */
const flagPaths = {
  source: { path: "source", kind: "string" },
  file: { path: "replayFile", kind: "string" },
  speed: { path: "speed", kind: "number" },
  seed: { path: "seed", kind: "string" },
  actors: { path: "actors", kind: "list" },
  port: { path: "api.port", kind: "int" },
  exchange: { path: "watchlist.exchange", kind: "string" },
  symbols: { path: "watchlist.symbols", kind: "list" },
  timeframes: { path: "watchlist.timeframes", kind: "list" },
  "data-dir": { path: "dataDir", kind: "string" },
  "log-level": { path: "log.level", kind: "string" },
  "log-format": { path: "log.format", kind: "string" },
} as const;

/** What {@linkcode loadConfig} reads; all injectable for tests. */
export interface LoadConfigOptions {
  args: string[];
  env: Record<string, string | undefined>;
  /** Values under the file's: what this process defaults to (e.g. under a heart). */
  defaults?: Layer;
  readTextFile?: (path: string) => Promise<string>;
}

/** The outcome of {@linkcode loadConfig}. */
export interface LoadedConfig {
  config: Config;
  /** Positional arguments left after the flags. */
  positionals: string[];
  help: boolean;
}

/** The `--help` text of the flags that set configuration. */
export const configFlagsHelp = [
  "  --config PATH        JSON config file (defaults ← file ← environment ← flags)",
  "  --source NAME        ccxt | sim | replay",
  "  --file PATH          CSV for --source replay (Binance kline format)",
  "  --speed N            time factor of sim/replay",
  "  --seed TEXT          seed of the simulated market",
  "  --actors LIST        actors to run here, e.g. collector or analyzer,strategy,alerter",
  "  --port N             API port",
  "  --exchange ID        CCXT exchange id",
  "  --symbols LIST       e.g. BTC/USDT,ETH/USDT",
  "  --timeframes LIST    e.g. 1m,5m",
  "  --data-dir PATH      embedded database directory",
  "  --log-level LEVEL    trace | debug | info | warning | error | fatal",
  "  --log-format FORMAT  pretty | json",
].join("\n");

/**
 * Loads the configuration: defaults ← JSON file (`--config`) ← environment ←
 * flags, then validates it as a whole. Any problem is one
 * {@linkcode ConfigError} (exit code 2) naming the key, the value received
 * and what is expected.
 *
 * @example
 * ```ts
 * const { config } = await loadConfig({ args: ["--source", "sim"], env: {} });
 * config.source; // "sim"
 * ```
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const readTextFile = options.readTextFile ?? Deno.readTextFile;
  let parsed;
  try {
    parsed = parseArgs({
      args: options.args,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: "string" },
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(Object.keys(flagPaths).map((k) => [k, { type: "string" as const }])),
      },
    });
  } catch (e) {
    throw new ConfigError(`command line: ${errorMessage(e)}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const fileLayer = typeof values.config === "string"
    ? await readConfigFile(values.config, readTextFile)
    : {};
  const flagLayer: Layer = {};
  for (const [flag, { path, kind }] of Object.entries(flagPaths)) {
    const raw = values[flag];
    if (typeof raw === "string") setPath(flagLayer, path, convert(raw, kind, `--${flag}`));
  }
  const merged = mergeLayers(options.defaults ?? {}, fileLayer, envLayer(options.env), flagLayer);
  return {
    config: validateConfig(merged),
    positionals: parsed.positionals,
    help: values.help === true,
  };
}

/**
 * Validates a configuration tree, throwing one {@linkcode ConfigError} that
 * lists every problem as `key: expected …, received …` (an unknown key as
 * `key: unknown key (known: …)`). Secrets among the values received are
 * redacted as in {@linkcode redactValue}.
 *
 * @example
 * ```ts
 * validateConfig({ api: { port: 8080 } }).api.port; // 8080
 * ```
 */
export function validateConfig(tree: Layer): Config {
  const result = configSchema.safeParse(tree, { error: expectedText });
  if (result.success) {
    if (result.data.source === "replay" && !result.data.replayFile) {
      throw new ConfigError(
        "replayFile: expected a CSV path (--file or CT_REPLAY_FILE) when source is replay, received nothing",
      );
    }
    return result.data;
  }
  const problems = result.error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(configSchema, issue.path);
      const hint = known ? ` (known: ${known.join(", ")})` : "";
      // The value is not shown: an unknown key may be a misspelt secret's.
      return issue.keys.map((k) => `${[...issue.path, k].join(".")}: unknown key${hint}`);
    }
    const key = issue.path.join(".") || "(root)";
    // Messages a schema gives itself may start with "expected" (paper's do) or not.
    const expected = issue.message.replace(/^expected /, "");
    return [`${key}: expected ${expected}, received ${received(key, valueAt(tree, issue.path))}`];
  });
  throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
}

const MAX_RECEIVED_CHARS = 200;

/** A value as an error quotes it: redacted, and cut short when it is a whole section. */
function received(key: string, value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(redactValue(key === "(root)" ? "" : key, value)) ?? String(value);
  return text.length > MAX_RECEIVED_CHARS ? `${text.slice(0, MAX_RECEIVED_CHARS)}…` : text;
}

async function readConfigFile(
  path: string,
  readTextFile: (path: string) => Promise<string>,
): Promise<Layer> {
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (e) {
    throw new ConfigError(`--config: cannot read ${path}: ${errorMessage(e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`--config: ${path} is not valid JSON: ${errorMessage(e)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(`--config: ${path} must hold a JSON object, received ${typeof value}`);
  }
  return value as Layer;
}

function valueAt(tree: unknown, path: readonly PropertyKey[]): unknown {
  let node = tree;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * Loaders and parsers shared by the deployment-file tests (the
 * `tests/deploy_*_test.ts` files): the repository's compose.yaml, Dockerfile,
 * .env.example and infra/ configs, read once on import and parsed without a
 * Docker engine.
 *
 * @module
 */
// Test-only dependency, inline on purpose: the app itself parses no YAML, so
// deno.json's import map does not carry it.
// deno-lint-ignore no-import-prefix
import { parseDocument } from "npm:yaml@2";
import { assert, assertEquals } from "./assert.ts";

const root = new URL("../", import.meta.url);
/** The absolute path of `p`, relative to the repository root. */
export const repoPath = (p: string) => new URL(p, root).pathname;
/** The text of the repository file `p`. */
export const read = (p: string) => Deno.readTextFileSync(repoPath(p));
/** Whether the absolute path `p` exists. */
export const exists = (p: string) => {
  try {
    Deno.statSync(p);
    return true;
  } catch {
    return false;
  }
};

/** A parsed YAML or JSON mapping. */
export type Tree = Record<string, unknown>;
/** Asserts `v` is a mapping (`what` names it in the failure) and returns it. */
export const obj = (v: unknown, what: string): Tree => {
  assert(typeof v === "object" && v !== null && !Array.isArray(v), `${what}: expected a mapping`);
  return v as Tree;
};
/** `v`'s items as strings; anything but an array is empty. */
export const strings = (v: unknown): string[] => Array.isArray(v) ? v.map(String) : [];

/** Parses the repository's YAML file `path` (merge keys on, duplicate keys an error) to a mapping. */
export function yaml(path: string): Tree {
  const doc = parseDocument(read(path), { merge: true, uniqueKeys: true });
  assertEquals(doc.errors.map((e) => e.message), [], `${path} does not parse as YAML`);
  return obj(doc.toJS(), path);
}

// ---- compose ---------------------------------------------------------------

/** Compose's variable interpolation: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (match, braced?: string, op?: string, arg?: string, bare?: string) => {
      if (match === "$$") return "$";
      const name = (braced ?? bare)!;
      const value = env[name];
      if (op === ":-") return value ? value : arg!;
      if (op === "-") return value ?? arg!;
      if (op === ":?" && !value) throw new Error(`${name} is required: ${arg}`);
      if (op === "?" && value === undefined) throw new Error(`${name} is required: ${arg}`);
      return value ?? "";
    },
  );
}
const interpolateAll = (v: unknown, env: Record<string, string>): unknown =>
  typeof v === "string"
    ? interpolate(v, env)
    : Array.isArray(v)
    ? v.map((x) => interpolateAll(x, env))
    : typeof v === "object" && v !== null
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolateAll(x, env)]))
    : v;

/** The variables compose.yaml requires (`${VAR:?...}`), with test values. */
export const requiredVars = {
  POSTGRES_PASSWORD: "pg-test-password",
  GRAFANA_ADMIN_PASSWORD: "gf-test",
};
/** compose.yaml as written, variables not interpolated. */
export const rawCompose = yaml("compose.yaml");
/** compose.yaml interpolated with {@linkcode requiredVars} and nothing else set. */
export const compose = obj(interpolateAll(rawCompose, requiredVars), "compose");
/** The interpolated compose services by name. */
export const services = obj(compose.services, "services");
/** The interpolated compose service `name`. */
export const service = (name: string) => obj(services[name], `service ${name}`);
/** The compose service `name` as written, variables not interpolated. */
export const rawService = (name: string) => obj(obj(rawCompose.services, "services")[name], name);
/** The compose services that run the app. */
export const appServices = ["collector", "engine"];

/** A compose service's environment, from either its list or its mapping form. */
export function envOf(svc: Tree): Record<string, string> {
  const e = svc.environment;
  if (Array.isArray(e)) {
    return Object.fromEntries(e.map((kv) => String(kv).split(/=(.*)/s).slice(0, 2)));
  }
  return Object.fromEntries(Object.entries(e ?? {}).map(([k, v]) => [k, String(v ?? "")]));
}
/** A compose service's `depends_on` as a mapping, from either its list or its mapping form. */
export const dependsOn = (svc: Tree): Tree =>
  Array.isArray(svc.depends_on)
    ? Object.fromEntries(svc.depends_on.map((n) => [String(n), {}]))
    : (svc.depends_on ?? {}) as Tree;

// ---- Dockerfile ------------------------------------------------------------

/** One Dockerfile instruction: its upper-cased op and the rest of the logical line. */
export interface Instruction {
  op: string;
  args: string;
}
/** One Dockerfile build stage: its name (or index), base image and own instructions. */
export interface Stage {
  name: string;
  image: string;
  own: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = "";
  for (const line of text.split("\n")) {
    if (/^\s*#/.test(line)) continue;
    const body = line.replace(/\s+$/, "");
    if (body.endsWith("\\")) {
      pending += body.slice(0, -1) + " ";
      continue;
    }
    if ((pending + body).trim()) logical.push((pending + body).trim());
    pending = "";
  }
  const stages: Stage[] = [];
  for (const l of logical) {
    const [, op, args] = l.match(/^(\S+)\s*(.*)$/s)!;
    if (op!.toUpperCase() === "FROM") {
      const [image, , name] = args!.split(/\s+/);
      stages.push({ image: image!, name: name ?? String(stages.length), own: [] });
    } else stages.at(-1)!.own.push({ op: op!.toUpperCase(), args: args! });
  }
  return stages;
}
/** A stage's instructions, its parent stages' first. */
export function chain(stages: Stage[], name: string): Instruction[] {
  const s = stages.find((x) => x.name === name)!;
  const parent = stages.find((x) => x.name === s.image);
  return [...(parent ? chain(stages, parent.name) : []), ...s.own];
}
/** The argv of an exec-form CMD or HEALTHCHECK (its `--flags` and `CMD` skipped). */
export const execForm = (args: string): string[] =>
  JSON.parse(args.replace(/^(--\S+\s+)*(CMD\s+)?/, ""));
/** The variables the ENV instructions among `ins` set. */
export const dockerfileEnv = (ins: Instruction[]): Record<string, string> =>
  Object.fromEntries(
    ins.filter((i) => i.op === "ENV").flatMap((i) =>
      [...i.args.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1]!, m[2]!])
    ),
  );

/** The Dockerfile's build stages, in order. */
export const stages = parseDockerfile(read("Dockerfile"));
/** The default (last) stage's instructions, its parents' included: what the app image runs. */
export const app = chain(stages, stages.at(-1)!.name);
/** The last `op` instruction among `ins`, if any. */
export const last = (ins: Instruction[], op: string) => ins.filter((i) => i.op === op).at(-1);
/** deno.json's `start` task as argv. */
export const startTaskWithHeart: string[] = JSON.parse(read("deno.json")).tasks.start.split(/\s+/);
/**
 * The `start` task's command without `--heart`: what containers run. Their
 * restart policy is the outer supervisor, so a heart inside would only hide
 * restarts from it.
 */
export const startTask: string[] = startTaskWithHeart.filter((a) => a !== "--heart");

// ---- metrics, rules and dashboard ------------------------------------------

/** The metric table of infra/README.md: the names the app promises to expose. */
export const metricTable = new Map(
  [...read("infra/README.md").matchAll(/^\|\s*`([a-z_:][a-z0-9_:]*)`\s*\|\s*(\w+)\s*\|/gm)]
    .map((m) => [m[1]!, m[2]!]),
);
/** The label column of that table: "none" or a comma-separated list. */
export const metricLabels = new Map(
  [...read("infra/README.md").matchAll(/^\|\s*`([a-z_:][a-z0-9_:]*)`\s*\|\s*\w+\s*\|([^|]*)\|/gm)]
    .map((m) => [m[1]!, m[2]!.trim() === "none" ? [] : m[2]!.split(",").map((l) => l.trim())]),
);
/** Labels Prometheus itself adds to every scraped series (prometheus.yml). */
export const targetLabels = ["job", "instance", "role"];
const promqlWords = new Set(["and", "or", "unless", "bool", "offset", "by", "without", "on"]);

/** Metric names a PromQL expression reads (functions, labels, keywords removed). */
export function metricNames(expr: string): string[] {
  const e = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, "")
    .replace(/\{[^}]*\}|\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  return [...e.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)]
    .filter((m) => !e.slice(m.index! + m[0].length).trimStart().startsWith("("))
    .map((m) => m[0])
    .filter((w) => !promqlWords.has(w));
}
/** Whether `name` is `up`, in the README table, or a series of a histogram in it. */
export function knownMetric(name: string): boolean {
  if (name === "up" || metricTable.has(name)) return true;
  const base = name.replace(/_(bucket|sum|count)$/, "");
  return metricTable.get(base) === "histogram";
}

const rules = yaml("infra/prometheus/rules.yml");
/** Every rule of infra/prometheus/rules.yml, all groups together. */
export const alertRules = (rules.groups as Tree[]).flatMap((g) => g.rules as Tree[]);
const dashboard = JSON.parse(read("infra/grafana/dashboards/crypto-trade.json"));
/** The panels of the shipped Grafana dashboard. */
export const dashboardPanels: Tree[] = dashboard.panels;
const panelExprs = dashboardPanels.flatMap((p) =>
  ((p.targets ?? []) as Tree[]).map((t) => ({ panel: p, expr: String(t.expr ?? "") }))
);
/** Each query of the dashboard's Prometheus panels, with its panel. */
export const promPanelExprs = panelExprs.filter((x) =>
  obj(x.panel.datasource, "ds").type === "prometheus"
);

/**
 * Checks of the deployment files that need no Docker engine: Dockerfile,
 * .dockerignore, compose.yaml and everything under infra/. Each file is parsed
 * and cross-checked (services, ports, paths, metric names, settings), the
 * image's and compose's health-check commands run against a real local
 * server, and the app's own config loader validates each app service's
 * settings. promtool, amtool and `docker compose config` run when installed.
 *
 * @module
 */
// Test-only dependency, inline on purpose: the app itself parses no YAML, so
// deno.json's import map does not carry it.
// deno-lint-ignore no-import-prefix
import { parseDocument } from "npm:yaml@2";
import { RULE_NAMES, ruleSettingsSchema } from "../alerting/rules/config.ts";
import { marketEvaluator, systemEvaluator } from "../alerting/rules/evaluators.ts";
import { loadConfig } from "../config/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";

const root = new URL("../", import.meta.url);
const repoPath = (p: string) => new URL(p, root).pathname;
const read = (p: string) => Deno.readTextFileSync(repoPath(p));
const exists = (p: string) => {
  try {
    Deno.statSync(p);
    return true;
  } catch {
    return false;
  }
};

type Tree = Record<string, unknown>;
const obj = (v: unknown, what: string): Tree => {
  assert(typeof v === "object" && v !== null && !Array.isArray(v), `${what}: expected a mapping`);
  return v as Tree;
};
const strings = (v: unknown): string[] => Array.isArray(v) ? v.map(String) : [];

function yaml(path: string): Tree {
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

const requiredVars = { POSTGRES_PASSWORD: "pg-test-password", GRAFANA_ADMIN_PASSWORD: "gf-test" };
const rawCompose = yaml("compose.yaml");
const compose = obj(interpolateAll(rawCompose, requiredVars), "compose");
const services = obj(compose.services, "services");
const service = (name: string) => obj(services[name], `service ${name}`);
const rawService = (name: string) => obj(obj(rawCompose.services, "services")[name], name);
const appServices = ["collector", "engine"];

function envOf(svc: Tree): Record<string, string> {
  const e = svc.environment;
  if (Array.isArray(e)) {
    return Object.fromEntries(e.map((kv) => String(kv).split(/=(.*)/s).slice(0, 2)));
  }
  return Object.fromEntries(Object.entries(e ?? {}).map(([k, v]) => [k, String(v ?? "")]));
}
const dependsOn = (svc: Tree): Tree =>
  Array.isArray(svc.depends_on)
    ? Object.fromEntries(svc.depends_on.map((n) => [String(n), {}]))
    : (svc.depends_on ?? {}) as Tree;

// ---- Dockerfile ------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
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
function chain(stages: Stage[], name: string): Instruction[] {
  const s = stages.find((x) => x.name === name)!;
  const parent = stages.find((x) => x.name === s.image);
  return [...(parent ? chain(stages, parent.name) : []), ...s.own];
}
const execForm = (args: string): string[] => JSON.parse(args.replace(/^(--\S+\s+)*(CMD\s+)?/, ""));
const dockerfileEnv = (ins: Instruction[]): Record<string, string> =>
  Object.fromEntries(
    ins.filter((i) => i.op === "ENV").flatMap((i) =>
      [...i.args.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1]!, m[2]!])
    ),
  );

const stages = parseDockerfile(read("Dockerfile"));
const appStage = stages.at(-1)!;
const app = chain(stages, appStage.name);
const last = (ins: Instruction[], op: string) => ins.filter((i) => i.op === op).at(-1);
const startTask: string[] = JSON.parse(read("deno.json")).tasks.start.split(/\s+/);

// ---- settings and metrics ----------------------------------------------------

const documentedVars = new Set(
  [...read(".env.example").matchAll(/^#\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!),
);
const knownVars = new Set(["DENO_NO_UPDATE_CHECK", "DENO_NO_PROMPT", "DENO_DIR", "TZ"]);

/** The metric table of infra/README.md: the names the app promises to expose. */
const metricTable = new Map(
  [...read("infra/README.md").matchAll(/^\|\s*`([a-z_:][a-z0-9_:]*)`\s*\|\s*(\w+)\s*\|/gm)]
    .map((m) => [m[1]!, m[2]!]),
);
/** The label column of that table: "none" or a comma-separated list. */
const metricLabels = new Map(
  [...read("infra/README.md").matchAll(/^\|\s*`([a-z_:][a-z0-9_:]*)`\s*\|\s*\w+\s*\|([^|]*)\|/gm)]
    .map((m) => [m[1]!, m[2]!.trim() === "none" ? [] : m[2]!.split(",").map((l) => l.trim())]),
);
/** Labels Prometheus itself adds to every scraped series (prometheus.yml). */
const targetLabels = ["job", "instance", "role"];
const promqlWords = new Set(["and", "or", "unless", "bool", "offset", "by", "without", "on"]);

/** Metric names a PromQL expression reads (functions, labels, keywords removed). */
function metricNames(expr: string): string[] {
  const e = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, "")
    .replace(/\{[^}]*\}|\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  return [...e.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)]
    .filter((m) => !e.slice(m.index! + m[0].length).trimStart().startsWith("("))
    .map((m) => m[0])
    .filter((w) => !promqlWords.has(w));
}
function knownMetric(name: string): boolean {
  if (name === "up" || metricTable.has(name)) return true;
  const base = name.replace(/_(bucket|sum|count)$/, "");
  return metricTable.get(base) === "histogram";
}

const rules = yaml("infra/prometheus/rules.yml");
const alertRules = (rules.groups as Tree[]).flatMap((g) => g.rules as Tree[]);
const dashboard = JSON.parse(read("infra/grafana/dashboards/crypto-trade.json"));
const dashboardPanels: Tree[] = dashboard.panels;
const panelExprs = dashboardPanels.flatMap((p) =>
  ((p.targets ?? []) as Tree[]).map((t) => ({ panel: p, expr: String(t.expr ?? "") }))
);
const promPanelExprs = panelExprs.filter((x) =>
  obj(x.panel.datasource, "ds").type === "prometheus"
);

// ---- tests -------------------------------------------------------------------

Deno.test("every YAML and JSON file under infra parses to a mapping", () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(repoPath(dir))) {
      if (e.isDirectory) walk(`${dir}/${e.name}`);
      else if (/\.(ya?ml|json)$/.test(e.name)) files.push(`${dir}/${e.name}`);
    }
  };
  walk("infra");
  assert(files.length >= 9, `expected the infra config files, found ${files.join(", ")}`);
  for (const f of files) f.endsWith(".json") ? obj(JSON.parse(read(f)), f) : yaml(f);
});

Deno.test("compose services depend only on defined services, the app on healthy databases", () => {
  for (const [name, svc] of Object.entries(services)) {
    for (const dep of Object.keys(dependsOn(obj(svc, name)))) {
      assert(dep in services, `${name} depends on undefined service ${dep}`);
    }
  }
  for (const name of appServices) {
    const deps = dependsOn(service(name));
    for (const db of ["postgres", "redis"]) {
      assertEquals(obj(deps[db], `${name}.depends_on.${db}`).condition, "service_healthy");
    }
    assertEquals(service(name).restart, "unless-stopped", `${name} restart policy`);
  }
  const named = new Set(Object.keys(obj(compose.volumes, "volumes")));
  for (const [name, svc] of Object.entries(services)) {
    for (const v of strings(obj(svc, name).volumes)) {
      const source = v.split(":")[0]!;
      if (!/^[./]/.test(source)) {
        assert(named.has(source), `${name} uses undeclared volume ${source}`);
      } else if (source.startsWith("./")) {
        assert(exists(repoPath(source)), `${name} mounts missing ${source}`);
      }
    }
  }
});

Deno.test("postgres, redis and both app services have health checks", () => {
  const test = (name: string) =>
    strings(obj(service(name).healthcheck, `${name}.healthcheck`).test);
  assertStringIncludes(test("postgres").join(" "), "pg_isready");
  assertEquals(test("redis").slice(-2), ["redis-cli", "ping"]);
  for (const name of appServices) assertStringIncludes(test(name).join(" "), "/health");
  assertStringIncludes(last(app, "HEALTHCHECK")!.args, "/health");
});

Deno.test("app services run the image's start command with their actors and exit on escalation", () => {
  const ports = new Map<string, string>();
  for (
    const [name, actors] of [["collector", "collector"], ["engine", "analyzer,strategy,alerter"]]
  ) {
    const svc = service(name!);
    assertEquals(svc.command, [...startTask, "--actors", actors]);
    const env = envOf(svc);
    assertEquals(env.CT_ON_ESCALATION, "exit");
    assertEquals(new URL(env.DATABASE_URL!).hostname, "postgres");
    assertEquals(new URL(env.REDIS_URL!).hostname, "redis");
    ports.set(name!, env.PORT!);
  }
  assertEquals(ports.get("engine"), "8000");
  assert(ports.get("collector") !== ports.get("engine"), "each process needs its own API port");
  assert(
    strings(service("engine").ports).some((p) => p.endsWith(":8000")),
    "engine publishes 8000",
  );
  const prom = yaml("infra/prometheus/prometheus.yml");
  const job = (prom.scrape_configs as Tree[]).find((j) => j.job_name === "crypto-trade")!;
  const targets = (job.static_configs as Tree[]).flatMap((s) => strings(s.targets));
  assertEquals(targets.sort(), [`collector:${ports.get("collector")}`, "engine:8000"]);
});

Deno.test("every variable given to the app is a documented setting and no secret has a value", () => {
  for (const name of appServices) {
    for (const key of Object.keys(envOf(rawService(name)))) {
      assert(documentedVars.has(key) || knownVars.has(key), `${name}: ${key} not in .env.example`);
    }
  }
  for (const key of Object.keys(dockerfileEnv(app))) {
    assert(
      documentedVars.has(key) || knownVars.has(key),
      `Dockerfile ENV ${key} not in .env.example`,
    );
  }
  const secret = /PASSWORD|SECRET|TOKEN|API_KEY|SMTP_URL/;
  for (const [name, svc] of Object.entries(obj(rawCompose.services, "services"))) {
    for (const [key, value] of Object.entries(envOf(obj(svc, name)))) {
      if (secret.test(key)) {
        assert(
          /^\$\{[A-Z_]+(:-|:\?[^}]*)?\}$/.test(value),
          `${name}.${key} must come from the environment`,
        );
        assert(!/:-[^}]/.test(value), `${name}.${key} must not default to a literal`);
      }
    }
    const db = envOf(obj(svc, name)).DATABASE_URL;
    if (db) {
      assert(/:\$\{[A-Z_]+:\?[^}]*\}@/.test(db), `${name}.DATABASE_URL password must be required`);
    }
  }
});

Deno.test("the app's config loader accepts each app service's environment and flags", async () => {
  for (const name of appServices) {
    const svc = service(name);
    const args = strings(svc.command).slice(startTask.length);
    const env = { ...dockerfileEnv(app), ...envOf(svc) };
    const { config } = await loadConfig({ args, env });
    assertEquals(config.supervisor.onEscalation, "exit");
    assertEquals(config.api.host, "0.0.0.0");
    assertEquals(config.api.port, Number(env.PORT));
    assertEquals(config.log.format, "json");
    assertEquals(config.dataDir, "/app/data");
    assert(config.databaseUrl && config.redisUrl, `${name} must use PostgreSQL and Redis`);
    assertEquals(config.actors.join(","), args[args.indexOf("--actors") + 1]);
  }
});

Deno.test("the Dockerfile pins Deno, caches dependencies first and runs as deno", () => {
  const images = stages.map((s) => s.image).filter((i) => i.startsWith("denoland/deno"));
  assert(images.length > 0 && images.every((i) => i === "denoland/deno:2.9.6"), `${images}`);
  const ci = repoPath(".ci/run");
  if (exists(ci)) {
    const versions = [
      ...Deno.readTextFileSync(ci).matchAll(
        /(?:DENO_VERSION\s*=\s*["']?|deno@|deno\s+v?)(\d+\.\d+\.\d+)(?![.\d])/gi,
      ),
    ].map((m) => m[1]);
    assert(versions.length > 0, ".ci/run names no Deno version");
    for (const v of versions) assertEquals(v, "2.9.6", ".ci/run and the Dockerfile disagree");
  }
  const copies = app.map((i, n) => ({ i, n })).filter(({ i }) => i.op === "COPY");
  const manifests = copies.find(({ i }) => /deno\.json\s+deno\.lock/.test(i.args))!;
  const source = copies.find(({ i }) => /\s\.\s+\.$/.test(` ${i.args}`))!;
  assert(manifests && source && manifests.n < source.n, "deno.json and deno.lock are copied first");
  const between = app.slice(manifests.n + 1, source.n).filter((i) => i.op === "RUN");
  assert(between.some((i) => /deno (install|cache|ci)/.test(i.args)), "dependencies cached early");
  assertEquals(last(app, "USER")?.args, "deno");
  assertEquals(last(app, "EXPOSE")?.args, "8000");
  assertStringIncludes(last(app, "VOLUME")!.args, "/app/data");
  assertEquals(dockerfileEnv(app).LOG_FORMAT, "json");
  assertEquals(execForm(last(app, "CMD")!.args), startTask);
  const compiled = stages.find((s) => s.name === "compiled");
  assert(compiled, "a `compiled` target for the single binary");
  const build = stages.find((s) => compiled.own.some((i) => i.args.includes(`--from=${s.name}`)));
  assert(build && chain(stages, build.name).some((i) => i.args === "deno task compile"));
});

/** Whether .dockerignore keeps `path` out of the build context (last matching rule wins). */
function dockerIgnored(path: string): boolean {
  const rules = read(".dockerignore").split("\n").map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  let ignored = false;
  for (const rule of rules) {
    const negated = rule.startsWith("!");
    const pattern = (negated ? rule.slice(1) : rule).replace(/\/$/, "")
      .replace(/[.+^$()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*");
    if (new RegExp(`^${pattern}(/|$)`).test(path)) ignored = !negated;
  }
  return ignored;
}

Deno.test(".dockerignore keeps the sources and drops local secrets and output", () => {
  for (
    const p of ["deno.json", "deno.lock", "main.ts", "actors/collector/mod.ts", ".env.example"]
  ) {
    assert(!dockerIgnored(p), `${p} must reach the build context`);
  }
  for (const p of [".env", ".env.local", ".git/config", "data/ct.db", "dist/crypto-trade"]) {
    assert(dockerIgnored(p), `${p} must stay out of the build context`);
  }
});

Deno.test("the image's dependency step succeeds from deno.json and deno.lock alone", async () => {
  const n = app.findIndex((i) => i.op === "COPY" && /deno\.json\s+deno\.lock/.test(i.args));
  const run = app.slice(n + 1).find((i) => i.op === "RUN")!;
  const dir = await Deno.makeTempDir({ prefix: "ct-docker-deps-" });
  try {
    for (const f of ["deno.json", "deno.lock"]) await Deno.copyFile(repoPath(f), `${dir}/${f}`);
    await runStep(run.args, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Runs a Dockerfile RUN line with `sh` in `dir`, the running deno first on PATH. */
async function runStep(args: string, dir: string): Promise<void> {
  const out = await new Deno.Command("sh", {
    args: ["-c", args],
    cwd: dir,
    env: { PATH: `${Deno.execPath().replace(/\/[^/]+$/, "")}:${Deno.env.get("PATH")}` },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0, `${args} failed: ${new TextDecoder().decode(out.stderr)}`);
}

Deno.test({
  name: "the build context holds everything the image caches for main.ts and the actors",
  ignore: !exists(repoPath("main.ts")),
  async fn() {
    const n = app.findIndex((i) => i.op === "COPY" && /\s\.\s+\.$/.test(` ${i.args}`));
    const steps = app.slice(n + 1).filter((i) => i.op === "RUN");
    assert(steps.length > 0, "a RUN after COPY . . caches the source's graph");
    const dir = await Deno.makeTempDir({ prefix: "ct-docker-context-" });
    try {
      const copy = async (rel: string) => {
        for (const e of Deno.readDirSync(repoPath(rel || "."))) {
          const p = rel ? `${rel}/${e.name}` : e.name;
          if (dockerIgnored(p)) continue;
          if (e.isFile) await Deno.copyFile(repoPath(p), `${dir}/${p}`);
          if (e.isDirectory) {
            await Deno.mkdir(`${dir}/${p}`);
            await copy(p);
          }
        }
      };
      await copy("");
      await runStep(steps[0]!.args, dir);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("image and compose health checks pass on a 200 from /health and fail otherwise", async () => {
  let status = 200;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => new Response(null, { status: new URL(req.url).pathname === "/health" ? status : 404 }),
  );
  const port = String(server.addr.port);
  const checks = [
    execForm(last(app, "HEALTHCHECK")!.args),
    execForm(last(chain(stages, "compiled"), "HEALTHCHECK")!.args),
    ...appServices.map((s) => strings(obj(service(s).healthcheck, s).test).slice(1)),
  ];
  const run = async ([cmd, ...args]: string[]) =>
    (await new Deno.Command(cmd === "deno" ? Deno.execPath() : cmd!, {
      args,
      env: { PORT: port, DENO_NO_UPDATE_CHECK: "1" },
      stdout: "null",
      stderr: "null",
    }).output()).code;
  try {
    for (const c of checks) assertEquals(await run(c), 0, `healthy: ${c.join(" ")}`);
    status = 503;
    for (const c of checks) assert(await run(c) !== 0, `503 must fail: ${c.join(" ")}`);
  } finally {
    await server.shutdown();
  }
  for (const c of checks) assert(await run(c) !== 0, `no server must fail: ${c.join(" ")}`);
});

Deno.test("prometheus scrapes and alerts the engine as compose wires it", () => {
  const prom = yaml("infra/prometheus/prometheus.yml");
  for (const f of strings(prom.rule_files)) assert(exists(repoPath(`infra/prometheus/${f}`)), f);
  const ams = obj(prom.alerting, "alerting").alertmanagers as Tree[];
  const target = (am: Tree) => strings(obj((am.static_configs as Tree[])[0], "sc").targets)[0];
  const engine = ams.find((am) => target(am) === "engine:8000")!;
  assertEquals([engine.api_version, engine.path_prefix], ["v2", "/"]);
  const operators = ams.find((am) => target(am) === "alertmanager:9093");
  assert(operators, "a real Alertmanager too");
  const credentials = String(obj(engine.authorization, "authorization").credentials_file);
  const p = service("prometheus");
  assert(strings(p.tmpfs).some((t) => credentials.startsWith(`${t}/`)), "key file on the tmpfs");
  assertStringIncludes(strings(p.entrypoint).join(" "), `> ${credentials}`);
  assertEquals(envOf(rawService("prometheus")).API_KEY, "${API_KEY:-}");
  // Mirrors of the app's own rules stay away from the engine, which raised them already.
  assertEquals(engine.alert_relabel_configs, [
    { source_labels: ["mirror"], regex: "app", action: "drop" },
  ]);
  assertEquals(operators.alert_relabel_configs, undefined, "operators see every alert");
  assertEquals(obj(prom.alerting, "alerting").alert_relabel_configs, undefined);
});

/** A Prometheus duration (`1m`, `30s`, `1h30m`) in ms; an absent `for` is 0. */
function durationMs(d: unknown): number {
  if (d === undefined) return 0;
  const units: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
  const parts = [...String(d).matchAll(/(\d+)(ms|s|m|h|d)/g)];
  assertEquals(parts.map((m) => m[0]).join(""), String(d), `${d} is not a duration`);
  return parts.reduce((sum, m) => sum + Number(m[1]) * units[m[2]!]!, 0);
}

Deno.test("shipped alert rules mirror every app rule with its default for and severity", () => {
  const defaults = ruleSettingsSchema.parse({});
  const appRules = [...systemEvaluator(defaults).rules, ...marketEvaluator(defaults).rules];
  assertEquals(appRules.map((r) => r.name).sort(), [...RULE_NAMES].sort(), "the app's rule set");
  const names = alertRules.map((r) => String(r.alert));
  assertEquals(names.length, new Set(names).size, "one Prometheus rule per alert name");
  for (const app of appRules) {
    const rule = alertRules.find((r) => r.alert === app.name);
    assert(rule, `infra/prometheus/rules.yml has no ${app.name} rule`);
    const labels = obj(rule.labels, `${app.name}.labels`);
    assertEquals(labels.severity, app.severity, `${app.name} severity`);
    assertEquals(labels.mirror, "app", `${app.name} is a mirror`);
    assertEquals(durationMs(rule.for), app.forMs, `${app.name} for`);
    const expr = String(rule.expr);
    if (expr.includes("alert_rule_value")) {
      assertStringIncludes(expr, `alert_rule_value{alertname="${app.name}"}`, app.name);
    }
  }
  // What only Prometheus can see is no mirror: it goes to the engine too.
  for (
    const r of alertRules.filter((r) =>
      !(RULE_NAMES as readonly string[]).includes(String(r.alert))
    )
  ) {
    assertEquals(obj(r.labels, `${r.alert}.labels`).mirror, undefined, `${r.alert}`);
  }
});

Deno.test("raw-metric mirrors use the app's default thresholds", () => {
  const d = ruleSettingsSchema.parse({});
  const minutes = (ms: number) => `${ms / 60_000}m`;
  const byName = new Map(alertRules.map((r) => [String(r.alert), String(r.expr ?? "")]));
  const expected: Record<string, string> = {
    // Summed over `reason`: three restarts split over two reasons are a storm too.
    ActorRestartStorm:
      `sum by (instance, actor) (increase(actor_restarts_total{reason!~"manual|sibling"}[${
        minutes(d.restartStorm.windowMs)
      }])) >= ${d.restartStorm.restarts}`,
    ActorMemoryRecycled: `increase(actor_restarts_total{reason="memory"}[${
      minutes(d.watchdogRecycle.windowMs)
    }])) > 0`,
    // The series' own timeframes, not a fixed number of seconds.
    StaleData: `candle_lag_seconds > ${d.staleData.intervals} * candle_timeframe_seconds`,
    BusBacklog: `bus_backlog > ${d.busBacklog.messages}`,
    EventLoopLag: `event_loop_lag_seconds > ${d.eventLoopLag.thresholdMs / 1000}`,
    DeadLetters: `increase(bus_dead_letters_total[${minutes(d.deadLetters.windowMs)}]) > 0`,
  };
  for (const [alert, fragment] of Object.entries(expected)) {
    assertStringIncludes(byName.get(alert)?.replace(/\s+/g, " ") ?? "", fragment, alert);
  }
});

Deno.test("alert rules name metrics the app exposes, with a severity and a summary", () => {
  for (const r of alertRules) {
    const names = metricNames(String(r.expr ?? ""));
    assert(names.length > 0, `${r.alert}: expression names no metric`);
    for (const m of names) assert(knownMetric(m), `${r.alert}: ${m} is not in infra/README.md`);
    assert(["critical", "warning", "info"].includes(String(obj(r.labels, "labels").severity)));
    assert(String(obj(r.annotations, "annotations").summary ?? "").length > 0, `${r.alert}`);
  }
});

Deno.test("Alertmanager's inhibit rules name alerts and labels the shipped rules raise", () => {
  const am = yaml("infra/alertmanager/alertmanager.yml");
  const alerts = new Set(alertRules.map((r) => String(r.alert)));
  const ruleLabels = new Set(alertRules.flatMap((r) => Object.keys(obj(r.labels, "labels"))));
  const inhibits = am.inhibit_rules as Tree[];
  assert(inhibits.length > 0, "inhibit rules");
  for (const rule of inhibits) {
    for (const m of [...strings(rule.source_matchers), ...strings(rule.target_matchers)]) {
      const [, label, op, value] = /^(\w+)\s*(=~|!~|!=|=)\s*"(.*)"$/.exec(m) ?? [];
      assert(label && op && value !== undefined, `matcher ${m}`);
      if (label === "alertname") {
        const named = op === "=~" ? value.split("|") : [value];
        for (const n of named) assert(alerts.has(n), `${m}: no ${n} rule in rules.yml`);
      } else if (label === "mirror") {
        assert(ruleLabels.has("mirror") && value === "app", m);
      }
    }
  }
});

Deno.test("each service's config file flag names a file this repository mounts", () => {
  let checked = 0;
  for (const [name, svc] of Object.entries(services)) {
    const s = obj(svc, name);
    for (const arg of [...strings(s.command), ...strings(s.entrypoint)]) {
      const file = arg.match(/^-{1,2}config\.file=(\S+)$/)?.[1];
      if (!file) continue;
      const mount = strings(s.volumes).map((v) => v.split(":"))
        .find(([src, dst]) => src!.startsWith("./") && file.startsWith(`${dst}/`));
      assert(mount, `${name}: ${file} is not under a mounted ./ directory`);
      assert(exists(repoPath(`${mount[0]}${file.slice(mount[1]!.length)}`)), `${name}: ${file}`);
      checked++;
    }
  }
  assertEquals(checked, 4, "prometheus, alertmanager, loki and promtail");
  const promtail = yaml("infra/promtail/config.yml");
  const push = new URL(String((promtail.clients as Tree[])[0]!.url));
  const loki = yaml("infra/loki/config.yml");
  assertEquals(push.host, `loki:${obj(loki.server, "server").http_listen_port}`);
  const filter = ((promtail.scrape_configs as Tree[])[0]!.docker_sd_configs as Tree[])[0]!.filters;
  const [key, value] = strings((filter as Tree[])[0]!.values)[0]!.split("=");
  for (const a of appServices) assertEquals(obj(service(a).labels, a)[key!], value);
});

/** Label names an expression groups by (`by (...)`), `le` aside. */
function groupingLabels(expr: string): string[] {
  return [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)]
    .flatMap((m) => m[1]!.split(",").map((l) => l.trim()))
    .filter((l) => l && l !== "le");
}

Deno.test("rules and panels group only by labels their metrics carry", () => {
  const exprs = [
    ...alertRules.map((r) => ({ where: `rule ${r.alert}`, expr: String(r.expr ?? "") })),
    ...promPanelExprs.map((x) => ({ where: `panel ${x.panel.title}`, expr: x.expr })),
  ];
  assert(exprs.some((x) => groupingLabels(x.expr).length > 0), "some expression groups");
  for (const { where, expr } of exprs) {
    const carried = new Set([
      ...targetLabels,
      ...metricNames(expr).flatMap((m) =>
        metricLabels.get(m) ?? metricLabels.get(m.replace(/_(bucket|sum|count)$/, "")) ?? []
      ),
    ]);
    for (const l of groupingLabels(expr)) {
      assert(carried.has(l), `${where}: groups by ${l}, which ${expr} does not carry`);
    }
  }
  // The restart reasons and the signal sides are labels a panel must not silently split by.
  assertEquals(metricLabels.get("actor_restarts_total"), ["actor", "reason"]);
  assert(metricLabels.get("signals_total")?.includes("side"), "signals_total carries side");
});

Deno.test("bus figures shared over Redis are never summed across processes", () => {
  // Every process reads bus_backlog and bus_dead_letters_total from the same
  // Redis streams: a sum across instances counts each message once per process.
  const shared = ["bus_backlog", "bus_dead_letters_total"];
  const panels = promPanelExprs.filter((x) => metricNames(x.expr).some((m) => shared.includes(m)));
  assertEquals(panels.length, 2, "a backlog and a dead-letter panel");
  for (const { panel, expr } of panels) {
    assert(/^max by \(topic\) \(/.test(expr), `${panel.title}: ${expr} must be max by (topic)`);
  }
});

Deno.test("the dashboard shows the required panels on provisioned data sources", () => {
  const ds = yaml("infra/grafana/provisioning/datasources/datasources.yml");
  const uids = new Set((ds.datasources as Tree[]).map((d) => `${d.type}/${d.uid}`));
  const ids = dashboardPanels.map((p) => p.id);
  assertEquals(new Set(ids).size, ids.length, "panel ids are unique");
  for (const p of dashboardPanels.filter((p) => p.type !== "row")) {
    const d = obj(p.datasource, `${p.title}.datasource`);
    assert(uids.has(`${d.type}/${d.uid}`), `${p.title}: unknown data source`);
    const g = obj(p.gridPos, "gridPos") as Record<string, number>;
    assert(g.x! >= 0 && g.w! > 0 && g.x! + g.w! <= 24, `${p.title} fits the 24-column grid`);
  }
  const used = new Set(promPanelExprs.flatMap((x) => metricNames(x.expr)));
  for (const m of used) assert(knownMetric(m), `dashboard uses ${m}, not in infra/README.md`);
  for (
    const m of [
      "candles_ingested_total",
      "candle_lag_seconds",
      "signals_total",
      "actor_up",
      "actor_restarts_total",
      "bus_backlog",
      "http_requests_total",
      "http_request_duration_seconds_bucket",
      "event_loop_lag_seconds",
      "actor_event_loop_lag_seconds",
      "candle_timeframe_seconds",
    ]
  ) assert(used.has(m), `no panel shows ${m}`);
  const provider =
    (yaml("infra/grafana/provisioning/dashboards/dashboards.yml").providers as Tree[])[0]!;
  const dir = String(obj(provider.options, "options").path);
  assert(strings(service("grafana").volumes).some((v) => v.endsWith(`:${dir}:ro`)), dir);
});

// Metric definitions in the app's source: once there are any, the README
// table must match them.
const sourceFiles: string[] = [];
(function walk(dir: string) {
  for (const e of Deno.readDirSync(repoPath(dir || "."))) {
    const p = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory && !/^(\.|node_modules$|tests$|infra$|bench$|dist$|data$)/.test(e.name)) {
      walk(p);
    } else if (e.isFile && p.endsWith(".ts") && !p.endsWith("_test.ts")) sourceFiles.push(p);
  }
})("");
const appSource = sourceFiles.map(read).join("\n");
const definesMetrics = /new\s+(?:\w+\.)?(Counter|Gauge|Histogram|Summary)\s*\(/.test(appSource);

Deno.test({
  name: "every metric in the README table is defined in the app's source",
  ignore: !definesMetrics,
  fn() {
    for (const m of metricTable.keys()) {
      assert(appSource.includes(`"${m}"`) || appSource.includes(`'${m}'`), `${m} is not defined`);
    }
  },
});

// ---- external validators, when installed ------------------------------------

const has = (tool: string) =>
  (Deno.env.get("PATH") ?? "").split(":").some((d) => d && exists(`${d}/${tool}`));

async function tool(cmd: string, args: string[], cwd = repoPath(".")): Promise<void> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, `${cmd} ${args.join(" ")}:\n${text}`);
}

Deno.test({
  name: "promtool accepts the config, the rules, the dashboard queries and the rule unit tests",
  ignore: !has("promtool"),
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "ct-dash-" });
    try {
      const out = new Deno.Command("promtool", { args: ["--version"], stdout: "piped" })
        .outputSync();
      const [major = 0, minor = 0] = (/version (\d+)\.(\d+)/.exec(
        new TextDecoder().decode(out.stdout),
      ) ?? []).slice(1).map(Number);
      let config = "infra/prometheus/prometheus.yml";
      if (major < 2 || (major === 2 && minor < 51)) {
        // Per-Alertmanager alert_relabel_configs came with 2.51 (compose runs 3.x):
        // an older promtool checks everything else.
        const prom = yaml(config);
        for (const am of obj(prom.alerting, "alerting").alertmanagers as Tree[]) {
          delete am.alert_relabel_configs;
        }
        config = `${dir}/prometheus.yml`;
        await Deno.writeTextFile(config, JSON.stringify(prom));
      }
      await tool("promtool", ["check", "config", "--syntax-only", config]);
      await tool("promtool", ["check", "rules", "infra/prometheus/rules.yml"]);
      await tool("promtool", ["test", "rules", "rules_test.yml"], repoPath("infra/prometheus"));
      const recording = promPanelExprs.map((x, n) => ({
        record: `dashboard:panel_${n}`,
        expr: x.expr.replaceAll("$__rate_interval", "5m").replaceAll("$__range", "1h"),
      }));
      await Deno.writeTextFile(
        `${dir}/dash.yml`,
        JSON.stringify({ groups: [{ name: "d", rules: recording }] }),
      );
      await tool("promtool", ["check", "rules", `${dir}/dash.yml`]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "amtool accepts the Alertmanager config",
  ignore: !has("amtool"),
  fn: () => tool("amtool", ["check-config", "infra/alertmanager/alertmanager.yml"]),
});

/** Compose v2 as a docker CLI plugin: a docker CLI alone (no plugin) does not count. */
const composeV2 = has("docker") &&
  new Deno.Command("docker", { args: ["compose", "version"], stdout: "null", stderr: "null" })
    .outputSync().success;

Deno.test({
  name: "docker compose config accepts compose.yaml",
  ignore: !composeV2 && !has("docker-compose"),
  async fn() {
    const env = { ...Deno.env.toObject(), ...requiredVars };
    const v2 = composeV2;
    let file = repoPath("compose.yaml");
    const dir = await Deno.makeTempDir({ prefix: "ct-compose-" });
    try {
      if (!v2) {
        // Compose v1 predates the top-level `name`; everything else it checks.
        file = `${dir}/compose.yaml`;
        await Deno.writeTextFile(file, read("compose.yaml").replace(/^name: .*$/m, ""));
      }
      const [cmd, pre] = v2 ? ["docker", ["compose"]] : ["docker-compose", []];
      const out = await new Deno.Command(cmd, {
        args: [...pre, "-f", file, "--project-directory", repoPath("."), "config", "--quiet"],
        env,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/**
 * Checks of compose.yaml that need no Docker engine: the services' wiring
 * (dependencies, volumes, health checks, commands, ports, config files), the
 * settings given to the app, which the app's own config loader validates, and
 * that no secret has a value.
 *
 * @module
 */
import { loadConfig } from "../config/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import {
  app,
  appServices,
  compose,
  dependsOn,
  dockerfileEnv,
  envOf,
  exists,
  last,
  obj,
  rawCompose,
  rawService,
  read,
  repoPath,
  service,
  services,
  startTask,
  strings,
  type Tree,
  yaml,
} from "./deploy_files.ts";

const documentedVars = new Set(
  [...read(".env.example").matchAll(/^#\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!),
);
const knownVars = new Set(["DENO_NO_UPDATE_CHECK", "DENO_NO_PROMPT", "DENO_DIR", "TZ"]);

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

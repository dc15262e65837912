/**
 * The deployment files run through their own tools, each test ignored when its
 * tool is not installed: promtool (Prometheus config, rules, rule unit tests
 * and the dashboard's queries), amtool (Alertmanager config) and
 * `docker compose config` (compose.yaml).
 *
 * @module
 */
import { assertEquals } from "./assert.ts";
import {
  exists,
  obj,
  promPanelExprs,
  read,
  repoPath,
  requiredVars,
  type Tree,
  yaml,
} from "./deploy_files.ts";

/** Whether a file named `tool` is in a directory on PATH. */
const has = (tool: string) =>
  (Deno.env.get("PATH") ?? "").split(":").some((d) => d && exists(`${d}/${tool}`));

/** Runs `cmd` in `cwd` (the repository root by default) and asserts it exits 0. */
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

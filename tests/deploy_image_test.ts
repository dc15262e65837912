/**
 * Checks of the image that need no Docker engine: the Dockerfile's stages and
 * instructions, what .dockerignore keeps out of the build context, the image's
 * dependency-caching steps run with `sh` on a copy of the context, and the
 * image's and compose's health-check commands run against a real local server.
 *
 * @module
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import {
  app,
  appServices,
  chain,
  dockerfileEnv,
  execForm,
  exists,
  last,
  obj,
  read,
  repoPath,
  service,
  stages,
  startTask,
  startTaskWithHeart,
  strings,
} from "./deploy_files.ts";

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
  // The start task without its heart: the container's restart policy is the outer supervisor.
  assertEquals(execForm(last(app, "CMD")!.args), startTask);
  assertEquals(startTaskWithHeart, [...startTask, "--heart"]);
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

/**
 * `/docs` in a real browser: headless Chromium (Debian's `chromium`, which
 * `.ci/run` installs) loads the page from the API alone, with every host but
 * the API's unresolvable, runs Swagger UI and renders the operations of
 * `/openapi.json`. Without Chromium on the machine the test is ignored, and
 * says so.
 *
 * @module
 */
import { openApiFixture } from "../api/_test_support.ts";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => {
  try {
    return Deno.statSync(p).isFile;
  } catch {
    return false;
  }
});

Deno.test({
  name: "the docs page renders every documented operation in headless Chromium with no network",
  ignore: CHROMIUM === undefined,
  async fn() {
    const f = await openApiFixture();
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => f.app.fetch(req),
    );
    const profile = await Deno.makeTempDir({ prefix: "ct-chromium-" });
    try {
      const url = `http://127.0.0.1:${server.addr.port}/docs`;
      const out = await new Deno.Command(CHROMIUM!, {
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          `--user-data-dir=${profile}`,
          // A CDN the page might reach for does not exist here: no name
          // resolves, and anything else (a literal address) goes to a proxy
          // that is not there; loopback bypasses proxies.
          "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
          "--proxy-server=http://127.0.0.1:9",
          // Let the scripts run and the spec load before the DOM is read.
          "--virtual-time-budget=15000",
          "--dump-dom",
          url,
        ],
        stdout: "piped",
        stderr: "piped",
        // A browser that hangs must not hang the suite.
        signal: AbortSignal.timeout(60_000),
      }).output();
      const dom = new TextDecoder().decode(out.stdout);
      assert(out.success, `chromium exited ${out.code}: ${new TextDecoder().decode(out.stderr)}`);
      const spec = await (await f.app.request("/openapi.json")).json();
      const operations = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
        .flatMap(([path, item]) => Object.keys(item).map((method) => ({ method, path })));
      assert(operations.length > 10, `expected a full spec, got ${operations.length} operations`);
      // Swagger UI renders one block per operation: `opblock-<method>`, then
      // its summary with the path in `data-path`.
      const rendered = [...dom.matchAll(/opblock opblock-(\w+)[\s\S]*?data-path="([^"]+)"/g)]
        .map(([, method, path]) => `${method} ${path}`).sort();
      assertEquals(rendered, operations.map((o) => `${o.method} ${o.path}`).sort());
      assertStringIncludes(dom, spec.info.title);
    } finally {
      await server.shutdown();
      await f.close();
      await Deno.remove(profile, { recursive: true });
    }
  },
});

/**
 * `GET /docs`: Swagger UI over `/openapi.json`, served entirely by the API.
 *
 * @module
 */
import type { ApiApp } from "../deps.ts";
import { pageSecureHeaders } from "../middleware/secure_headers/mod.ts";
import { DOCS_ASSETS, docsPage } from "./assets.ts";

export { DOCS_ASSETS, docsPage } from "./assets.ts";

/**
 * Mounts `/docs` and its assets, under the browser set of security headers
 * (a page, unlike the API's JSON, is rendered). Assets come from a pinned
 * package version, so browsers may cache them for a day.
 *
 * @example
 * ```ts ignore
 * mountDocs(app, { title: "Crypto-Trade API" });
 * ```
 */
export function mountDocs(app: ApiApp, options: { title: string }): void {
  const page = docsPage(options.title);
  const pageHeaders = pageSecureHeaders();
  app.use("/docs", pageHeaders);
  app.use("/docs/*", pageHeaders);
  app.get("/docs", (c) => c.html(page));
  app.get("/docs/:file", (c) => {
    const asset = DOCS_ASSETS.get(c.req.param("file"));
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, {
      "Content-Type": asset.contentType,
      "Cache-Control": "public, max-age=86400",
    });
  });
}

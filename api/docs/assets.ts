/**
 * Swagger UI's files, taken from the pinned `swagger-ui-dist` package at
 * build time (text imports), so the docs load with no network: nothing is
 * fetched from a CDN, and a compiled binary carries them too.
 *
 * @module
 */
import bundle from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "text" };
import preset from "swagger-ui-dist/swagger-ui-standalone-preset.js" with { type: "text" };
import css from "swagger-ui-dist/swagger-ui.css" with { type: "text" };

/**
 * One static file of the docs.
 *
 * @example
 * ```ts
 * const asset: DocsAsset = { contentType: "text/css; charset=utf-8", body: "body{}" };
 * ```
 */
export interface DocsAsset {
  contentType: string;
  body: string;
}

// The page may not run inline script (see the CSP in secure_headers), so
// the start-up code is a file of its own.
const initializer = `window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    // Swagger UI would ask validator.swagger.io for a badge: another host.
    validatorUrl: null,
  });
});
`;

/**
 * The HTML page of `/docs`.
 *
 * @example
 * ```ts
 * docsPage("Crypto-Trade API").includes("/docs/swagger-ui-bundle.js"); // true
 * ```
 */
export function docsPage(title: string): string {
  const safe = title.replace(/[<>&"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safe}</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script src="/docs/swagger-initializer.js"></script>
</body>
</html>
`;
}

/**
 * Files served under `/docs/`, by name.
 *
 * @example
 * ```ts
 * DOCS_ASSETS.get("swagger-ui.css")?.contentType; // "text/css; charset=utf-8"
 * ```
 */
export const DOCS_ASSETS: ReadonlyMap<string, DocsAsset> = new Map([
  ["swagger-ui.css", { contentType: "text/css; charset=utf-8", body: css }],
  ["swagger-ui-bundle.js", { contentType: "text/javascript; charset=utf-8", body: bundle }],
  ["swagger-ui-standalone-preset.js", {
    contentType: "text/javascript; charset=utf-8",
    body: preset,
  }],
  ["swagger-initializer.js", { contentType: "text/javascript; charset=utf-8", body: initializer }],
]);

/**
 * Request helpers shared by the API route tests.
 *
 * @module
 */
import { assert, assertEquals } from "./assert.ts";

/** Where the versioned routes live. */
export const V1 = "/api/v1";

// deno-lint-ignore no-explicit-any
export type Json = any;

/** Anything with Hono's in-process `request`. */
export interface Requester {
  request(path: string): Response | Promise<Response>;
}

/** GETs `path` in process and reads the JSON body. */
export async function get(app: Requester, path: string) {
  const res = await app.request(path);
  return { status: res.status, body: await res.json() as Json, headers: res.headers };
}

/** Asserts a 400 whose details name `field`, each detail with a message and a location. */
export async function expect400(app: Requester, path: string, field: string) {
  const { status, body } = await get(app, path);
  assertEquals(status, 400, `${path}: ${JSON.stringify(body)}`);
  assert(typeof body.error === "string" && typeof body.requestId === "string");
  const fields = body.details.map((d: Json) => d.path);
  assert(fields.includes(field), `${path}: expected ${field} in ${JSON.stringify(body.details)}`);
  for (const d of body.details) {
    assert(d.message.length > 0 && d.in.length > 0);
    assert(
      d.message.split("received").length <= 2,
      `${path}: the value received is quoted once, in ${JSON.stringify(d.message)}`,
    );
  }
  return body;
}

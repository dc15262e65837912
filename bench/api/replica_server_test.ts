import { assertEquals } from "../../tests/assert.ts";
import { captureAnswer, startReplicaServer } from "./replica_server.ts";

Deno.test("the replica answers each captured path with the app's status, headers and body", async () => {
  const original = new Response('{"ok":true}', {
    status: 201,
    headers: { "Content-Type": "application/json", "X-Request-Id": "r-1", "Content-Length": "11" },
  });
  const answer = await captureAnswer(original);
  assertEquals(answer, {
    status: 201,
    headers: [["content-type", "application/json"], ["x-request-id", "r-1"]],
    body: '{"ok":true}',
  });
  const server = startReplicaServer({ "/api/v1/signals?limit=50": answer });
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const res = await fetch(`${base}/api/v1/signals?limit=50`);
    assertEquals(
      [res.status, res.headers.get("x-request-id"), await res.text()],
      [201, "r-1", '{"ok":true}'],
    );
    const other = await fetch(`${base}/api/v1/signals?limit=5`);
    assertEquals(other.status, 404);
    await other.body?.cancel();
  } finally {
    await server.shutdown();
  }
});

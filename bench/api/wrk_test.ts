import { assertEquals, assertThrows } from "../../tests/assert.ts";
import { parseWrkOutput } from "./wrk.ts";

// Captured from `wrk -t2 -c64 -d2s --latency` (wrk 4.1.0) on this machine.
const CLEAN = `Running 2s test @ http://127.0.0.1:44039/health
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.86ms    0.98ms   8.38ms   88.70%
    Req/Sec    44.77k    11.05k   57.10k    72.50%
  Latency Distribution
     50%  478.00us
     75%    1.02ms
     90%    2.08ms
     99%    4.38ms
  178508 requests in 2.01s, 29.62MB read
Requests/sec:  88918.42
Transfer/sec:     14.76MB
`;

Deno.test("wrk's report gives requests per second and p50/p99 in milliseconds", () => {
  assertEquals(parseWrkOutput(CLEAN), {
    requests: 178_508,
    requestsPerSecond: 88_918.42,
    p50Ms: 0.478,
    p99Ms: 4.38,
    non2xx: 0,
    socketErrors: 0,
  });
});

Deno.test("wrk's error lines are summed so a run full of 401s or timeouts is caught", () => {
  const failing = CLEAN.replace("     99%    4.38ms", "     99%    1.20s").replace(
    "Requests/sec:",
    "  Socket errors: connect 0, read 3, write 1, timeout 7\n" +
      "  Non-2xx or 3xx responses: 1200\nRequests/sec:",
  );
  const r = parseWrkOutput(failing);
  assertEquals([r.p99Ms, r.socketErrors, r.non2xx], [1200, 11, 1200]);
});

Deno.test("a report without the latency distribution is rejected, naming what is missing", () => {
  const noLatency = CLEAN.replace(/ {2}Latency Distribution[\s\S]*?99%\s+\S+\n/, "");
  assertThrows(() => parseWrkOutput(noLatency), "50% latency");
});

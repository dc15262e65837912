import { getJsonLinesFormatter, type LogRecord } from "@logtape/logtape";
import { assertEquals } from "../tests/assert.ts";
import { jsonLinesFormatter } from "./json_lines.ts";

function record(message: unknown[], properties: Record<string, unknown>): LogRecord {
  return {
    category: ["ct", "api", "access"],
    level: "info",
    timestamp: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
    message,
    rawMessage: "",
    properties,
  };
}

Deno.test("lines are byte for byte LogTape's JSON lines, plain or not", () => {
  const logtape = getJsonLinesFormatter({ properties: "flatten", message: "rendered" });
  const ours = jsonLinesFormatter();
  const cycle: Record<string, unknown> = { name: "loop" };
  cycle.self = cycle;
  const cases: LogRecord[] = [
    record(["GET /health 200 0.5ms client=127.0.0.1"], {
      method: "GET",
      status: 200,
      durationMs: 0.5,
      requestId: "r-1",
      cache: undefined,
      none: null,
      ok: true,
    }),
    record(["restart of ", "analyzer", " done in ", 12.5, ""], { actor: "analyzer" }),
    record(['odd \u0085 \u007f \n \u2028 "quoted" é'], { text: "tab\there \u009b[31m" }),
    record(["failed: ", new Error("boom"), ""], { error: new Error("boom") }),
    record(["big ", 10n, ""], { n: 10n, nested: { a: [1, 2] }, cycle }),
    record(["level and message in properties"], { level: "x", message: "y", logger: "z" }),
    record(["numbers"], { nan: NaN, inf: -Infinity, negZero: -0, big: 1e21, tiny: 5e-7 }),
    record(["odd keys"], { "k\u0085ey": 1, 'q"uote': "v", "": "empty" }),
    { ...record(["another logger"], { n: 1 }), category: ["ct", "store"] },
    { ...record(["warned"], {}), level: "warning" },
    { ...record(["fatal"], {}), level: "fatal" },
  ];
  for (const r of cases) assertEquals(ours(r), logtape(r), String(r.message[0]));
});

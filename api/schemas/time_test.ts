import { assertEquals } from "../../tests/assert.ts";
import { parseTime, timeParam } from "./time.ts";

Deno.test("times parse from ISO 8601 with a zone, dates and epoch milliseconds", () => {
  const t = Date.UTC(2024, 0, 31, 12, 30);
  assertEquals(parseTime("2024-01-31T12:30:00Z"), t);
  assertEquals(parseTime("2024-01-31T12:30Z"), t);
  assertEquals(parseTime("2024-01-31T14:30:00.000+02:00"), t);
  assertEquals(parseTime("2024-01-31T14:30:00+0200"), t);
  assertEquals(parseTime("2024-01-31"), Date.UTC(2024, 0, 31));
  assertEquals(parseTime(String(t)), t);
  assertEquals(parseTime("0"), 0);
});

Deno.test("times without a zone, impossible dates and junk are refused", () => {
  for (
    const bad of [
      "2024-01-31T12:30:00",
      "2024-02-30",
      "2024-13-01",
      "2024-01-31T24:00Z",
      "yesterday",
      "",
      "-5",
      "1e12",
      "99999999999999999",
      "Wed, 31 Jan 2024 12:00:00 GMT",
    ]
  ) {
    assertEquals(parseTime(bad), null, bad);
  }
});

Deno.test("the time parameter schema names what it expected and what it got", () => {
  const result = timeParam.safeParse("soon");
  assertEquals(result.success, false);
  const message = result.error?.issues[0]?.message ?? "";
  assertEquals(message.includes("ISO 8601") && message.includes('"soon"'), true);
});

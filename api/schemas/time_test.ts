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

Deno.test("an ISO 8601 year or basic-form date is read as such, not as milliseconds after 1970", () => {
  assertEquals(parseTime("2024"), Date.UTC(2024, 0, 1));
  assertEquals(parseTime("20240131"), Date.UTC(2024, 0, 31));
  assertEquals(parseTime("20240131T123000Z"), Date.UTC(2024, 0, 31, 12, 30));
  assertEquals(parseTime("20240131T1430+0200"), Date.UTC(2024, 0, 31, 12, 30));
  assertEquals(parseTime("20241301"), null, "an impossible basic date is refused, not epoch ms");
  assertEquals(parseTime("1969"), null, "before the epoch");
  assertEquals(parseTime("123"), 123, "other digit strings stay epoch milliseconds");
  assertEquals(parseTime("170406720000"), 170_406_720_000);
});

Deno.test("ISO 8601's other forms parse: no zone (UTC), week and ordinal dates, comma fractions, 24:00", () => {
  const t = Date.UTC(2024, 0, 31, 12, 30);
  assertEquals(parseTime("2024-01-31T12:30:00"), t, "no zone is UTC");
  assertEquals(parseTime("2024-01-31T12:30"), t);
  assertEquals(parseTime("20240131T1230"), t);
  assertEquals(parseTime("2024-W05-3"), Date.UTC(2024, 0, 31), "Wednesday of week 5");
  assertEquals(parseTime("2024W053T12:30Z"), t);
  assertEquals(parseTime("2024-031"), Date.UTC(2024, 0, 31), "day 31 of the year");
  assertEquals(parseTime("2024-01-31T12:30:00,5Z"), t + 500);
  assertEquals(parseTime("2024-01-31T12:30:00.123456789Z"), t + 123, "ns truncated to ms");
  assertEquals(parseTime("2024-01"), Date.UTC(2024, 0, 1));
  assertEquals(parseTime("2024-01-31T24:00Z"), Date.UTC(2024, 1, 1), "end of day");
});

Deno.test("impossible dates and times and junk are refused", () => {
  for (
    const bad of [
      "2024-02-30",
      "2023-W53-1",
      "2023-366",
      "2024-01-31T24:30Z",
      "2024-01-31T12:30:60Z",
      "2024-13-01",
      "2024-01-31T12:00+02:60",
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

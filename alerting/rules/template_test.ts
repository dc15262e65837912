import { assertEquals } from "../../tests/assert.ts";
import { formatDuration, formatValue, renderTemplate } from "./template.ts";

Deno.test("templates substitute labels and the value and leave other text alone", () => {
  assertEquals(
    renderTemplate(
      "{{ $labels.symbol }}{{$labels.tf}} {{ $value }} {{ .Other }} {{ $labels.none }}!",
      {
        symbol: "BTC/USDT",
        tf: "1m",
      },
      -6.25,
    ),
    "BTC/USDT1m -6.25 {{ .Other }} !",
  );
  assertEquals(renderTemplate("plain", {}, 1), "plain");
});

Deno.test("values print as people read them", () => {
  assertEquals(
    [3, 93.333333, -0.5, 0.000123456, 64123.456, Infinity].map(formatValue),
    ["3", "93.33", "-0.5", "0.000123", "64123.46", "Infinity"],
  );
});

Deno.test("durations print in the largest whole units", () => {
  assertEquals(
    [30_000, 60_000, 300_000, 3_600_000, 5_400_000].map(formatDuration),
    ["30s", "1m", "5m", "1h", "1h30m"],
  );
});

import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { openCcxtSource } from "./source.ts";

Deno.test("ccxt source points every REST endpoint at the given base and keeps websockets", async () => {
  const source = await openCcxtSource({ restBaseUrl: "http://127.0.0.1:9/", websocket: true });
  try {
    const api = source.exchange.urls.api as unknown as Record<string, unknown>;
    assertEquals(api.public, "http://127.0.0.1:9/api/v3");
    assertEquals(api.sapi, "http://127.0.0.1:9/sapi/v1");
    const strings = JSON.stringify(api).match(/"(https?|wss?):\/\/[^"]+"/g) ?? [];
    assert(strings.every((u) => u.startsWith('"http://127.0.0.1:9/') || u.startsWith('"ws')));
    assertEquals(source.name, "ccxt:binance");
    assertEquals(typeof source.watch, "function");
  } finally {
    await source.close();
  }
});

Deno.test("ccxt source offers no stream when websockets are off or unknown to the exchange", async () => {
  const rest = await openCcxtSource({ websocket: false });
  assertEquals(rest.watch, undefined);
  await rest.close();
  // bitbank has no ccxt.pro class: REST only even when websockets are wanted.
  const noPro = await openCcxtSource({ exchangeId: "bitbank", websocket: true });
  assertEquals([noPro.name, noPro.watch], ["ccxt:bitbank", undefined]);
  await noPro.close();
});

Deno.test("ccxt source refuses an exchange id ccxt does not have", async () => {
  await assertRejects(
    () => openCcxtSource({ exchangeId: "binancee" }),
    'ccxt has no exchange "binancee"; did you mean binance',
  );
});

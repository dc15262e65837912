import { assertEquals } from "../../tests/assert.ts";
import { classifyError } from "../errors.ts";

Deno.test("ccxt's own error classes classify as the collector expects", async () => {
  const ccxt = (await import("ccxt")).default;
  const kind = (E: new (m: string) => Error) => classifyError(new E("x")).kind;
  // Subclasses are covered through the chain: OnMaintenance extends ExchangeNotAvailable.
  for (
    const E of [
      ccxt.NetworkError,
      ccxt.RequestTimeout,
      ccxt.ExchangeNotAvailable,
      ccxt.OnMaintenance,
      ccxt.RateLimitExceeded,
      ccxt.DDoSProtection,
      ccxt.BadResponse,
      ccxt.NullResponse,
    ]
  ) assertEquals([E.name, kind(E)], [E.name, "retryable"]);
  assertEquals(kind(ccxt.BadSymbol), "bad_symbol");
  assertEquals(kind(ccxt.AuthenticationError), "auth");
  assertEquals(kind(ccxt.PermissionDenied), "auth");
  assertEquals(kind(ccxt.AccountSuspended), "auth");
  assertEquals(kind(ccxt.BadRequest), "unknown");
  assertEquals(kind(ccxt.ExchangeError), "unknown");
  assertEquals(classifyError(new ccxt.RequestTimeout("x")).name, "RequestTimeout");
});

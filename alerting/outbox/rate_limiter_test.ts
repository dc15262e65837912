import { assertEquals } from "../../tests/assert.ts";
import { TokenBucket } from "./rate_limiter.ts";

Deno.test("token bucket lets a burst through and spaces the rest at the rate", () => {
  const bucket = new TokenBucket({ perMinute: 60, burst: 2 }, 0);
  assertEquals([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)], [
    0,
    0,
    1_000,
    2_000,
  ]);
});

Deno.test("token bucket refills with time but never beyond its burst", () => {
  const bucket = new TokenBucket({ perMinute: 60, burst: 2 }, 0);
  bucket.take(0);
  bucket.take(0);
  assertEquals(bucket.take(60_000), 0);
  assertEquals(bucket.take(60_000), 0);
  assertEquals(bucket.take(60_000), 1_000);
});

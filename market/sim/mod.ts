/**
 * The simulated market: a seeded, deterministic candle generator and its
 * {@linkcode MarketSource}.
 *
 * @example
 * ```ts
 * import { SimSource } from "./mod.ts";
 * const sim = new SimSource({ seed: "demo" });
 * ```
 *
 * @module
 */
export { DEFAULT_SIM_SYMBOLS, SimSource, type SimSourceOptions } from "./source.ts";
export { type Ohlcv, SimGenerator } from "./generator.ts";
export { type SymbolProfile, symbolProfile } from "./profile.ts";
export { gaussian, hash32, mulberry32, uniformAt } from "./prng.ts";

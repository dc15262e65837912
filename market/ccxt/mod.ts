/**
 * CCXT-backed market data. Import this module lazily (`await import(...)`):
 * it loads ccxt on first `openCcxtSource`.
 *
 * @example
 * ```ts
 * const { openCcxtSource } = await import("./mod.ts");
 * const source = await openCcxtSource({ exchangeId: "binance", websocket: false });
 * await source.close();
 * ```
 *
 * @module
 */
export { CcxtSource, type CcxtSourceOptions, openCcxtSource } from "./source.ts";

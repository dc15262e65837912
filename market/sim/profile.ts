/**
 * Price level, volatility and volume of a simulated symbol, from a table of
 * well-known assets (in USD) and a stable hash for any other asset.
 *
 * @module
 */
import { uniformAt } from "./prng.ts";
import { BadSymbolError } from "../errors.ts";

/** Per-asset facts: USD price, daily volatility, USD traded per minute. */
interface AssetFacts {
  usd: number;
  dailyVol: number;
  usdPerMinute: number;
}

const KNOWN: Record<string, AssetFacts> = {
  BTC: { usd: 60_000, dailyVol: 0.025, usdPerMinute: 1_500_000 },
  ETH: { usd: 3_000, dailyVol: 0.032, usdPerMinute: 700_000 },
  BNB: { usd: 550, dailyVol: 0.03, usdPerMinute: 120_000 },
  SOL: { usd: 150, dailyVol: 0.045, usdPerMinute: 250_000 },
  XRP: { usd: 0.6, dailyVol: 0.04, usdPerMinute: 150_000 },
  DOGE: { usd: 0.15, dailyVol: 0.05, usdPerMinute: 100_000 },
  ADA: { usd: 0.45, dailyVol: 0.045, usdPerMinute: 50_000 },
  AVAX: { usd: 35, dailyVol: 0.05, usdPerMinute: 40_000 },
  LINK: { usd: 15, dailyVol: 0.05, usdPerMinute: 40_000 },
  LTC: { usd: 80, dailyVol: 0.04, usdPerMinute: 30_000 },
  DOT: { usd: 7, dailyVol: 0.045, usdPerMinute: 25_000 },
};
const STABLE: Record<string, number> = {
  USDT: 1,
  USDC: 1,
  FDUSD: 1,
  BUSD: 1,
  TUSD: 1,
  DAI: 1,
  USD: 1,
  EUR: 1.08,
};

function assetFacts(asset: string): AssetFacts {
  const known = KNOWN[asset];
  if (known) return known;
  const stable = STABLE[asset];
  if (stable !== undefined) return { usd: stable, dailyVol: 0.001, usdPerMinute: 50_000 };
  // Unknown assets get a stable pseudo-random price between 0.1 and 1000 USD.
  const usd = 10 ** (-1 + 4 * uniformAt("asset-level", asset));
  return { usd, dailyVol: 0.04 + 0.03 * uniformAt("asset-vol", asset), usdPerMinute: 20_000 };
}

/** How a symbol's simulated candles look. */
export interface SymbolProfile {
  /** Typical price, in quote units. */
  price: number;
  /** Standard deviation of one-minute log returns in the calm regime. */
  minuteVol: number;
  /** Median one-minute volume, in base units. */
  minuteVolume: number;
  /** Decimal places of prices (about seven significant digits). */
  priceDecimals: number;
}

/**
 * The profile of a "BASE/QUOTE" symbol, e.g. BTC/USDT ≈ 60k, ETH/BTC ≈ 0.05.
 *
 * @example
 * ```ts
 * symbolProfile("ETH/USDT").price; // 3000
 * ```
 */
export function symbolProfile(symbol: string): SymbolProfile {
  const m = /^([A-Z0-9]{1,20})\/([A-Z0-9]{1,20})(?::[A-Z0-9]+)?$/.exec(symbol);
  if (!m) {
    throw new BadSymbolError(
      `sim symbols look like BASE/QUOTE in capitals (e.g. BTC/USDT), received ${
        JSON.stringify(symbol)
      }`,
    );
  }
  const base = assetFacts(m[1]!);
  const quote = assetFacts(m[2]!);
  const price = base.usd / quote.usd;
  // A cross pair's two legs are correlated (~0.8), which damps its volatility.
  const dailyVol = Math.sqrt(
    base.dailyVol ** 2 + quote.dailyVol ** 2 - 1.6 * base.dailyVol * quote.dailyVol,
  );
  return {
    price,
    minuteVol: Math.max(dailyVol, 0.0005) / Math.sqrt(1440),
    minuteVolume: base.usdPerMinute / base.usd,
    priceDecimals: Math.min(10, Math.max(0, 6 - Math.floor(Math.log10(price)))),
  };
}

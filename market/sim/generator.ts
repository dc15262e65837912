/**
 * The simulated market's price path. Deterministic and random-access: a
 * candle depends only on (seed, symbol, openTime), so any range can be
 * fetched in any order with the same answer.
 *
 * How: time is cut into UTC-day blocks of 1440 one-minute candles.
 * 1. Each block's opening price (its anchor) is a pure function of the block
 *    index: the symbol's price level times exp(smooth multi-scale value
 *    noise + a little per-day noise). No block needs its predecessors.
 * 2. Inside a block, a PRNG seeded by hash(seed, symbol, block) draws
 *    one-minute log returns: geometric Brownian motion whose volatility
 *    follows a two-state Markov chain (calm ↔ volatile), plus rare jumps.
 * 3. The path is bridged onto the next block's anchor (a constant drift is
 *    added so the last close equals that anchor exactly), hence
 *    open = previous close also across block boundaries.
 * 4. High/low stretch beyond open/close by a half-normal share of the
 *    minute's volatility; volume is log-normal, higher when volatile, on
 *    jumps and on big moves.
 * Blocks are kept in a small LRU cache. Coarser timeframes aggregate 1m.
 *
 * @module
 */
import { gaussian, hash32, mulberry32, uniformAt } from "./prng.ts";
import { type SymbolProfile, symbolProfile } from "./profile.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;
const PER_BLOCK = 1440;
/** Fields per minute in a block: open, high, low, close, volume. */
const F = 5;

/** Regime switching per minute: calm lasts ~10 h on average, volatile ~1.5 h. */
const P_CALM_TO_VOLATILE = 1 / 600;
const P_VOLATILE_TO_CALM = 1 / 90;
const VOLATILE_FACTOR = 3;
/** About one jump every two days. */
const P_JUMP = 1 / 2880;

/** Smooth log-price noise: [period in days, amplitude in log units]. */
const OCTAVES: readonly [number, number][] = [[5, 0.04], [30, 0.1], [120, 0.18], [720, 0.3]];

/** One minute's OHLCV, as read from the generator. */
export interface Ohlcv {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

function roundTo(x: number, decimals: number): number {
  const p = 10 ** decimals;
  return Math.round(x * p) / p;
}

/**
 * Deterministic one-minute candles for any symbol.
 *
 * @example
 * ```ts
 * const gen = new SimGenerator("demo");
 * const c = gen.minute("BTC/USDT", Date.UTC(2024, 0, 1));
 * c.high >= Math.max(c.open, c.close); // true
 * ```
 */
export class SimGenerator {
  readonly seed: string;
  #maxBlocks: number;
  #blocks = new Map<string, Float64Array>();
  #profiles = new Map<string, SymbolProfile>();

  constructor(seed: string | number = "crypto-trade", options: { maxBlocks?: number } = {}) {
    this.seed = String(seed);
    this.#maxBlocks = options.maxBlocks ?? 32;
  }

  /** The symbol's profile (price level, volatility, volume); throws BadSymbol on a malformed symbol. */
  profile(symbol: string): SymbolProfile {
    let p = this.#profiles.get(symbol);
    if (!p) {
      p = symbolProfile(symbol);
      this.#profiles.set(symbol, p);
    }
    return p;
  }

  /** The one-minute candle opening at `openTime` (floored to the minute). */
  minute(symbol: string, openTime: number): Ohlcv {
    const t = Math.floor(openTime / MINUTE) * MINUTE;
    const block = this.#block(symbol, Math.floor(t / DAY));
    const i = ((t % DAY) + DAY) % DAY / MINUTE * F;
    return {
      open: block[i]!,
      high: block[i + 1]!,
      low: block[i + 2]!,
      close: block[i + 3]!,
      volume: block[i + 4]!,
    };
  }

  /** The candle of `minutes` one-minute candles from `openTime`, aggregated. */
  aggregate(symbol: string, openTime: number, minutes: number): Ohlcv {
    const first = this.minute(symbol, openTime);
    let { high, low, close, volume } = first;
    for (let k = 1; k < minutes; k++) {
      const m = this.minute(symbol, openTime + k * MINUTE);
      if (m.high > high) high = m.high;
      if (m.low < low) low = m.low;
      close = m.close;
      volume += m.volume;
    }
    return { open: first.open, high, low, close, volume: roundTo(volume, 5) };
  }

  /** The block's opening price, a pure function of (seed, symbol, block). */
  #anchor(symbol: string, profile: SymbolProfile, block: number): number {
    let log = Math.log(profile.price);
    for (const [period, amp] of OCTAVES) {
      const x = block / period;
      const i = Math.floor(x);
      const f = x - i;
      const a = uniformAt(this.seed, symbol, "octave", period, i) * 2 - 1;
      const b = uniformAt(this.seed, symbol, "octave", period, i + 1) * 2 - 1;
      const s = f * f * (3 - 2 * f); // smoothstep keeps the noise's slope continuous
      log += amp * (a + (b - a) * s);
    }
    // Independent day-level noise gives day-to-day returns about the symbol's daily volatility.
    const dailyVol = profile.minuteVol * Math.sqrt(PER_BLOCK);
    log += 0.7 * dailyVol * gaussian(mulberry32(hash32(this.seed, symbol, "day", block)));
    return roundTo(Math.exp(log), profile.priceDecimals);
  }

  #block(symbol: string, block: number): Float64Array {
    const key = `${symbol}|${block}`;
    const hit = this.#blocks.get(key);
    if (hit) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.#blocks.delete(key);
      this.#blocks.set(key, hit);
      return hit;
    }
    const data = this.#generate(symbol, block);
    this.#blocks.set(key, data);
    if (this.#blocks.size > this.#maxBlocks) {
      this.#blocks.delete(this.#blocks.keys().next().value!);
    }
    return data;
  }

  #generate(symbol: string, block: number): Float64Array {
    const p = this.profile(symbol);
    const next = mulberry32(hash32(this.seed, symbol, "block", block));
    const start = this.#anchor(symbol, p, block);
    const end = this.#anchor(symbol, p, block + 1);

    const ret = new Float64Array(PER_BLOCK);
    const sigma = new Float64Array(PER_BLOCK);
    const jump = new Uint8Array(PER_BLOCK);
    let volatile = next() < 0.15;
    let sum = 0;
    for (let i = 0; i < PER_BLOCK; i++) {
      if (next() < (volatile ? P_VOLATILE_TO_CALM : P_CALM_TO_VOLATILE)) volatile = !volatile;
      const s = p.minuteVol * (volatile ? VOLATILE_FACTOR : 1);
      let r = s * gaussian(next);
      if (next() < P_JUMP) {
        jump[i] = 1;
        r += (next() < 0.5 ? -1 : 1) * p.minuteVol * (10 + 20 * next());
      }
      ret[i] = r;
      sigma[i] = s;
      sum += r;
    }

    // Bridge: spread the shortfall to the next anchor evenly over the day.
    const drift = (Math.log(end / start) - sum) / PER_BLOCK;
    const out = new Float64Array(PER_BLOCK * F);
    let logPrice = Math.log(start);
    let open = start;
    for (let i = 0; i < PER_BLOCK; i++) {
      logPrice += ret[i]! + drift;
      const close = i === PER_BLOCK - 1 ? end : roundTo(Math.exp(logPrice), p.priceDecimals);
      const s = sigma[i]!;
      const top = Math.max(open, close);
      const bottom = Math.min(open, close);
      const high = Math.max(
        top,
        roundTo(top * Math.exp(0.6 * s * Math.abs(gaussian(next))), p.priceDecimals),
      );
      const low = Math.min(
        bottom,
        roundTo(bottom * Math.exp(-0.6 * s * Math.abs(gaussian(next))), p.priceDecimals),
      );
      const move = Math.abs(ret[i]!) / p.minuteVol;
      const volume = p.minuteVolume * Math.exp(0.6 * gaussian(next)) *
        (s > p.minuteVol ? 2.5 : 1) * (jump[i] ? 4 : 1) * (1 + 0.3 * move);
      const o = i * F;
      out[o] = open;
      out[o + 1] = high;
      out[o + 2] = low;
      out[o + 3] = close;
      out[o + 4] = roundTo(volume, 5);
      open = close;
    }
    return out;
  }
}

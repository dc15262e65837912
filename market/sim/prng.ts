/**
 * Small, well-known pseudo-random functions for the simulated market:
 * a 32-bit string/number hash (MurmurHash3's mixer over FNV-1a) for seeds
 * and mulberry32 for streams. No global state: equal seeds, equal streams.
 *
 * @module
 */

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes strings and integers into one unsigned 32-bit seed (FNV-1a over
 * the parts, finalised by fmix32). Order matters.
 *
 * @example
 * ```ts
 * const seed = hash32("crypto-trade", "BTC/USDT", 19_723);
 * ```
 */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = typeof part === "number" ? `#${part}` : part;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff; // separator, so ("ab","c") != ("a","bc")
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/**
 * mulberry32 (Tommy Ettinger): a fast 32-bit generator of uniforms in [0, 1).
 *
 * @example
 * ```ts
 * const next = mulberry32(42);
 * next(); // same value on every run
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A standard normal draw from two uniforms (Box–Muller, one value kept).
 *
 * @example
 * ```ts
 * const next = mulberry32(1);
 * const z = gaussian(next);
 * ```
 */
export function gaussian(next: () => number): number {
  const u = 1 - next(); // (0, 1]: log(0) would be -Infinity
  const v = next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A uniform in [0, 1) that depends only on the given parts.
 *
 * @example
 * ```ts
 * uniformAt("seed", "BTC/USDT", 3); // stable for these parts
 * ```
 */
export function uniformAt(...parts: (string | number)[]): number {
  return mulberry32(hash32(...parts))();
}

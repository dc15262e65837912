/**
 * Near-match suggestions for mistyped symbols ("BTC/USDTT" → "BTC/USDT").
 *
 * @module
 */

/** Upper-cases and drops separators, so "btc-usdt" and "BTC/USDT" compare equal. */
function normalize(symbol: string): string {
  return symbol.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment);
 * stops early and answers `max + 1` once the distance must exceed `max`.
 *
 * @example
 * ```ts
 * editDistance("BTCUSDTT", "BTCUSDT"); // 1
 * ```
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prevPrev[j - 2]! + 1);
      }
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Known symbols closest to `input`, best first: same letters in another
 * spelling ("btcusdt" → only those), else up to one edit per four
 * characters (at least one). Empty when nothing is close, or when `input`
 * itself is known.
 *
 * @example
 * ```ts
 * suggestSymbols("BTC/USDTT", ["BTC/USDT", "ETH/USDT", "BTC/USDC"]); // ["BTC/USDT", "BTC/USDC"]
 * ```
 */
export function suggestSymbols(input: string, known: readonly string[], max = 3): string[] {
  if (known.includes(input)) return [];
  const target = normalize(input);
  const limit = Math.max(1, Math.floor(target.length / 4));
  const scored: { symbol: string; d: number }[] = [];
  for (const symbol of known) {
    const d = editDistance(target, normalize(symbol), limit);
    if (d <= limit) scored.push({ symbol, d });
  }
  scored.sort((x, y) => x.d - y.d || x.symbol.localeCompare(y.symbol));
  // Another spelling of a known symbol is the answer; near misses would only distract.
  const best = scored[0]?.d === 0 ? scored.filter((s) => s.d === 0) : scored;
  return best.slice(0, max).map((s) => s.symbol);
}

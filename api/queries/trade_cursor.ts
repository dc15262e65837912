/**
 * Opaque keyset cursors for the trade listing. A cursor names the last trade
 * of a page (`exitTime`, `id`); the next page is everything strictly older.
 * Trade ids are text, so the cursor carries it as UTF-8 behind base64url, as
 * the signal cursor carries its numbers.
 *
 * @module
 */
import type { TradeCursor } from "../../store/mod.ts";

const PREFIX = "t1:";

/** Longest trade id a cursor carries; ids are made by the paper engine and are far shorter. */
const MAX_ID = 256;

/**
 * The cursor for the page after the one ending at `last`.
 *
 * @example
 * ```ts
 * const cursor = encodeTradeCursor({ exitTime: 1_704_067_200_000, id: "default:rsi:1" });
 * decodeTradeCursor(cursor); // { exitTime: 1704067200000, id: "default:rsi:1" }
 * ```
 */
export function encodeTradeCursor(last: TradeCursor): string {
  const bytes = new TextEncoder().encode(`${PREFIX}${last.exitTime}:${last.id}`);
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}

/**
 * The position a cursor names, or `null` when it is not one of ours.
 *
 * @example
 * ```ts
 * decodeTradeCursor("nonsense"); // null
 * ```
 */
export function decodeTradeCursor(cursor: string): TradeCursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  let text: string;
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    text = new TextDecoder("utf-8", { fatal: true })
      .decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
  } catch {
    return null;
  }
  const m = /^t1:(\d{1,16}):(.+)$/s.exec(text);
  if (!m || m[2]!.length > MAX_ID) return null;
  const exitTime = Number(m[1]);
  return Number.isSafeInteger(exitTime) ? { exitTime, id: m[2]! } : null;
}

/**
 * The candle upsert for PostgreSQL: one `INSERT … SELECT FROM unnest(…)` of
 * nine array parameters (built by `candle_batch.ts`) per chunk of rows.
 *
 * @module
 */
import type { Candle } from "../../messages/mod.ts";
import { CANDLE_CONFLICT, CANDLE_LIST } from "../sql.ts";
import { candleArrays, dedupeCandles } from "./candle_batch.ts";
import type { PgClient } from "./connection.ts";
import type { Query } from "./paper_writes.ts";

/**
 * Rows per statement. unnest sends every column as one parameter, so a
 * statement's size grows with it; larger inputs are split inside one
 * transaction.
 */
const CHUNK = 20_000;
const UPSERT_CANDLES = `INSERT INTO candles (${CANDLE_LIST})
  SELECT * FROM unnest(?::text::text[], ?::text::text[], ?::text::text[], ?::text::bigint[],
    ?::text::float8[], ?::text::float8[], ?::text::float8[], ?::text::float8[], ?::text::float8[])
  ${CANDLE_CONFLICT}`;

/**
 * Upserts `candles` through `q`: in one statement on the pool when they fit
 * in a chunk, else chunk by chunk in one transaction.
 *
 * @example
 * ```ts ignore
 * await writeCandles(query, client, candles);
 * ```
 */
export async function writeCandles(
  q: Query,
  client: PgClient,
  candles: readonly Candle[],
): Promise<void> {
  const batch = dedupeCandles(candles);
  if (batch.length === 0) return;
  if (batch.length <= CHUNK) {
    await q(client, UPSERT_CANDLES, candleArrays(batch));
    return;
  }
  await client.begin(async (tx) => {
    for (let i = 0; i < batch.length; i += CHUNK) {
      await q(tx, UPSERT_CANDLES, candleArrays(batch.slice(i, i + CHUNK)));
    }
  });
}

import type { Config } from "../config/mod.ts";
import { openStore, type QueryHook, type Store } from "../store/mod.ts";

/**
 * Opens the configured store for an actor. Migrations already ran in the
 * supervisor's process before any actor started. `onQuery` is the actor's
 * metrics hook, so `/metrics` shows the queries actors run, not only the
 * main thread's.
 *
 * @example
 * ```ts ignore
 * const store = await storeOf(ctx.config, ctx.onQuery);
 * ```
 */
export function storeOf(config: Config, onQuery?: QueryHook): Promise<Store> {
  return openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    ...config.store,
    migrate: false,
    onQuery,
  });
}

import type { Config } from "../config/mod.ts";
import { openStore, type Store } from "../store/mod.ts";

/**
 * Opens the configured store for an actor. Migrations already ran in the
 * supervisor's process before any actor started.
 *
 * @example
 * ```ts ignore
 * const store = await storeOf(ctx.config);
 * ```
 */
export function storeOf(config: Config): Promise<Store> {
  return openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: false });
}

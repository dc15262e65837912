import type { Store } from "../../store/types.ts";
import type { Check } from "./checks.ts";

/**
 * Readiness of storage: the store answers `SELECT 1` (`store.ping()`).
 *
 * @example
 * ```ts ignore
 * const check = storageCheck(() => store);
 * await check.run();
 * ```
 */
export function storageCheck(store: () => Store | Promise<Store>): Check {
  return {
    name: "storage",
    async run() {
      const s = await store();
      await s.ping();
      return { detail: s.backend };
    },
  };
}

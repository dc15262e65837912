/**
 * A cache of rendered response bodies that is never stale: every entry was
 * rendered at one data version of the store, and all are dropped the moment
 * the version moves.
 *
 * @module
 */
import type { CacheOutcome } from "../deps.ts";

/**
 * Options of {@linkcode createResponseCache}.
 *
 * @example
 * ```ts ignore
 * const options: ResponseCacheOptions = { version: () => store.dataVersion?.(), maxEntries: 128 };
 * ```
 */
export interface ResponseCacheOptions {
  /**
   * The store's data version now (`Store.dataVersion`); `undefined` when the
   * store cannot tell, and then nothing is cached.
   */
  version: () => string | undefined;
  /** Bodies kept per version; the oldest goes first. Default 128. */
  maxEntries?: number;
}

/**
 * What {@linkcode ResponseCache.get} answers: the body, and whether the cache
 * answered (`hit`), was filled (`miss`) or was not used (absent).
 *
 * @example
 * ```ts ignore
 * const { body, cache } = await responses.get(key, render);
 * ```
 */
export interface CachedBody {
  body: string;
  cache?: CacheOutcome;
}

/**
 * Rendered bodies by key, at the store's current data version.
 *
 * @example
 * ```ts ignore
 * const { body } = await responses.get("limit=50", async () => JSON.stringify(await read()));
 * ```
 */
export interface ResponseCache {
  /**
   * The body cached under `key` at the current data version, else
   * `render()`'s. `render` must start its store read synchronously, before
   * its first `await` (both stores do): the version is read just before it,
   * so the body is at least as new as the version it is filed under.
   */
  get(key: string, render: () => Promise<string>): Promise<CachedBody>;
  /** The body cached under `key` at the current data version, if there is one; renders nothing. */
  peek(key: string): string | undefined;
}

/**
 * Builds a {@linkcode ResponseCache}.
 *
 * Why it is exact: SQLite's data version changes whenever any connection
 * commits, and this connection's change count whenever it writes, so an
 * unchanged version means no write has landed since the body was rendered
 * (within the version's own bound, see `Store.dataVersion`). A body
 * rendered while the version moved is not kept.
 *
 * @example
 * ```ts ignore
 * const responses = createResponseCache({ version: () => store.dataVersion?.() });
 * const { body, cache } = await responses.get(key, render);
 * ```
 */
export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const maxEntries = options.maxEntries ?? 128;
  const bodies = new Map<string, string>();
  let current: string | undefined;
  /** The version now, with every body of an older one dropped. */
  const refresh = (): string | undefined => {
    const version = options.version();
    if (version !== current) {
      bodies.clear();
      current = version;
    }
    return version;
  };
  return {
    peek(key) {
      return refresh() === undefined ? undefined : bodies.get(key);
    },
    async get(key, render) {
      const version = refresh();
      if (version === undefined) return { body: await render() };
      const cached = bodies.get(key);
      if (cached !== undefined) return { body: cached, cache: "hit" };
      const body = await render();
      // Another request may have seen a newer version while this one rendered.
      if (current === version) {
        if (bodies.size >= maxEntries) bodies.delete(bodies.keys().next().value!);
        bodies.set(key, body);
      }
      return { body, cache: "miss" };
    },
  };
}

/**
 * The actors a process can run, their entry modules and what they consume.
 *
 * @module
 */
import type { ActorName, Config } from "../config/mod.ts";
import type { Topic } from "../messages/mod.ts";
import type { ChildSpec } from "../supervisor/child_spec.ts";

interface ActorEntry {
  module: URL;
  consumes: readonly Topic[];
}

/** Every actor role. */
export const actorRegistry: Readonly<Record<ActorName, ActorEntry>> = {
  collector: { module: new URL("./collector/mod.ts", import.meta.url), consumes: [] },
  analyzer: { module: new URL("./analyzer/mod.ts", import.meta.url), consumes: ["candle"] },
  strategy: { module: new URL("./strategy/mod.ts", import.meta.url), consumes: ["analysis"] },
  alerter: {
    module: new URL("./alerter/mod.ts", import.meta.url),
    consumes: ["alert", "signal", "candle", "silence", "ack"],
  },
};

/**
 * Consumers start before their producers, so each is ready when data flows,
 * and (stopping in reverse) producers stop first, so consumers can drain.
 */
const startOrder: readonly ActorName[] = ["alerter", "strategy", "analyzer", "collector"];

/**
 * Child specs for the actors configured to run in this process, in start order.
 *
 * @example
 * ```ts
 * import { validateConfig } from "../config/mod.ts";
 * actorSpecs(validateConfig({ actors: ["collector"] })).map((s) => s.id); // ["collector"]
 * ```
 */
export function actorSpecs(config: Config): ChildSpec[] {
  return startOrder.filter((name) => config.actors.includes(name)).map((name) => {
    const settings = config.actorSettings[name];
    return {
      id: name,
      module: actorRegistry[name].module,
      consumes: actorRegistry[name].consumes,
      restart: settings.restart,
      isolation: settings.isolation,
      shutdownMs: settings.shutdownMs,
      maxHeapBytes: settings.maxHeapMb * 1024 * 1024,
    };
  });
}

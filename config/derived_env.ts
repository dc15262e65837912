/**
 * Environment variables derived from the schema for every setting that has no
 * explicit variable in `env.ts`, so that a deployment configured only through
 * its environment (compose) reaches every setting, and a new setting gets a
 * variable without anyone listing it.
 *
 * A setting's name is `CT_` and its path in UPPER_SNAKE, a double underscore
 * between levels: `bus.leaseMs` is `CT_BUS__LEASE_MS`. The value is read by the
 * setting's zod type: numbers, booleans, strings and enumerations as they are,
 * lists of names comma-separated, anything structured as JSON.
 *
 * @module
 */
import type { z } from "zod";
import { editDistance } from "../market/suggest.ts";
import { type EnvKind, type EnvVar, envVars } from "./env.ts";
import { configSchema } from "./schema.ts";
import { type SchemaNode as Node, unwrapSchema } from "./zod_walk.ts";

/** Types whose values are names: read as they are, and comma-separated in a list. */
const NAME_TYPES = new Set(["string", "enum"]);

/** One setting of the schema: a dotted path and how an environment string becomes its value. */
export interface Setting {
  path: string;
  kind: EnvKind;
  /** `null` is a value it accepts, which `"null"` in the environment gives. */
  nullable: boolean;
}

/**
 * Every setting of `schema`, in its order: objects are walked into, anything
 * else (a number, a list, a union, a lazily defined route) is one setting.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * schemaSettings(z.object({ bus: z.object({ leaseMs: z.number().default(1) }).prefault({}) }));
 * // [{ path: "bus.leaseMs", kind: "number", nullable: false }]
 * ```
 */
export function schemaSettings(schema: z.ZodType): Setting[] {
  const out: Setting[] = [];
  const visit = (node: Node, path: string[]): void => {
    const { inner, nullable } = unwrapSchema(node);
    const def = inner._zod.def;
    if (def.type === "object" && def.shape) {
      for (const [key, child] of Object.entries(def.shape)) visit(child, [...path, key]);
    } else {
      out.push({ path: path.join("."), kind: kindOf(inner), nullable });
    }
  };
  visit(schema as unknown as Node, []);
  return out;
}

/**
 * The derived variable name of a setting path.
 *
 * @example
 * ```ts
 * derivedEnvName("actorSettings.strategy.maxHeapMb"); // "CT_ACTOR_SETTINGS__STRATEGY__MAX_HEAP_MB"
 * ```
 */
export function derivedEnvName(path: string): string {
  const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
  return `CT_${path.split(".").map(words).join("__")}`;
}

const explicitByPath = new Map(envVars.map((v) => [v.path, v.name]));
const settings = schemaSettings(configSchema);

/**
 * A variable for every setting without an explicit one; a setting with an
 * explicit variable has no second name, so precedence never has to choose.
 *
 * @example
 * ```ts
 * derivedEnvVars.find((v) => v.path === "bus.leaseMs")?.name; // "CT_BUS__LEASE_MS"
 * ```
 */
export const derivedEnvVars: readonly EnvVar[] = settings
  .filter((s) => !explicitByPath.has(s.path))
  .map((s) => ({
    name: derivedEnvName(s.path),
    path: s.path,
    kind: s.kind,
    nullable: s.nullable,
    doc: `Sets ${s.path}`,
  }));

const derivedNames = new Set(derivedEnvVars.map((v) => v.name));

/**
 * Problems with `CT_…__…` variables that name no setting, one a variable,
 * each suggesting the closest name that does. Other variables are not ours
 * to judge. Values are not shown: a misspelt name may carry a secret.
 *
 * @example
 * ```ts
 * unknownEnvProblems({ CT_BUS__LEAS_MS: "5000", HOME: "/root" });
 * // ["CT_BUS__LEAS_MS names no setting; did you mean CT_BUS__LEASE_MS (bus.leaseMs)?"]
 * ```
 */
export function unknownEnvProblems(env: Record<string, string | undefined>): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith("CT_") && name.includes("__") && !derivedNames.has(name))
    .sort()
    .map((name) => `${name} names no setting; did you mean ${closest(name)}?`);
}

/**
 * The setting whose derived-style name is nearest `name`, given as the
 * variable that really sets it: `CT_API__PORT` is answered with `PORT`.
 */
function closest(name: string): string {
  let best = { d: Infinity, text: "" };
  for (const s of settings) {
    const d = editDistance(name, derivedEnvName(s.path), best.d);
    if (d < best.d) {
      best = { d, text: `${explicitByPath.get(s.path) ?? derivedEnvName(s.path)} (${s.path})` };
    }
  }
  return best.text;
}

function kindOf(node: Node): EnvKind {
  const def = node._zod.def;
  if (def.type === "number") return "number";
  if (def.type === "boolean") return "bool";
  if (NAME_TYPES.has(def.type)) return "string";
  // A list of names reads like the explicit lists (CT_SYMBOLS); lists of objects need JSON.
  if (def.type === "array" && def.element) {
    const element = unwrapSchema(def.element).inner._zod.def.type;
    if (NAME_TYPES.has(element)) return "list";
  }
  return "json";
}

/**
 * Reading a zod schema's structure, for what the configuration derives from
 * it (environment names, the keys an error lists). zod 4 keeps a schema's
 * definition on `_zod.def`; only the fields read here are typed.
 *
 * @module
 */

/** The part of a zod schema's definition the walks read. */
export interface SchemaDef {
  type: string;
  /** What `.default()`, `.prefault()`, `.optional()` and `.nullable()` wrap. */
  innerType?: SchemaNode;
  /** A pipe's input (a transformed setting is read as written). */
  in?: SchemaNode;
  shape?: Record<string, SchemaNode>;
  element?: SchemaNode;
  valueType?: SchemaNode;
  /** A `z.lazy()` schema's body. */
  getter?: () => SchemaNode;
}

/** A zod schema as the walks see it. */
export interface SchemaNode {
  _zod: { def: SchemaDef };
}

/**
 * The schema inside `node`'s wrappers (defaults, optional, nullable, pipes,
 * and `z.lazy()` when `lazy`), and whether one of them was `.nullable()`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * const { inner, nullable } = unwrapSchema(z.number().nullable().default(1) as never);
 * inner._zod.def.type; // "number"
 * nullable; // true
 * ```
 */
export function unwrapSchema(
  node: SchemaNode,
  options: { lazy?: boolean } = {},
): { inner: SchemaNode; nullable: boolean } {
  let nullable = false;
  // Bounded: a lazy schema may contain itself.
  for (let depth = 0; depth < 32; depth++) {
    const def = node._zod.def;
    if (def.type === "nullable") nullable = true;
    const inner = def.type === "pipe"
      ? def.in
      : def.innerType ?? (options.lazy ? def.getter?.() : undefined);
    if (!inner) break;
    node = inner;
  }
  return { inner: node, nullable };
}

/**
 * How an actor's child process is started: by `deno run` from the sources,
 * or, inside a `deno compile` binary, by the binary itself.
 *
 * @module
 */

/**
 * The first argument that makes `main.ts` run an actor module instead of
 * the system. A compiled binary holds no `deno` to `run` a module with, so
 * a process-isolated actor is the same binary started with this argument
 * and the module's URL (inside the binary's embedded files).
 */
export const ACTOR_PROCESS_ARG = "--actor-process";

const denoJson = new URL("../../deno.json", import.meta.url);

/**
 * The program and arguments that start `module` as an actor process.
 * `standalone` is `Deno.build.standalone`: true inside a compiled binary.
 *
 * @example
 * ```ts
 * const module = new URL("file:///app/actors/collector/mod.ts");
 * actorProcessCommand(module, { standalone: true, execPath: "/app/crypto-trade" });
 * // { program: "/app/crypto-trade", args: ["--actor-process", "file:///app/actors/collector/mod.ts"] }
 * ```
 */
export function actorProcessCommand(
  module: URL,
  options: { standalone: boolean; execPath: string },
): { program: string; args: string[] } {
  const args = options.standalone
    ? [ACTOR_PROCESS_ARG, module.href]
    : ["run", "--allow-all", "--quiet", "--config", denoJson.pathname, module.href];
  return { program: options.execPath, args };
}

/**
 * The actor module `args` asks `main.ts` to run (`--actor-process URL`), or
 * `undefined` when they ask for the system.
 *
 * @throws when the argument is there but the URL is missing or not a
 * `file:` module, naming what was received.
 *
 * @example
 * ```ts
 * actorProcessModule(["--actor-process", "file:///app/actors/collector/mod.ts"]); // URL
 * actorProcessModule(["--source", "sim"]); // undefined
 * ```
 */
export function actorProcessModule(args: readonly string[]): URL | undefined {
  if (args[0] !== ACTOR_PROCESS_ARG) return undefined;
  const href = args[1];
  let url: URL | undefined;
  try {
    url = href === undefined ? undefined : new URL(href);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== "file:" || args.length !== 2) {
    throw new Error(
      `${ACTOR_PROCESS_ARG}: expected one file: URL of an actor module, received ${
        JSON.stringify(args.slice(1))
      }`,
    );
  }
  return url;
}

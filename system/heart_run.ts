/**
 * `main.ts --heart` (what `deno task start` runs): the system in a child
 * process under a {@linkcode Heart}, started again after a failure.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Layer } from "../config/mod.ts";
import { Heart } from "../supervisor/heart.ts";

/** The flag of `main.ts` that runs the system under a heart. */
export const HEART_ARG = "--heart";

/** Set in the system process the heart starts, so it knows it has one. */
export const HEART_CHILD_ENV = "CT_HEART_CHILD";

const denoJson = new URL("../deno.json", import.meta.url);

/**
 * What the system defaults to under a heart (under the config file, the
 * environment and the flags, which still win): a worker's leaked thread
 * ends the process, since the heart starts a fresh one.
 *
 * @example
 * ```ts
 * heartChildDefaults({ CT_HEART_CHILD: "1" }); // { supervisor: { onLeakedThread: "exit" } }
 * heartChildDefaults({}); // {}
 * ```
 */
export function heartChildDefaults(env: Record<string, string | undefined>): Layer {
  return env[HEART_CHILD_ENV] === "1" ? { supervisor: { onLeakedThread: "exit" } } : {};
}

/**
 * The program and arguments that start the system as the heart's child:
 * `deno run` of the same main module from the sources, or, inside a
 * compiled binary, the binary itself. `args` are the system's flags, without
 * {@linkcode HEART_ARG} (which `main.ts` has already taken off).
 *
 * @example
 * ```ts
 * heartChildCommand(["--source", "sim"], {
 *   standalone: true,
 *   execPath: "/app/crypto-trade",
 *   mainModule: "file:///app/main.ts",
 * }); // { program: "/app/crypto-trade", args: ["--source", "sim"] }
 * ```
 */
export function heartChildCommand(
  args: readonly string[],
  options: { standalone: boolean; execPath: string; mainModule: string },
): { program: string; args: string[] } {
  return {
    program: options.execPath,
    args: options.standalone
      ? [...args]
      : ["run", "--allow-all", "--config", denoJson.pathname, options.mainModule, ...args],
  };
}

/**
 * Runs the system under a heart until it stops for good; SIGINT and SIGTERM
 * are passed on to it (a graceful stop) and end the heart with it. Returns
 * the exit code.
 *
 * @example
 * ```ts ignore
 * Deno.exit(await runHeart(Deno.args, log));
 * ```
 */
export async function runHeart(args: readonly string[], log: Logger): Promise<number> {
  const command = heartChildCommand(args, {
    standalone: Deno.build.standalone,
    execPath: Deno.execPath(),
    mainModule: Deno.mainModule,
  });
  const heart = new Heart({
    log,
    spawn: () =>
      new Deno.Command(command.program, {
        args: command.args,
        env: { [HEART_CHILD_ENV]: "1" },
        // Never written: the system sees it close when the heart is gone, even by SIGKILL.
        stdin: "piped",
        stdout: "inherit",
        stderr: "inherit",
      }).spawn(),
  });
  const onSignal = (signal: Deno.Signal) => () => heart.stop(signal);
  const listeners = [["SIGINT", onSignal("SIGINT")], ["SIGTERM", onSignal("SIGTERM")]] as const;
  for (const [signal, listener] of listeners) Deno.addSignalListener(signal, listener);
  log.info("the heart (pid {heartPid}) runs the system, and starts it again after a failure", {
    heartPid: Deno.pid,
  });
  try {
    return await heart.run();
  } finally {
    for (const [signal, listener] of listeners) Deno.removeSignalListener(signal, listener);
  }
}

/**
 * Resolves when this process's stdin closes: under a heart, the heart is
 * gone (killed with it SIGKILL, say), and the system must not live on
 * without it, holding its port and its leases.
 *
 * @example
 * ```ts ignore
 * if (Deno.env.get(HEART_CHILD_ENV) === "1") void heartGone().then(() => stop());
 * ```
 */
export async function heartGone(): Promise<void> {
  const buffer = new Uint8Array(64);
  try {
    while ((await Deno.stdin.read(buffer)) !== null) { /* the heart writes nothing */ }
  } catch {
    // A broken pipe is the heart gone too.
  }
}

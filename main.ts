// deno-lint-ignore-file no-console -- entry points print usage and start-up errors before logging is set up
/**
 * Crypto-Trade: `deno task start [flags]`. Loads the configuration, prepares
 * storage, and runs the supervisor with the configured actors until
 * SIGINT/SIGTERM (graceful; a second signal forces exit) or escalation.
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import { configFlagsHelp, loadConfig, redactConfig } from "./config/mod.ts";
import { errorMessage, FatalError } from "./lib/errors.ts";
import { setupLogging } from "./log/mod.ts";
import { actorProcessModule } from "./supervisor/hosts/actor_process.ts";
import {
  HEART_ARG,
  HEART_CHILD_ENV,
  heartChildDefaults,
  heartGone,
  runHeart,
} from "./system/heart_run.ts";
import { runSystem } from "./system/run.ts";

const usage = `Usage: deno task start [flags]

Runs the Crypto-Trade supervisor and its actors (collector, analyzer, strategy, alerter).

Flags:
${configFlagsHelp}
  --heart              run the system in a child process, started again after a failure
                       (a hung worker's leaked thread, a crash); deno task start sets it
  -h, --help           show this help
`;

async function main(): Promise<number> {
  const heart = Deno.args.includes(HEART_ARG);
  const args = Deno.args.filter((a) => a !== HEART_ARG);
  const env = Deno.env.toObject();
  let loaded;
  try {
    loaded = await loadConfig({ args, env, defaults: heartChildDefaults(env) });
  } catch (e) {
    console.error(`crypto-trade: ${errorMessage(e)}`);
    return e instanceof FatalError ? e.exitCode : 2;
  }
  if (loaded.help) {
    console.log(usage);
    return 0;
  }
  const { config } = loaded;
  await setupLogging({ level: config.log.level, format: config.log.format });
  if (heart) return await runHeart(args, getLogger(["ct", "heart"]));
  const log = getLogger(["ct", "main"]);
  log.info("starting with {config}", { config: JSON.stringify(redactConfig(config)) });
  try {
    return await runSystem(config, log, env[HEART_CHILD_ENV] === "1" ? heartGone() : undefined);
  } catch (e) {
    log.fatal("cannot start: {error}", { error: errorMessage(e) });
    return e instanceof FatalError ? e.exitCode : 1;
  }
}

/**
 * `--actor-process URL`: this process is one process-isolated actor, started
 * by a compiled binary's supervisor (see `supervisor/hosts/actor_process.ts`).
 * The module speaks to the supervisor over stdio and exits by itself.
 */
async function actorProcess(): Promise<boolean> {
  let module: URL | undefined;
  try {
    module = actorProcessModule(Deno.args);
  } catch (e) {
    console.error(`crypto-trade: ${errorMessage(e)}`);
    Deno.exit(2);
  }
  if (module === undefined) return false;
  await import(module.href);
  return true;
}

if (!await actorProcess()) Deno.exit(await main());

// deno-lint-ignore-file no-console -- entry points print usage and start-up errors before logging is set up
/**
 * The management CLI: `deno task cli <command> [flags]`.
 *
 * Commands:
 * - `migrate`: apply pending storage migrations and exit.
 * - `config`: print the effective configuration, secrets redacted.
 *
 * @module
 */
import { configFlagsHelp, loadConfig, redactConfig } from "../config/mod.ts";
import { errorMessage, FatalError } from "../lib/errors.ts";
import { migrate } from "../store/mod.ts";

const usage = `Usage: deno task cli <command> [flags]

Commands:
  migrate   apply pending storage migrations (PostgreSQL when DATABASE_URL is set, else embedded)
  config    print the effective configuration as JSON, secrets redacted

Flags:
${configFlagsHelp}
  -h, --help           show this help
`;

/** Runs one CLI invocation; returns the exit code. Output goes to the given writers. */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  let loaded;
  try {
    loaded = await loadConfig({ args, env });
  } catch (e) {
    err(`crypto-trade: ${errorMessage(e)}`);
    return e instanceof FatalError ? e.exitCode : 2;
  }
  const [command, ...rest] = loaded.positionals;
  if (loaded.help || command === undefined) {
    (loaded.help ? out : err)(usage);
    return loaded.help ? 0 : 2;
  }
  if (rest.length > 0) {
    err(`crypto-trade: unexpected argument ${JSON.stringify(rest[0])} after ${command}`);
    return 2;
  }
  const { config } = loaded;
  switch (command) {
    case "migrate": {
      try {
        const r = await migrate({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          ...config.store,
        });
        out(
          r.applied.length
            ? `applied migrations ${r.applied.join(", ")}; schema at version ${r.current}`
            : `schema up to date at version ${r.current}`,
        );
        return 0;
      } catch (e) {
        err(`crypto-trade: migrate failed: ${errorMessage(e)}`);
        return 1;
      }
    }
    case "config":
      out(JSON.stringify(redactConfig(config), null, 2));
      return 0;
    default:
      err(`crypto-trade: unknown command ${JSON.stringify(command)}; expected migrate or config`);
      return 2;
  }
}

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args, Deno.env.toObject(), console.log, console.error));
}

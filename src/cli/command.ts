import type { ParseArgsConfig } from 'node:util';

/** Where a CLI command reads and writes; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input, for `--event -`. */
  stdin: NodeJS.ReadableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM; long-running commands (serve, logs --tail) stop on it. */
  signal: AbortSignal;
}

export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

export interface CliCommand {
  name: string;
  /** One line for `swb --help`. */
  summary: string;
  /** The synopsis, e.g. `swb invoke [<function>] [--handler H] …`. */
  usage: string;
  /** Lines describing the flags, printed by `swb <command> --help`. */
  help: string[];
  flags: FlagOptions;
  /** Returns the exit code: 0 success, 1 the work failed, 2 bad input. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

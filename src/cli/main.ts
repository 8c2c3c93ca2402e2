import { isCancellation, oneLine, UserError } from '../core/errors';
import { version } from '../core/version';
import { parseCommandArgs } from './args';
import { bufferedOutput } from './bufferedOutput';
import type { CliCommand, CliIo } from './command';
import { commands } from './commands';

export const programName = 'swb';

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${programName} <command> [options]`,
    '',
    'Serverless Workbench: run serverless functions locally, deploy them and watch their logs.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also `swb <command> --help`)',
    '  -v, --version  print the version',
    '',
  ].join('\n');
}

function commandUsage(command: CliCommand): string {
  return [`Usage: ${command.usage}`, '', command.summary, '', ...command.help, ''].join('\n');
}

/**
 * Runs the CLI and returns the exit code: 0 success, 1 the work itself failed (e.g. the function
 * returned an error), 2 bad input to the CLI. User errors are one line on stderr, never a stack.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    if (first === 'help' && rest[0]) return runCli([rest[0], '--help'], io);
    io.stdout(usage());
    return 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${version}\n`);
    return 0;
  }
  if (first.startsWith('-')) {
    io.stderr(`${programName}: unknown flag ${first}\n\n${usage()}`);
    return 2;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    io.stderr(`${programName}: unknown command "${first}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandUsage(command));
    return 0;
  }
  try {
    const args = parseCommandArgs(rest, command.flags);
    return await command.run(args, io);
  } catch (error) {
    if (isCancellation(error)) return 130;
    if (error instanceof UserError) {
      io.stderr(`${programName} ${command.name}: ${error.message}\n`);
      if (error.detail) io.stderr(`${error.detail}\n`);
      else io.stderr(`\nUsage: ${command.usage}\n`);
      return 2;
    }
    // An unexpected failure: still one line by default; the stack only when asked for.
    io.stderr(`${programName} ${command.name} failed: ${oneLine(error)}\n`);
    if (io.env.SWB_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 1;
  }
}

function main(): void {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (): void => {
    signals += 1;
    if (signals > 1) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Output is coalesced per turn of the event loop (see bufferedOutput) and flushed on exit.
  const output = bufferedOutput(process.stdout, process.stderr);
  process.on('exit', output.flush);
  const io: CliIo = {
    stdout: output.stdout,
    stderr: output.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    env: process.env,
    signal: controller.signal,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
    (error: unknown) => {
      output.stderr(`${programName}: ${oneLine(error)}\n`);
      process.exitCode = 1;
    },
  );
}

// Run only as the entry point (dist/cli.js), not when imported by tests.
if (require.main === module) main();

import { execFile } from 'node:child_process';
import { InitError } from './lambdaErrors';
import type { InspectOptions } from './types';

/**
 * How an environment is started under a debugger (`EmulatorOptions.inspect`): Node's own
 * inspector, or debugpy for Python. The debugger attaches from outside (VS Code), so all the
 * emulator does is start the process listening and stop enforcing Lambda's time limits.
 */

export const DEFAULT_INSPECT_HOST = '127.0.0.1';

/** The init error of a Python environment asked to debug without debugpy. */
export const DEBUGGER_MISSING = 'Runtime.DebuggerMissing';

export function inspectAddress(inspect: InspectOptions): string {
  return `${inspect.host ?? DEFAULT_INSPECT_HOST}:${inspect.port}`;
}

/** Node's flag; `--inspect-brk` stops before the bootstrap's first line until a debugger resumes it. */
export function nodeInspectArgs(inspect: InspectOptions): string[] {
  return [`${inspect.breakOnStart ? '--inspect-brk' : '--inspect'}=${inspectAddress(inspect)}`];
}

/** The arguments that run `script` under debugpy (before the script; `-u` keeps output unbuffered). */
export function pythonInspectArgs(inspect: InspectOptions, script: string): string[] {
  return ['-u', '-m', 'debugpy', '--listen', inspectAddress(inspect), ...(inspect.breakOnStart ? ['--wait-for-client'] : []), script];
}

const debugpyChecks = new Map<string, Promise<boolean>>();

/** Whether `python` can import debugpy; asked once per interpreter. */
export function hasDebugpy(python: string): Promise<boolean> {
  let found = debugpyChecks.get(python);
  if (!found) {
    found = new Promise((resolve) =>
      execFile(python, ['-c', 'import debugpy'], { timeout: 20_000, windowsHide: true }, (err) => resolve(!err)),
    );
    debugpyChecks.set(python, found);
    // A failed check is asked again next time: the user may install debugpy after reading the error.
    void found.then((ok) => ok || debugpyChecks.delete(python));
  }
  return found;
}

/** Throws the init error that names the fix when `python` lacks debugpy. */
export async function requireDebugpy(python: string): Promise<void> {
  if (await hasDebugpy(python)) return;
  throw new InitError({
    errorType: DEBUGGER_MISSING,
    errorMessage: `debugpy is not installed for ${python}: pip install debugpy`,
  });
}

import { AsyncLocalStorage } from 'node:async_hooks';
import * as util from 'node:util';

/**
 * The process-wide side of `isolation: 'inline'` (see inlineEnvironment.ts): a handler runs on the
 * emulator's own event loop, so what a runtime process would own — the console, `process.exit`,
 * uncaught errors — is shared. Each inline invocation runs inside an AsyncLocalStorage scope, and
 * these hooks route the function's console lines, exits and crashes to the scope they came from
 * (every callback, timer and promise the handler starts inherits it). Code outside any scope (the
 * emulator's own) sees the usual behaviour.
 */

export interface InlineScope {
  /** A console call of the function's code; `level` is Lambda's (INFO, WARN, ERROR…). */
  log(level: string, args: unknown[]): void;
  /** An exception or rejection that the function's code left unhandled. */
  crashed(label: 'Uncaught Exception' | 'Unhandled Promise Rejection', error: unknown): void;
  /** The function's code called `process.exit()`. */
  exited(code: number): void;
  /** The function sets `AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA`: `awslambda` reads as undefined in its scope (inlineResponseStream.ts). */
  hidesAwsLambda?: boolean;
}

export const inlineScope = new AsyncLocalStorage<InlineScope>();

/**
 * Runs `fn` outside any function's scope (the emulator's continuations). `run(undefined)`, not
 * `exit()`: Node 20's `exit()` disables and re-enables the async hooks on every call, which cost
 * more than the rest of a warm inline invoke.
 */
export function outsideInlineScope<T>(fn: () => T): T {
  return inlineScope.run(undefined as unknown as InlineScope, fn);
}

/** Thrown by the replaced `process.exit` so that the code after the call does not run, as after a real exit. */
export class InlineExit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code}) in an inline function`);
    this.name = 'InlineExit';
  }
}

const CONSOLE_LEVELS: Record<string, string> = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };

let installed = false;

/** Installs the hooks once per process; they stay (a late timer of a finished invoke still needs them). */
export function installInlineRuntime(): void {
  if (installed) return;
  installed = true;
  const target = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const [method, level] of Object.entries(CONSOLE_LEVELS)) {
    const original = target[method].bind(console);
    target[method] = (...args: unknown[]) => {
      const scope = inlineScope.getStore();
      if (scope) scope.log(level, args);
      else original(...args);
    };
  }

  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    const scope = inlineScope.getStore();
    if (!scope) return exit(code);
    const status = Number(code ?? process.exitCode ?? 0) || 0;
    scope.exited(status);
    throw new InlineExit(status);
  }) as typeof process.exit;

  process.on('uncaughtException', (error) => {
    if (error instanceof InlineExit) return;
    const scope = inlineScope.getStore();
    if (scope) return scope.crashed('Uncaught Exception', error);
    // Not the function's. A host with listeners of its own (the VS Code extension host) decides;
    // otherwise, what Node does when nobody listens.
    if (process.listenerCount('uncaughtException') > 1) return;
    process.stderr.write(`${util.inspect(error)}\n`);
    exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    if (reason instanceof InlineExit) return;
    const scope = inlineScope.getStore();
    if (scope) return scope.crashed('Unhandled Promise Rejection', reason);
    if (process.listenerCount('unhandledRejection') > 1) return;
    process.stderr.write(`Unhandled promise rejection: ${util.inspect(reason)}\n`);
    exit(1);
  });
}

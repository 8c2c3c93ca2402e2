import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Finds the file a Lambda handler string points at, the way each runtime resolves it:
 * Node `src/app.handler` → src/app.js|.mjs|.cjs, then TypeScript src/app.ts|.mts|.cts; Python `pkg.mod.handler` → pkg/mod.py;
 * provided runtimes → the `bootstrap` executable.
 */

const nodeExtensions = ['.js', '.mjs', '.cjs'];
/** The emulator compiles these on the fly when no JavaScript file answers the handler. */
const typescriptExtensions = ['.ts', '.mts', '.cts'];

export type RuntimeFamily = 'node' | 'python' | 'provided';

export function runtimeFamily(runtime: string): RuntimeFamily | undefined {
  if (runtime.startsWith('nodejs')) return 'node';
  if (runtime.startsWith('python')) return 'python';
  if (runtime === 'provided' || runtime.startsWith('provided.')) return 'provided';
  return undefined;
}

/**
 * Splits a handler given on the command line. A file extension in it (`app.py.handler`,
 * `index.mjs.handler`) is dropped from the Lambda handler string and kept as a runtime hint.
 */
export function normalizeHandler(handler: string): { handler: string; extension?: string } {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return { handler };
  const modulePart = handler.slice(0, dot);
  const extension = ['.py', ...nodeExtensions].find((ext) => modulePart.endsWith(ext));
  if (!extension) return { handler };
  return { handler: `${modulePart.slice(0, -extension.length)}${handler.slice(dot)}`, extension };
}

/** Candidate files for a handler in a runtime family, most likely first. */
export function handlerFileCandidates(codeDir: string, handler: string, family: RuntimeFamily): string[] {
  if (family === 'provided') return [path.join(codeDir, 'bootstrap')];
  const dot = handler.lastIndexOf('.');
  const modulePath = dot > 0 ? handler.slice(0, dot) : handler;
  if (family === 'python') {
    return [...new Set([path.join(codeDir, `${modulePath.replace(/\./g, '/')}.py`), path.join(codeDir, `${modulePath}.py`)])];
  }
  return [...nodeExtensions, ...typescriptExtensions].map((ext) => path.join(codeDir, `${modulePath}${ext}`));
}

export function findHandlerFile(codeDir: string, handler: string, family: RuntimeFamily): string | undefined {
  return handlerFileCandidates(codeDir, handler, family).find((file) => existsSync(file) && statSync(file).isFile());
}

/**
 * The runtime to use when none is given: from an explicit extension, else from which file
 * exists (a Python module and no JavaScript one → Python), else Node.
 */
export function guessRuntime(codeDir: string, handler: string, extension?: string): string {
  if (extension === '.py') return 'python3.12';
  if (extension) return 'nodejs20.x';
  if (!findHandlerFile(codeDir, handler, 'node') && findHandlerFile(codeDir, handler, 'python')) return 'python3.12';
  return 'nodejs20.x';
}

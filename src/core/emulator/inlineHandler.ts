import { streamingOptions } from './inlineResponseStream';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionSpec } from '../project/functionSpec';
import type { LambdaErrorPayload } from './types';

/**
 * Loading a handler into the emulator's own process for `isolation: 'inline'`, with the rules and
 * error types of runtimes/node/bootstrap.js (which a child process or worker runs instead):
 * `dir/module.export.path`, `.js`/`.mjs`/`.cjs`, `"type": "module"`, a compiled TypeScript file.
 */

export type InlineHandler = (event: unknown, context: unknown, callback: (error?: unknown, result?: unknown) => void) => unknown;

/** An error with one of Lambda's runtime error types as its name (`Runtime.HandlerNotFound`…). */
export function runtimeError(type: string, message: string, cause?: unknown): Error {
  const error = new Error(message);
  error.name = `Runtime.${type}`;
  // The stack names the runtime's type, like the bootstrap's error classes'.
  error.stack = `${error.name}: ${message}`;
  const causeStack = (cause as { stack?: unknown } | undefined)?.stack;
  if (typeof causeStack === 'string') error.stack += `\n${causeStack.split('\n').slice(0, 4).join('\n')}`;
  return error;
}

function isErrorLike(value: unknown): value is { name: unknown; message: unknown; stack?: unknown } {
  return value instanceof Error || (value !== null && typeof value === 'object' && typeof (value as { stack?: unknown }).stack === 'string' && 'message' in value);
}

/** AWS's Node.js error payload, as the bootstrap posts it. */
export function errorResponse(error: unknown): LambdaErrorPayload {
  try {
    if (isErrorLike(error)) {
      return {
        errorType: String(error.name),
        errorMessage: String(error.message),
        trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

/** The error as the runtime logs it (`Invoke Error \t{…}`): its own properties, the stack in lines. */
export function errorForLog(error: unknown): unknown {
  if (!isErrorLike(error)) return error;
  const out: Record<string, unknown> = Object.assign({ errorType: error.name, errorMessage: error.message, code: (error as { code?: unknown }).code }, error);
  if (typeof error.stack === 'string') out.stack = error.stack.split('\n');
  return out;
}

export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return JSON.stringify(String(value));
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function nearestPackageType(dir: string): string | undefined {
  for (let current = dir; ; ) {
    try {
      return (JSON.parse(readFileSync(path.join(current, 'package.json'), 'utf8')) as { type?: string }).type;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Every load of an ES module needs a URL of its own: Node never evaluates one URL twice. */
let esmLoads = 0;

function importFresh(file: string): Promise<unknown> {
  return import(`${pathToFileURL(file).href}?swb-inline=${++esmLoads}`);
}

/**
 * Each environment gets its own instance of the code, as a process would: the CommonJS modules
 * under the code folder (and the compiled-handler cache inside it) leave `require.cache` before a
 * load. Instances an older environment holds stay alive as long as it does.
 */
function forgetCommonJs(requireFn: NodeJS.Require, codeDir: string): void {
  const prefix = codeDir.endsWith(path.sep) ? codeDir : codeDir + path.sep;
  for (const key of Object.keys(requireFn.cache)) if (key.startsWith(prefix)) delete requireFn.cache[key];
}

function loadModule(requireFn: NodeJS.Require, spec: FunctionSpec, moduleRoot: string, moduleName: string, compiled?: string): unknown {
  if (compiled) return compiled.endsWith('.mjs') ? importFresh(compiled) : requireFn(compiled);
  const base = path.resolve(spec.codeDir, moduleRoot, moduleName);
  if (isFile(base)) return requireFn(base);
  const esm = nearestPackageType(path.dirname(base)) === 'module';
  if (isFile(`${base}.js`)) return esm ? importFresh(`${base}.js`) : requireFn(`${base}.js`);
  if (isFile(`${base}.mjs`)) return importFresh(`${base}.mjs`);
  if (isFile(`${base}.cjs`)) return requireFn(`${base}.cjs`);
  return requireFn(requireFn.resolve(moduleName, { paths: [path.resolve(spec.codeDir, moduleRoot), spec.codeDir] }));
}

/** Loads a fresh instance of the function's handler; throws with Lambda's runtime error types. */
export async function loadInlineHandler(spec: FunctionSpec, compiledFile?: string): Promise<InlineHandler> {
  const handlerString = spec.handler;
  if (handlerString.includes('..')) {
    throw runtimeError('MalformedHandlerName', "'../' is not a valid handler name. Use absolute paths when specifying root directories in handler names.");
  }
  const handlerName = path.basename(handlerString);
  const moduleRoot = handlerString.slice(0, handlerString.length - handlerName.length);
  const match = /^([^.]*)\.(.*)$/.exec(handlerName);
  if (!match) throw runtimeError('MalformedHandlerName', 'Bad handler');
  const [, moduleName, exportPath] = match;

  const requireFn = createRequire(path.join(spec.codeDir, 'index.js'));
  forgetCommonJs(requireFn, spec.codeDir);
  // Process-wide (Node has no per-module switch): stack traces of a compiled handler point at the .ts.
  if (compiledFile) process.setSourceMapsEnabled(true);
  let loaded: unknown;
  try {
    loaded = await loadModule(requireFn, spec, moduleRoot, moduleName, compiledFile);
  } catch (err) {
    // TransformError: the emulator itself runs under a TypeScript loader (tsx), which parses .js first.
    if (err instanceof SyntaxError || (err as Error | null)?.name === 'TransformError') throw runtimeError('UserCodeSyntaxError', String(err), err);
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') throw runtimeError('ImportModuleError', String(err), err);
    throw err;
  }
  const handler = exportPath.split('.').reduce<unknown>((value, key) => (value == null ? undefined : (value as Record<string, unknown>)[key]), loaded);
  if (handler == null) throw runtimeError('HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw runtimeError('HandlerNotFound', `${handlerString} is not a function`);
  if (callbackHandlersRemoved(spec.runtime) && handler.length >= 3 && !streamingOptions(handler).streaming) {
    throw runtimeError('CallbackHandlerDeprecated', CALLBACK_HANDLER_REMOVED);
  }
  return handler as InlineHandler;
}

/** AWS's words when a Node.js 24+ function still has a callback handler (as runtimes/node/bootstrap.js says them). */
const CALLBACK_HANDLER_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

/**
 * From nodejs24.x on AWS's runtime has no callbacks: a handler declaring one (a third parameter)
 * fails its init, and the context loses `callbackWaitsForEmptyEventLoop`, `succeed`, `fail`, `done`.
 */
export function callbackHandlersRemoved(runtime: string): boolean {
  const major = Number(/^nodejs(\d+)/.exec(runtime)?.[1]);
  return major >= 24;
}

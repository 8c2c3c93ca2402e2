import { accessSync, constants, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { assetPath } from '../assets';
import type { FunctionSpec } from '../project/functionSpec';
import { checkInterpreterVersion, defaultInterpreter, resolvePython, runtimeFamily } from './interpreters';
import { nodeInspectArgs, pythonInspectArgs, requireDebugpy } from './inspect';
import { InitError } from './lambdaErrors';
import { compileTypeScriptHandler, typeScriptEntry, type TypeScriptCompilers } from './typescriptHandler';
import type { InspectOptions, Isolation } from './types';
import { layerPaths } from './layerPaths';

/** How one execution environment of a function is started. */
export interface LaunchPlan {
  command: string;
  args: string[];
  runtimeDir: string;
  /** The runtime's additions to the environment (NODE_PATH…); the function's variables may override them. */
  runtimeVariables: Record<string, string>;
  /** Hand-offs to our own bootstraps. */
  privateVariables: Record<string, string>;
  /** The bootstrap can reach the Runtime API over a local socket (`_SWB_RUNTIME_API_SOCKET`). */
  localSocket?: boolean;
  /** Started under a debugger: Lambda's time and memory limits are not enforced (a paused process must live). */
  underDebugger?: boolean;
  /** Set when the environment is a worker thread of this process instead of `command` (see threadSandbox.ts). */
  thread?: ThreadPlan;
}

export interface ThreadPlan {
  /** The worker's entry: runtimes/node/thread.js, which runs the same bootstrap. */
  script: string;
  /** V8's old-space cap, the thread's equivalent of `--max-old-space-size`. */
  maxOldGenerationSizeMb: number;
  /** `--enable-source-maps` is process-wide; the worker turns source maps on for itself. */
  sourceMaps: boolean;
}

export interface LaunchContext {
  runtimePaths?: Record<string, string>;
  onWarning?: (message: string) => void;
  inspect?: InspectOptions;
  /** Only Node.js functions can run in a thread; under a debugger they always get a process. */
  isolation?: Isolation;
  /** Incremental TypeScript builds kept between code versions (one-shot builds without it). */
  compilers?: TypeScriptCompilers;
}

/** Resolved once per function and code version (it may compile TypeScript), then shared by its environments. */
export async function planLaunch(spec: FunctionSpec, context: LaunchContext): Promise<LaunchPlan> {
  switch (runtimeFamily(spec.runtime)) {
    case 'node':
      return planNode(spec, context);
    case 'python':
      return planPython(spec, context);
    case 'provided':
      return planProvided(spec);
    default:
      throw new Error(`Unsupported runtime ${spec.runtime}`);
  }
}

/**
 * Lambda's Node.js runtime caps V8's old space a little under the function's memory so that the
 * heap fails before the sandbox does; the RSS watch enforces the limit itself.
 */
export function heapLimitMB(memorySize: number): number {
  return Math.max(32, Math.floor(memorySize * 0.9));
}

async function planNode(spec: FunctionSpec, context: LaunchContext): Promise<LaunchPlan> {
  const command = context.runtimePaths?.[spec.runtime] ?? defaultInterpreter('node');
  checkInterpreterVersion(spec.runtime, command, context.onWarning);
  const entry = typeScriptEntry(spec.codeDir, spec.handler);
  const compiled = entry ? await compileTypeScriptHandler(spec, entry, context.compilers) : undefined;
  const runtimeDir = assetPath('runtimes', 'node');
  return {
    command,
    args: [
      `--max-old-space-size=${heapLimitMB(spec.memorySize)}`,
      ...(compiled ? ['--enable-source-maps'] : []),
      ...(context.inspect ? nodeInspectArgs(context.inspect) : []),
      path.join(runtimeDir, 'bootstrap.js'),
    ],
    runtimeDir,
    // Layers first, as Lambda's NODE_PATH lists /opt/nodejs/… before the runtime and the task root.
    runtimeVariables: { NODE_PATH: [...layerPaths(spec).node, path.join(runtimeDir, 'node_modules'), runtimeDir, spec.codeDir].join(path.delimiter) },
    privateVariables: compiled ? { _SWB_HANDLER_FILE: compiled } : {},
    localSocket: true,
    underDebugger: context.inspect !== undefined,
    ...(context.isolation === 'thread' && !context.inspect
      ? { thread: { script: path.join(runtimeDir, 'thread.js'), maxOldGenerationSizeMb: heapLimitMB(spec.memorySize), sourceMaps: compiled !== undefined } }
      : {}),
  };
}

async function planPython(spec: FunctionSpec, context: LaunchContext): Promise<LaunchPlan> {
  const configured = context.runtimePaths?.[spec.runtime] ?? defaultInterpreter('python');
  const { executable: command } = await resolvePython(configured);
  checkInterpreterVersion(spec.runtime, command, context.onWarning);
  const runtimeDir = assetPath('runtimes', 'python');
  const bootstrap = path.join(runtimeDir, 'bootstrap.py');
  if (!existsSync(bootstrap)) {
    throw new InitError({ errorType: 'Runtime.InvalidEntrypoint', errorMessage: `The Python bootstrap is missing: ${bootstrap}` });
  }
  // Layers' /opt/python/lib/python3.X/site-packages and /opt/python come before the runtime's folder, as on Lambda.
  const base = { command, runtimeDir, runtimeVariables: { PYTHONPATH: [...layerPaths(spec).python, runtimeDir].join(path.delimiter) }, privateVariables: {} };
  if (!context.inspect) return { ...base, args: ['-u', bootstrap] };
  await requireDebugpy(command);
  return { ...base, args: pythonInspectArgs(context.inspect, bootstrap), underDebugger: true };
}

/** `provided*`: the code folder's own executable `bootstrap`, started as-is. */
async function planProvided(spec: FunctionSpec): Promise<LaunchPlan> {
  const bootstrap = path.join(spec.codeDir, 'bootstrap');
  const runtimeDir = assetPath('runtimes');
  let isFile = false;
  try {
    isFile = statSync(bootstrap).isFile();
  } catch {
    // reported below
  }
  if (!isFile) {
    throw new InitError({ errorType: 'Runtime.InvalidEntrypoint', errorMessage: `Error: Couldn't find valid bootstrap(s): [${bootstrap}]` });
  }
  if (process.platform === 'win32') {
    // Windows cannot execute a script by its shebang; run the interpreter it names.
    const interpreter = shebangInterpreter(bootstrap);
    if (interpreter) return { command: interpreter, args: [bootstrap], runtimeDir, runtimeVariables: {}, privateVariables: {} };
  } else {
    try {
      accessSync(bootstrap, constants.X_OK);
    } catch {
      throw new InitError({ errorType: 'Runtime.InvalidEntrypoint', errorMessage: `Error: fork/exec ${bootstrap}: permission denied` });
    }
  }
  return { command: bootstrap, args: [], runtimeDir, runtimeVariables: {}, privateVariables: {} };
}

function shebangInterpreter(file: string): string | undefined {
  const buffer = Buffer.alloc(128);
  const fd = openSync(file, 'r');
  try {
    const line = buffer.toString('utf8', 0, readSync(fd, buffer, 0, 128, 0)).split('\n')[0];
    const match = /^#!\s*\S*?(node|python3?)\b/.exec(line);
    if (!match) return undefined;
    return match[1] === 'node' ? defaultInterpreter('node') : defaultInterpreter('python');
  } finally {
    closeSync(fd);
  }
}

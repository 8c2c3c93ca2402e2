import * as path from 'node:path';
import { assetPath } from '../../core/assets';
import type { InspectorAddress } from '../../core/emulator/debugInvoke';
import { runtimeFamily } from '../../core/emulator/interpreters';
import { compiledOutputDir } from '../../core/emulator/typescriptHandler';
import { UserError } from '../../core/errors';
import type { FunctionSpec } from '../../core/project/functionSpec';

/**
 * The debug configurations that attach VS Code to a function's environment. No runtime `vscode`
 * import: the caller passes what it knows about installed extensions, and tests run under Node.
 */

/** js-debug's attach request (`node` is its long-standing type name, served by the built-in debugger). */
export type NodeAttachConfiguration = {
  type: 'node';
  request: 'attach';
  name: string;
  address: string;
  port: number;
  continueOnAttach: true;
  sourceMaps: true;
  outFiles: string[];
  resolveSourceMapLocations: null;
  skipFiles: string[];
};

/** The Python Debugger extension's attach request. */
export type PythonAttachConfiguration = {
  type: 'debugpy' | 'python';
  request: 'attach';
  name: string;
  connect: { host: string; port: number };
  pathMappings: Array<{ localRoot: string; remoteRoot: string }>;
  justMyCode: true;
};

export type AttachConfiguration = NodeAttachConfiguration | PythonAttachConfiguration;

/** Extensions that debug Python: the Python Debugger (type `debugpy`), or an older Python extension that bundled it (type `python`). */
export const PYTHON_DEBUGGER_EXTENSION = 'ms-python.debugpy';
export const LEGACY_PYTHON_EXTENSION = 'ms-python.python';

export function debugSessionName(spec: Pick<FunctionSpec, 'name'>): string {
  return `Serverless: ${spec.name}`;
}

export function nodeDebugConfiguration(spec: FunctionSpec, address: InspectorAddress): NodeAttachConfiguration {
  return {
    type: 'node',
    request: 'attach',
    name: debugSessionName(spec),
    address: address.host,
    port: address.port,
    // The process waits at --inspect-brk so breakpoints are bound before any code runs.
    continueOnAttach: true,
    sourceMaps: true,
    // js-debug applies a negation only to the globs listed before it: the compiled TypeScript lives
    // under node_modules/.cache (so its imports resolve as from the source), hence listed after it.
    outFiles: [path.join(spec.codeDir, '**', '*.(m|c|)js'), '!**/node_modules/**', path.join(compiledOutputDir(spec), '**', '*.(m|c|)js')],
    // The default refuses maps under node_modules, where the compiled handler's map is.
    resolveSourceMapLocations: null,
    skipFiles: ['<node_internals>/**', assetPath('runtimes', 'node', 'bootstrap.js')],
  };
}

export function pythonDebugConfiguration(spec: FunctionSpec, address: InspectorAddress, type: 'debugpy' | 'python'): PythonAttachConfiguration {
  return {
    type,
    request: 'attach',
    name: debugSessionName(spec),
    connect: { host: address.host, port: address.port },
    // Same machine, same paths; stated so the debugger never guesses a remote layout.
    pathMappings: [{ localRoot: spec.codeDir, remoteRoot: spec.codeDir }],
    justMyCode: true,
  };
}

/** The Python debug type the installed extensions provide, if any. */
export function pythonDebugType(isInstalled: (extensionId: string) => boolean): 'debugpy' | 'python' | undefined {
  if (isInstalled(PYTHON_DEBUGGER_EXTENSION)) return 'debugpy';
  if (isInstalled(LEGACY_PYTHON_EXTENSION)) return 'python';
  return undefined;
}

/** Why a Python function cannot be debugged in this VS Code, or undefined when it can. */
export function pythonDebuggerProblem(isInstalled: (extensionId: string) => boolean): string | undefined {
  if (pythonDebugType(isInstalled)) return undefined;
  return (
    `Debugging Python functions needs the Python Debugger extension (${PYTHON_DEBUGGER_EXTENSION}), which is not installed; ` +
    'install it, and debugpy for the function\'s interpreter (pip install debugpy).'
  );
}

/** The configuration for `spec`; a UserError when its runtime cannot be debugged here. */
export function debugConfiguration(spec: FunctionSpec, address: InspectorAddress, isInstalled: (extensionId: string) => boolean): AttachConfiguration {
  const family = runtimeFamily(spec.runtime);
  if (family === 'node') return nodeDebugConfiguration(spec, address);
  if (family === 'python') {
    const type = pythonDebugType(isInstalled);
    if (!type) throw new UserError(pythonDebuggerProblem(isInstalled)!);
    return pythonDebugConfiguration(spec, address, type);
  }
  throw new UserError(`Debugging supports Node.js and Python functions; ${spec.name} runs ${spec.runtime}.`);
}

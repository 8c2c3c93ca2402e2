import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { invokeUnderDebugger, type AttachedDebugger, type InspectorAddress } from '../../core/emulator/debugInvoke';
import { runtimeFamily } from '../../core/emulator/interpreters';
import type { EmulatorOptions, Invocation } from '../../core/emulator/types';
import { UserError } from '../../core/errors';
import type { LocalFunction } from '../project/localFunction';
import { debugConfiguration, pythonDebuggerProblem, type AttachConfiguration } from './debugConfig';

export interface DebugRunOptions {
  fn: LocalFunction;
  payload: string;
  /** Options of the debug run's own emulator (logs routing, runtime paths, credentials). */
  emulatorOptions: EmulatorOptions;
  log: vscode.LogOutputChannel;
  token?: vscode.CancellationToken;
}

/** Tags the configuration so the session it starts can be told from the user's own. */
const RUN_MARKER = '__serverlessWorkbenchDebugRun';

const isInstalled = (extensionId: string): boolean => vscode.extensions.getExtension(extensionId) !== undefined;

/**
 * Runs one invocation of `fn` in a fresh environment started with the inspector, attached to
 * VS Code's debugger (Node: js-debug; Python: debugpy), with Lambda's timeout lifted while paused.
 * The session is stopped and the process killed when the invocation ends, when the token is
 * cancelled, or soon after the user stops the session (a CancelledError then).
 */
export async function runUnderDebugger(options: DebugRunOptions): Promise<Invocation> {
  const { fn, log, token } = options;
  // Refused before any process starts.
  if (runtimeFamily(fn.spec.runtime) === 'python') {
    const problem = pythonDebuggerProblem(isInstalled);
    if (problem) throw new UserError(problem);
  }
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fn.root));
  const controller = new AbortController();
  const cancellation = token?.onCancellationRequested(() => controller.abort());
  try {
    return await invokeUnderDebugger({
      spec: fn.spec,
      payload: options.payload,
      emulatorOptions: options.emulatorOptions,
      signal: controller.signal,
      attach: (address) => {
        const config = debugConfiguration(fn.spec, address, isInstalled);
        log.info(`Debugging ${fn.spec.name}: attaching the ${config.type} debugger to ${address.host}:${address.port}`);
        return startSession(folder, config, address);
      },
    });
  } finally {
    cancellation?.dispose();
  }
}

/** Starts the attach session and follows it until it ends or is stopped. */
async function startSession(folder: vscode.WorkspaceFolder | undefined, config: AttachConfiguration, address: InspectorAddress): Promise<AttachedDebugger> {
  const marker = randomUUID();
  let session: vscode.DebugSession | undefined;
  let ended = false;
  let markEnded!: () => void;
  const endedPromise = new Promise<void>((resolve) => (markEnded = resolve));
  const ours = (candidate: vscode.DebugSession): boolean =>
    // Debug adapters may drop unknown keys from the resolved configuration: then the name tells.
    candidate.configuration[RUN_MARKER] === marker || (candidate.name === config.name && !candidate.parentSession);
  const subscriptions = [
    vscode.debug.onDidStartDebugSession((candidate) => {
      if (!session && ours(candidate)) session = candidate;
    }),
    vscode.debug.onDidTerminateDebugSession((candidate) => {
      if (session ? candidate.id === session.id : ours(candidate)) {
        ended = true;
        markEnded();
      }
    }),
  ];
  const dispose = () => subscriptions.forEach((subscription) => subscription.dispose());
  let started: boolean;
  try {
    started = await vscode.debug.startDebugging(folder, { ...config, [RUN_MARKER]: marker }, { suppressSaveBeforeStart: true });
  } catch (error) {
    dispose();
    throw error;
  }
  if (!started) {
    dispose();
    throw new Error(`VS Code did not start the ${config.type} debugger for ${address.host}:${address.port}`);
  }
  return {
    ended: endedPromise,
    async stop() {
      try {
        if (!ended && session) await vscode.debug.stopDebugging(session);
      } finally {
        dispose();
      }
    },
  };
}

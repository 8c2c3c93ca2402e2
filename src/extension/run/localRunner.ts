import * as vscode from 'vscode';
import { Emulator } from '../../core/emulator/emulator';
import type { EmulatorOptions, Invocation } from '../../core/emulator/types';
import type { EmulatorLogSink } from '../../core/logs/emulatorLogSink';
import { CancelledError, isCancellation, oneLine } from '../../core/errors';
import type { LocalFunctions } from '../project/localFunction';
import { runUnderDebugger } from './debugRun';
import { EmulatorSession } from './emulatorSession';
import type { LastResults } from './lastResults';
import { resultText, runHeadline } from './runText';
import { assertTrusted } from './trust';
import type { FunctionOutputs, LocalRunner, RunRequest } from './types';

interface RunnerDeps {
  log: vscode.LogOutputChannel;
  outputs: FunctionOutputs;
  results: LastResults;
  functions: LocalFunctions;
  /** Where log lines also go, when anywhere (the local cloud's log store while it runs). */
  logSink?: () => EmulatorLogSink | undefined;
}

/**
 * Runs workspace functions in one emulator per extension session (see `EmulatorSession`): the
 * function's log lines stream to its output channel as they are written, then the result or
 * error payload; the run becomes the function's last result. Never in an untrusted workspace.
 */
export class WorkspaceRunner implements LocalRunner {
  private readonly session = new EmulatorSession(() => new Emulator(this.emulatorOptions()));
  /** Log lines streamed per function, to know whether a run's logs were already shown. */
  private readonly streamed = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: RunnerDeps) {
    this.disposables.push(
      deps.functions.onDidChange(() => {
        this.session.sync(deps.functions.list().map((fn) => fn.spec)).catch((error: unknown) => deps.log.warn(`Updating the emulator failed: ${oneLine(error)}`));
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('serverlessWorkbench.runtimePaths') && !event.affectsConfiguration('serverlessWorkbench.passCredentials')) return;
        // The next run starts an emulator with the new settings.
        if (this.session.started) deps.log.info('Emulator settings changed: restarting local functions on their next run');
        this.session.close().catch((error: unknown) => deps.log.warn(`Stopping the emulator failed: ${oneLine(error)}`));
      }),
    );
  }

  async run(request: RunRequest): Promise<Invocation> {
    assertTrusted(request.debug ? 'Debugging' : 'Invoking');
    const { fn, payload, eventName, token } = request;
    const name = fn.spec.name;
    if (token?.isCancellationRequested) throw new CancelledError();
    const channel = this.deps.outputs.channel(name);
    channel.appendLine(runHeadline(name, eventName, new Date(), request.debug));
    const controller = new AbortController();
    const subscription = token?.onCancellationRequested(() => controller.abort());
    const linesBefore = this.streamed.get(name) ?? 0;
    let invocation: Invocation;
    try {
      invocation = request.debug
        ? await runUnderDebugger({ fn, payload, emulatorOptions: this.emulatorOptions(), log: this.deps.log, token })
        : await this.session.invoke(fn.spec, payload, controller.signal);
    } catch (error) {
      if (isCancellation(error) || token?.isCancellationRequested) {
        channel.appendLine('■ Cancelled\n');
        throw new CancelledError();
      }
      channel.appendLine(`✗ ${oneLine(error)}\n`);
      throw error;
    } finally {
      subscription?.dispose();
    }
    // Logs normally arrive line by line through onLog; a run that streamed none shows them now.
    if ((this.streamed.get(name) ?? 0) === linesBefore && invocation.logs) {
      channel.append(invocation.logs.endsWith('\n') ? invocation.logs : `${invocation.logs}\n`);
    }
    channel.appendLine(resultText(invocation));
    this.deps.results.set({ functionName: name, invocation, input: payload, eventName, finishedAt: Date.now() });
    return invocation;
  }

  /** The options of this session's emulator, also given to a debug run's own emulator. */
  emulatorOptions(): EmulatorOptions {
    const config = vscode.workspace.getConfiguration('serverlessWorkbench');
    return {
      runtimePaths: config.get<Record<string, string>>('runtimePaths', {}),
      passCredentials: config.get<boolean>('passCredentials', false),
      onLog: (event) => {
        this.deps.logSink?.()?.onLog(event);
        const { functionName, line } = event;
        this.streamed.set(functionName, (this.streamed.get(functionName) ?? 0) + 1);
        const channel = this.deps.outputs.channel(functionName);
        if (line.endsWith('\n')) channel.append(line);
        else channel.appendLine(line);
      },
      onWarning: (message) => {
        this.deps.log.warn(message);
        // "<function>: …" is about one function: say it where its run is shown too.
        const name = /^([^\s:]+): /.exec(message)?.[1];
        if (name !== undefined && this.deps.functions.get(name)) this.deps.outputs.channel(name).appendLine(`⚠ ${message.slice(name.length + 2)}`);
      },
    };
  }

  /** Kills every child process; used by `deactivate`, which can wait for it. */
  close(): Promise<void> {
    return this.session.close();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    void this.session.close();
  }
}

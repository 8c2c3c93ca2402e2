import * as vscode from 'vscode';
import { oneLine } from '../../core/errors';
import type { TailCheckpoint, TailEvent } from '../../core/logs/tailTypes';
import type { CloudServices } from '../cloud';
import { targetLabel } from '../cloud/providerTargets';
import { frameFilter } from '../editor/frameFilter';
import type { LocalFunctions } from '../project/localFunction';
import type { FunctionOutputs } from '../run/types';
import type { LocalLogSink } from './localLogSink';
import { STOP_TAIL_COMMAND } from './tailInline';
import type { TailInvocation } from './tailInvocations';
import type { PrintOptions } from './tailPrinter';
import { TailSession } from './tailSession';
import type { TailSpec } from './tailTargets';
import { tailConnection, tailKey, tailStatus } from './tailTargets';
import { showStatus } from '../util/statusItem';

const TAILING_CONTEXT_KEY = 'serverlessWorkbench.tailing';
const DIAGNOSTICS_NAME = 'serverless-workbench-logs';
/** A new tail starts this far back, like `swb logs` and `aws logs tail`. */
const HISTORY_MS = 10 * 60_000;

export interface LogTailsDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  outputs: FunctionOutputs;
  functions: LocalFunctions;
  cloud: CloudServices;
  localLogs: LocalLogSink;
}

export interface TailInfo {
  key: string;
  spec: TailSpec;
  label: string;
  perMinute: number;
}

/**
 * The window's log tails: each into its function's output channel, with a status bar item while
 * any runs (`$(pulse) hello · 12 ev/min`, click to stop), the newest tailed invocation per function
 * for the editor's inline result and hover, and the errors in the logs as diagnostics
 * (`serverless-workbench-logs`) at their top workspace frame, cleared when the tail stops. Tails of
 * the local cloud stop with it. Everything stops when the window closes (this is in the
 * extension's bag).
 */
export class LogTails implements vscode.Disposable {
  private readonly sessions = new Map<string, TailSession>();
  /** Where stopped tails got to: tailing the same group again resumes without repeating lines. */
  private readonly checkpoints = new Map<string, TailCheckpoint>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** A tail started or stopped, or a tail saw a new invocation (inline results, hovers). */
  readonly onDidChange = this.changed.event;
  private readonly tailsChanged = new vscode.EventEmitter<void>();
  /** A tail started or stopped (the CodeLens). */
  readonly onDidChangeTails = this.tailsChanged.event;
  /** Invocations of a busy function arrive by the hundred: the editor is told at most every 200 ms. */
  private pendingUpdate?: NodeJS.Timeout;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection(DIAGNOSTICS_NAME);
  private readonly status = vscode.window.createStatusBarItem('serverlessWorkbench.logTails', vscode.StatusBarAlignment.Left, 48);
  private readonly subscriptions: vscode.Disposable[];
  private readonly ticker: NodeJS.Timeout;
  private printOptions: PrintOptions = readPrintOptions();

  constructor(private readonly deps: LogTailsDeps) {
    this.status.name = 'Serverless Workbench: Log Tails';
    this.status.command = STOP_TAIL_COMMAND;
    this.subscriptions = [
      this.changed,
      this.tailsChanged,
      this.diagnostics,
      this.status,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('serverlessWorkbench.logs')) this.printOptions = readPrintOptions();
      }),
      // The code changed: its old errors are no longer known to be true; the next failure brings them back.
      vscode.workspace.onDidSaveTextDocument((document) => {
        let changed = false;
        for (const session of this.sessions.values()) changed = session.diagnostics.removeFile(document.uri.fsPath) || changed;
        if (changed) this.updateDiagnostics();
      }),
      deps.cloud.localCloud.onDidChange(() => {
        if (deps.cloud.localCloud.cloud.state === 'running') return;
        // The editor's last lines reach the store before it closes.
        deps.localLogs.flush();
        for (const session of [...this.sessions.values()]) {
          if (session.spec.target.provider !== 'local' || deps.cloud.localCloud.cloud.state === 'starting') continue;
          deps.outputs.channel(session.spec.functionName).appendLine(`■ Tail of ${session.group} stopped: the local cloud stopped`);
          this.end(session);
        }
      }),
    ];
    // The rate in the status bar moves even when no event arrives.
    this.ticker = setInterval(() => this.sessions.size && this.updateStatus(), 5000);
    this.update();
  }

  /** Starts tailing (the local cloud first, when it is the target); an existing tail of the same group is kept. */
  async start(spec: TailSpec): Promise<void> {
    const key = tailKey(spec);
    const channel = this.deps.outputs.channel(spec.functionName);
    channel.show(true);
    if (this.sessions.has(key)) return;
    const localEndpoint = spec.target.provider === 'local' ? await this.deps.cloud.localCloud.ensureStarted() : undefined;
    if (this.sessions.has(key)) return;
    const settings = this.deps.cloud.settings();
    const connection = tailConnection(spec.target, { localEndpoint, awsEndpointUrl: settings.awsEndpointUrl, env: process.env });
    const checkpoint = this.checkpoints.get(key);
    const session = new TailSession(spec, {
      channel,
      connection,
      since: Date.now() - HISTORY_MS,
      ...(checkpoint ? { checkpoint } : {}),
      printOptions: () => this.printOptions,
      // Only the local cloud holds the editor's runs, which the runner has printed already.
      alreadyShown: (event: TailEvent) => spec.target.provider === 'local' && this.deps.localLogs.wroteStream(event.logStreamName),
      frameFilter: () => {
        const fn = this.deps.functions.get(spec.functionName);
        return frameFilter(this.deps, fn);
      },
      onDidChange: () => this.scheduleUpdate(),
      onEnded: (ended, error) => {
        this.deps.log.warn(`Tail of ${ended.label} stopped: ${oneLine(error)}`);
        void vscode.window.showWarningMessage(`Tail of ${ended.label} stopped: ${oneLine(error)}`);
        this.end(ended);
      },
    });
    this.sessions.set(key, session);
    session.start();
    this.deps.log.info(`Tailing ${session.group} of ${session.label}`);
    this.update();
    this.tailsChanged.fire();
  }

  /** Stops one tail by its key; false when there is none. */
  stop(key: string): boolean {
    const session = this.sessions.get(key);
    if (!session) return false;
    this.deps.outputs.channel(session.spec.functionName).appendLine(`■ Tail of ${session.group} stopped`);
    this.end(session);
    return true;
  }

  /** Stops every tail of a function (its own name or, for an unmatched deployed function, the deployed one); how many. */
  stopFunction(functionName: string): number {
    const keys = [...this.sessions.values()].filter((s) => s.spec.functionName === functionName || s.spec.deployedName === functionName).map((s) => s.key);
    for (const key of keys) this.stop(key);
    return keys.length;
  }

  stopAll(): void {
    for (const key of [...this.sessions.keys()]) this.stop(key);
  }

  list(): TailInfo[] {
    const now = Date.now();
    return [...this.sessions.values()].map((s) => ({ key: s.key, spec: s.spec, label: s.label, perMinute: s.rate.perMinute(now) }));
  }

  isTailed(functionName: string): boolean {
    for (const session of this.sessions.values()) if (session.spec.functionName === functionName) return true;
    return false;
  }

  /** The newest invocation any tail of the function saw, and where it was tailed from. */
  latest(functionName: string): { invocation: TailInvocation; source: string } | undefined {
    let newest: { invocation: TailInvocation; source: string } | undefined;
    for (const session of this.sessions.values()) {
      if (session.spec.functionName !== functionName || !session.latest) continue;
      if (!newest || session.latest.finishedAt > newest.invocation.finishedAt) newest = { invocation: session.latest, source: targetLabel(session.spec.target) };
    }
    return newest;
  }

  /** The recent events of the function's tails, oldest first. */
  recentEvents(functionName: string): TailEvent[] {
    return [...this.sessions.values()]
      .filter((s) => s.spec.functionName === functionName)
      .flatMap((s) => s.recentEvents())
      .sort((a, b) => a.timestamp - b.timestamp);
  }

  private end(session: TailSession): void {
    const checkpoint = session.checkpoint();
    if (checkpoint) this.checkpoints.set(session.key, checkpoint);
    session.dispose();
    if (this.sessions.get(session.key) === session) this.sessions.delete(session.key);
    this.deps.log.info(`Stopped tailing ${session.group} of ${session.label}`);
    this.update();
    this.tailsChanged.fire();
  }

  private scheduleUpdate(): void {
    this.pendingUpdate ??= setTimeout(() => this.update(), 200);
  }

  private update(): void {
    clearTimeout(this.pendingUpdate);
    this.pendingUpdate = undefined;
    this.updateStatus();
    this.updateDiagnostics();
    void vscode.commands.executeCommand('setContext', TAILING_CONTEXT_KEY, this.sessions.size > 0);
    this.changed.fire();
  }

  private updateStatus(): void {
    const shown = tailStatus(this.list().map((t) => ({ label: t.label, functionName: t.spec.functionName, perMinute: t.perMinute })));
    showStatus(this.status, shown);
  }

  private updateDiagnostics(): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const session of this.sessions.values()) {
      for (const found of session.diagnostics.diagnostics()) {
        // To the end of the line (VS Code clamps the range to the line's text).
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(found.line, found.column, found.line, 10_000),
          found.message,
          found.fatal ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diagnostic.source = 'Serverless Workbench logs';
        byFile.set(found.file, [...(byFile.get(found.file) ?? []), diagnostic]);
      }
    }
    this.diagnostics.clear();
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
  }

  dispose(): void {
    clearInterval(this.ticker);
    clearTimeout(this.pendingUpdate);
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function readPrintOptions(): PrintOptions {
  const config = vscode.workspace.getConfiguration('serverlessWorkbench.logs');
  return {
    groupByRequest: config.get<boolean>('groupByRequest', false),
    prettyJson: config.get<boolean>('prettyJson', false),
    reportSummaries: config.get<boolean>('reportSummaries', true),
  };
}

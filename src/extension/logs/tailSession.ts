import type * as vscode from 'vscode';
import { oneLine } from '../../core/errors';
import type { LogsConnection } from '../../core/logs/logsSdk';
import { startTail } from '../../core/logs/tailer';
import { describeError, LogsUnreachableError } from '../../core/logs/tailErrors';
import type { TailCheckpoint, TailEvent, TailStatus } from '../../core/logs/tailTypes';
import { targetLabel } from '../cloud/providerTargets';
import type { FrameFilter } from '../editor/stackFrames';
import { EventRate } from './eventRate';
import { LogDiagnosticSet, placeError } from './logDiagnostics';
import type { TailInvocation } from './tailInvocations';
import { InvocationTracker } from './tailInvocations';
import type { PrintOptions } from './tailPrinter';
import { TailPrinter } from './tailPrinter';
import type { TailSpec } from './tailTargets';
import { tailKey, tailLabel, tailLogGroup } from './tailTargets';

/** Events kept for "Save Event from Logs". */
export const RECENT_EVENTS = 1000;

export interface TailSessionDeps {
  channel: vscode.OutputChannel;
  connection: LogsConnection;
  since: number;
  checkpoint?: TailCheckpoint;
  printOptions(): PrintOptions;
  /** Lines already in the channel (the editor's own runs): tracked, not printed. */
  alreadyShown(event: TailEvent): boolean;
  frameFilter(): FrameFilter;
  /** A new invocation completed, or the diagnostics changed. */
  onDidChange(): void;
  /** The tail ended by itself (an error it cannot retry); `stop` is not called for it. */
  onEnded(session: TailSession, error: unknown): void;
}

/**
 * One running tail of one function's log group into its output channel, with what it learns on
 * the way: the newest invocation (for the inline result), the errors (for diagnostics), the rate
 * (for the status bar) and recent events (for saving an event). Its disposables go in its own bag,
 * emptied by `dispose`, which aborts the tail.
 */
export class TailSession implements vscode.Disposable {
  readonly key: string;
  readonly label: string;
  readonly rate = new EventRate();
  readonly diagnostics = new LogDiagnosticSet();
  latest?: TailInvocation;
  private readonly recent: TailEvent[] = [];
  private readonly controller = new AbortController();
  private readonly tracker = new InvocationTracker();
  private readonly printer: TailPrinter;
  private readonly bag: vscode.Disposable[] = [];
  private tail?: ReturnType<typeof startTail>;
  private lastMode = '';
  private disposed = false;

  constructor(
    readonly spec: TailSpec,
    private readonly deps: TailSessionDeps,
  ) {
    this.key = tailKey(spec);
    this.label = tailLabel(spec);
    this.printer = new TailPrinter(deps.printOptions);
    // A block whose REPORT never came (a crashed environment on AWS) is printed after a while.
    const timer = setInterval(() => this.append(this.printer.releaseStale()), 60_000);
    this.bag.push({ dispose: () => clearInterval(timer) }, { dispose: () => this.controller.abort() });
  }

  get group(): string {
    return tailLogGroup(this.spec);
  }

  start(): void {
    const since = new Date(this.deps.since).toLocaleTimeString();
    this.deps.channel.appendLine(`⏵ Tailing ${this.group} in ${targetLabel(this.spec.target)} from ${since}`);
    this.tail = startTail({
      connection: this.deps.connection,
      logGroupNames: [this.group],
      follow: true,
      since: this.deps.since,
      ...(this.deps.checkpoint ? { checkpoint: this.deps.checkpoint } : {}),
      signal: this.controller.signal,
      onEvent: (event) => this.receive(event),
      onStatus: (status) => this.status(status),
    });
    this.tail.done.then(
      () => undefined,
      (error: unknown) => {
        if (this.disposed) return;
        const why = error instanceof LogsUnreachableError ? `cannot reach ${this.label}: ${describeError(error.cause)}` : oneLine(error);
        this.deps.channel.appendLine(`✗ Tail of ${this.group} stopped: ${why}`);
        this.deps.onEnded(this, error);
      },
    );
  }

  /** Where it got to, to resume without repeating lines when the same log group is tailed again. */
  checkpoint(): TailCheckpoint | undefined {
    return this.tail?.checkpoint();
  }

  /** Recent events, oldest first. */
  recentEvents(): TailEvent[] {
    return [...this.recent];
  }

  receive(event: TailEvent): void {
    const now = Date.now();
    this.rate.record(now);
    this.recent.push(event);
    if (this.recent.length > RECENT_EVENTS) this.recent.splice(0, this.recent.length - RECENT_EVENTS);
    const invocation = this.tracker.push(event, now);
    if (!this.deps.alreadyShown(event)) this.append(this.printer.push(event, now));
    if (invocation) this.completed(invocation);
  }

  private completed(invocation: TailInvocation): void {
    this.latest = invocation;
    const filter = this.deps.frameFilter();
    for (const error of invocation.errors) {
      const placement = placeError(error, filter);
      if (placement) this.diagnostics.add(error, placement, { functionName: this.spec.functionName, requestId: invocation.requestId, at: invocation.finishedAt });
    }
    this.deps.onDidChange();
  }

  private status(status: TailStatus): void {
    const say = (line: string, mode: string): void => {
      if (mode !== this.lastMode) this.deps.channel.appendLine(line);
      this.lastMode = mode;
    };
    switch (status.kind) {
      case 'live':
        say(`⏵ ${this.group}: following with Live Tail`, 'live');
        return;
      case 'polling':
        say(`⏵ ${this.group}: following by polling FilterLogEvents (${status.reason})`, `polling ${status.reason}`);
        return;
      case 'missing-group':
        say(`⏵ ${this.group} does not exist yet: waiting for the function to log`, `missing ${status.logGroupName}`);
        return;
      case 'retrying':
        // Throttling is routine: said only when it persists. A lost connection, at once.
        if (status.attempt === 1 ? !/Throttl/i.test(status.error) : (status.attempt & (status.attempt - 1)) === 0 && status.attempt >= 4) {
          this.deps.channel.appendLine(`⏵ ${this.group}: ${status.error}; retrying in ${(status.delayMs / 1000).toFixed(1)} s`);
        }
        return;
    }
  }

  private append(text: string): void {
    if (text) this.deps.channel.append(text);
  }

  /** Stops the tail and prints what grouping still held. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.append(this.printer.releaseAll());
    for (const disposable of this.bag.splice(0)) disposable.dispose();
  }
}

import type { TailEvent } from '../../core/logs/tailTypes';
import { errorFromReport, errorInLine, type LogError } from './logErrors';
import { appLine, platformLine, trimNewline, type ReportMetrics } from './logLines';

/**
 * Invocations reassembled from a tail's events: per log stream (one execution environment, one
 * request at a time) the lines from START to REPORT, what the REPORT measured, the errors in
 * them and the last line the code logged. Feeds the inline result and the diagnostics. Pure.
 */

export interface TailInvocation {
  requestId: string;
  logGroupName: string;
  logStreamName: string;
  /** Messages from START (or the init lines before it) to REPORT, without trailing newlines. */
  lines: string[];
  /** Lines left out past the cap. */
  omitted: number;
  report?: ReportMetrics;
  /** Why it failed, when it did. */
  error?: LogError;
  /** Every error in its lines, failed or only logged. */
  errors: LogError[];
  /** The code's last log line (its first line, for multi-line messages). */
  lastLogLine?: string;
  /** The REPORT's timestamp. */
  finishedAt: number;
}

interface Open {
  requestId?: string;
  lines: string[];
  omitted: number;
  chars: number;
  errors: LogError[];
  lastLogLine?: string;
  touchedAt: number;
}

export const MAX_LINES = 500;
export const MAX_CHARS = 256 * 1024;
/** Lambda's other platform lines, which are not the code's. */
const OTHER_PLATFORM = /^(INIT_START|INIT_REPORT|INIT_RUNTIME_FAILURE|RESTORE_START|RESTORE_REPORT|EXTENSION|TELEMETRY)\b/;
/** A stream silent this long with an open invocation is forgotten (Lambda's longest timeout is 15 minutes). */
const STALE_MS = 20 * 60_000;

export class InvocationTracker {
  private readonly open = new Map<string, Open>();

  /** The invocation this event completes (its REPORT), if any. */
  push(event: TailEvent, now = Date.now()): TailInvocation | undefined {
    const key = `${event.logGroupName}\n${event.logStreamName}`;
    const platform = platformLine(event.message);
    let state = this.open.get(key);
    if (platform?.kind === 'start') {
      // Init lines logged before START belong to the first invocation.
      const preamble = state && state.requestId === undefined ? state : undefined;
      state = { lines: preamble?.lines ?? [], omitted: preamble?.omitted ?? 0, chars: preamble?.chars ?? 0, errors: preamble?.errors ?? [], touchedAt: now, requestId: platform.requestId };
      this.open.set(key, state);
    } else if (!state) {
      state = { lines: [], omitted: 0, chars: 0, errors: [], touchedAt: now };
      this.open.set(key, state);
    }
    state.touchedAt = now;
    const message = trimNewline(event.message);
    if (state.lines.length < MAX_LINES && state.chars + message.length <= MAX_CHARS) {
      state.lines.push(message);
      state.chars += message.length;
    } else {
      state.omitted++;
    }
    if (!platform) {
      const error = errorInLine(message);
      if (error) state.errors.push(error);
      const text = appLine(message).text.split('\n', 1)[0].trim();
      if (text && !error?.fatal && !OTHER_PLATFORM.test(text)) state.lastLogLine = text;
    }
    if (platform?.kind !== 'report') {
      if (this.open.size > 64) this.sweep(now);
      return undefined;
    }
    this.open.delete(key);
    const report = platform.report;
    const error = state.errors.find((e) => e.fatal) ?? errorFromReport(report);
    return {
      requestId: state.requestId ?? report.requestId,
      logGroupName: event.logGroupName,
      logStreamName: event.logStreamName,
      lines: state.lines,
      omitted: state.omitted,
      report,
      ...(error ? { error } : {}),
      errors: state.errors,
      ...(state.lastLogLine !== undefined ? { lastLogLine: state.lastLogLine } : {}),
      finishedAt: event.timestamp,
    };
  }

  private sweep(now: number): void {
    for (const [key, state] of this.open) if (now - state.touchedAt > STALE_MS) this.open.delete(key);
  }
}

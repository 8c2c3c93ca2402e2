import { findFrames } from '../editor/stackFrames';
import { appLine, jsonRecord, type ReportMetrics } from './logLines';

/**
 * Errors in log lines: the runtime's report of a failed invocation (Node's `Invoke Error` with its
 * `errorType`/`stack` JSON, Python's `[ERROR] Type: message` with its traceback, `Task timed
 * out`), and errors the code logged itself (any line with a stack). Pure.
 */

export interface LogError {
  errorType: string;
  errorMessage: string;
  /** The stack's or traceback's lines (frames are read from them). */
  stack: string[];
  /** The invocation failed with it, as opposed to the code logging an error and carrying on. */
  fatal: boolean;
}

const RUNTIME_LABELS = /^(Invoke Error|Uncaught Exception|Unhandled Promise Rejection)\s*/;
const TIMEOUT = /^Task timed out after ([\d.]+) seconds/;
const PYTHON_RUNTIME_ERROR = /^\[ERROR\] ([A-Za-z_][\w.]*): ?(.*)$/;
const ERROR_HEADLINE = /\b([A-Z][\w.]*(?:Error|Exception|Exit))\b(?::\s*(.*))?/;

export function errorInLine(message: string): LogError | undefined {
  const line = appLine(message);
  const { text } = line;
  const timeout = TIMEOUT.exec(text);
  if (timeout) return { errorType: 'Sandbox.Timedout', errorMessage: text, stack: [], fatal: true };

  // Node, JSON log format: the record carries the error's fields.
  if (line.record && typeof line.record.errorType === 'string') {
    return fromPayload(line.record, typeof line.record.message === 'string' && RUNTIME_LABELS.test(line.record.message));
  }
  // Node, Text format: `Invoke Error \t{"errorType":…,"stack":[…]}`.
  const label = RUNTIME_LABELS.exec(text);
  if (label) {
    const payload = jsonRecord(text.slice(label[0].length));
    if (payload) return fromPayload(payload, true);
  }
  const python = PYTHON_RUNTIME_ERROR.exec(text.split('\n', 1)[0]);
  if (python && line.level === undefined) {
    return { errorType: python[1], errorMessage: python[2], stack: text.split('\n').slice(1), fatal: true };
  }
  // A printed error payload, or a logged error object.
  const payload = jsonRecord(text);
  if (payload && typeof payload.errorType === 'string') return fromPayload(payload, false);
  if (findFrames(text).length === 0) return undefined;
  const lines = text.split('\n');
  const headlineIndex = lines.findIndex((l) => ERROR_HEADLINE.test(l));
  const headline = headlineIndex === -1 ? undefined : ERROR_HEADLINE.exec(lines[headlineIndex]);
  return {
    errorType: headline?.[1] ?? 'Error',
    errorMessage: (headline?.[2] ?? lines[0]).trim(),
    stack: lines,
    fatal: false,
  };
}

function fromPayload(payload: Record<string, unknown>, fatal: boolean): LogError {
  const stack = [payload.stack, payload.trace, payload.stackTrace].find((value) => Array.isArray(value) || typeof value === 'string');
  const lines = Array.isArray(stack) ? stack.map(String).flatMap((s) => s.split('\n')) : typeof stack === 'string' ? stack.split('\n') : [];
  return {
    errorType: String(payload.errorType),
    errorMessage: typeof payload.errorMessage === 'string' ? payload.errorMessage : '',
    stack: lines,
    fatal,
  };
}

/** A REPORT that says the invocation failed (`Status: timeout`, `Error Type: Runtime.ExitError`), as an error. */
export function errorFromReport(report: ReportMetrics): LogError | undefined {
  if (!report.status && !report.errorType) return undefined;
  const errorType = report.errorType ?? (report.status === 'timeout' ? 'Sandbox.Timedout' : 'Runtime.Error');
  return { errorType, errorMessage: report.status === 'timeout' ? 'Task timed out' : (report.status ?? ''), stack: [], fatal: true };
}

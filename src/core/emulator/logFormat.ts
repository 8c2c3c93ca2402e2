import { randomBytes } from 'node:crypto';

/**
 * The platform's log lines, worded as Lambda writes them to CloudWatch: `START`/`END`/`REPORT`
 * for the Text format, and the `platform.*` records of the JSON format (the Telemetry API shapes).
 */

export type LogFormat = 'Text' | 'JSON';
export type InvokeStatus = 'success' | 'error' | 'timeout';

export interface ReportMetrics {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  initDurationMs?: number;
  status: InvokeStatus;
  errorType?: string;
}

/** Two decimals, as in `Duration: 12.34 ms`. */
export function formatMs(ms: number): string {
  return ms.toFixed(2);
}

/** Lambda bills by the millisecond, rounded up, and (since August 2025) bills the init phase too. */
export function billedDurationMs(durationMs: number, initDurationMs = 0): number {
  return Math.max(1, Math.ceil(durationMs + initDurationMs));
}

export function megabytes(kilobytes: number): number {
  return Math.max(1, Math.round(kilobytes / 1024));
}

/** `2024/05/31/[$LATEST]0123456789abcdef0123456789abcdef`, dated in UTC like Lambda's. */
export function newLogStreamName(now = new Date(), version = '$LATEST'): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}

/** Node's runtime writes newlines inside one message as `\r` so one log call stays one line. */
export function restoreNewlines(line: string): string {
  return line.includes('\r') ? line.replace(/\r/g, '\n') : line;
}

function record(type: string, body: Record<string, unknown>): string {
  return JSON.stringify({ time: new Date().toISOString(), type, record: body });
}

export function startLine(format: LogFormat, requestId: string, version: string): string {
  if (format === 'JSON') return record('platform.start', { requestId, version });
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(format: LogFormat, requestId: string, status: InvokeStatus, durationMs: number, errorType?: string): string {
  if (format === 'JSON') {
    return record('platform.runtimeDone', {
      requestId,
      status,
      ...(errorType ? { errorType } : {}),
      metrics: { durationMs: round2(durationMs) },
    });
  }
  return `END RequestId: ${requestId}`;
}

export function reportLine(format: LogFormat, m: ReportMetrics): string {
  if (format === 'JSON') {
    return record('platform.report', {
      requestId: m.requestId,
      metrics: {
        durationMs: round2(m.durationMs),
        billedDurationMs: m.billedDurationMs,
        memorySizeMB: m.memorySizeMB,
        maxMemoryUsedMB: m.maxMemoryUsedMB,
        ...(m.initDurationMs !== undefined ? { initDurationMs: round2(m.initDurationMs) } : {}),
      },
      status: m.status,
      ...(m.errorType ? { errorType: m.errorType } : {}),
    });
  }
  let line =
    `REPORT RequestId: ${m.requestId}\tDuration: ${formatMs(m.durationMs)} ms\tBilled Duration: ${m.billedDurationMs} ms` +
    `\tMemory Size: ${m.memorySizeMB} MB\tMax Memory Used: ${m.maxMemoryUsedMB} MB`;
  if (m.initDurationMs !== undefined) line += `\tInit Duration: ${formatMs(m.initDurationMs)} ms`;
  if (m.status !== 'success') line += `\tStatus: ${m.status}`;
  if (m.errorType) line += `\tError Type: ${m.errorType}`;
  return line;
}

/** Written when initialization failed (Lambda writes none for a successful one in Text format). */
export function initReportLine(format: LogFormat, durationMs: number, status: InvokeStatus, errorType?: string): string {
  if (format === 'JSON') {
    return record('platform.initReport', {
      initializationType: 'on-demand',
      phase: 'init',
      status,
      ...(errorType ? { errorType } : {}),
      metrics: { durationMs: round2(durationMs) },
    });
  }
  let line = `INIT_REPORT Init Duration: ${formatMs(durationMs)} ms\tPhase: init\tStatus: ${status}`;
  if (errorType) line += `\tError Type: ${errorType}`;
  return line;
}

/** `2024-05-31T10:00:03.123Z <id> Task timed out after 3.00 seconds` (the JSON format carries it in `status`). */
export function timeoutLines(format: LogFormat, requestId: string, timeoutSeconds: number): string[] {
  if (format === 'JSON') return [];
  return [`${new Date().toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`];
}

/** The two lines Lambda writes when the runtime process died mid-invoke. */
export function sandboxErrorLines(format: LogFormat, errorMessage: string, errorType: string): string[] {
  if (format === 'JSON') return [];
  return [errorMessage, errorType];
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

import type { Invocation } from '../../core/emulator/types';

/**
 * The text a local run writes to its function's output channel, and the short result badge the
 * Local Functions view shows. No `vscode` here: unit-tested under plain Node.
 */

/** `12 ms`, `3.4 ms`, `1.25 s`. */
export function formatDuration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 10) return `${Number(ms.toFixed(1))} ms`;
  return `${Math.round(ms)} ms`;
}

/** `✓ 12 ms` or `✗ TypeError`. */
export function resultBadge(invocation: Pick<Invocation, 'durationMs' | 'error' | 'functionError'>): string {
  if (invocation.functionError || invocation.error) return `✗ ${invocation.error?.errorType ?? 'Error'}`;
  return `✓ ${formatDuration(invocation.durationMs)}`;
}

/** `▶ hello · event "get-hello" · 10:42:07` — the line that opens a run in the channel. */
export function runHeadline(functionName: string, eventName: string | undefined, at: Date, debug = false): string {
  const event = eventName ? `event "${eventName}"` : 'event {}';
  return `${debug ? '⚙ Debug' : '▶ Invoke'} ${functionName} · ${event} · ${at.toLocaleTimeString()}`;
}

/** The payload as indented JSON when it is JSON, else as it came. */
export function prettyPayload(payload: Buffer | string): string {
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The lines after the logs: a summary, then the result or error payload. */
export function resultText(invocation: Invocation): string {
  const timings = [`${formatDuration(invocation.durationMs)}`, `billed ${formatDuration(invocation.billedDurationMs)}`];
  if (invocation.initDurationMs !== undefined) timings.push(`init ${formatDuration(invocation.initDurationMs)}`);
  timings.push(`${invocation.maxMemoryUsedMB} MB`);
  const failed = invocation.functionError !== undefined || invocation.error !== undefined;
  const summary = failed
    ? `✗ Failed: ${invocation.error?.errorType ?? 'Error'}: ${invocation.error?.errorMessage ?? ''} (${timings.join(', ')})`
    : `✓ Succeeded (${timings.join(', ')})`;
  const body = invocation.payload.length === 0 ? '(no payload)' : prettyPayload(invocation.payload);
  return `${summary}\n${failed ? 'Error' : 'Result'}:\n${body}\n`;
}

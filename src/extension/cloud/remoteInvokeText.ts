import type { RemoteInvocation } from '../../core/providers/types';
import { formatDuration, prettyPayload } from '../run/runText';

/**
 * What an invoke of a deployed function writes to the function's output channel: a headline, the
 * log tail Lambda returned (`LogType: Tail`, its last 4 KB), then the result or error. No `vscode`.
 */

/** `▶ Invoke hello:live on local cloud at http://127.0.0.1:3001 · event "get" · 10:42:07`. */
export function remoteHeadline(name: string, qualifier: string | undefined, location: string, eventName: string | undefined, at: Date): string {
  const event = eventName ? `event "${eventName}"` : 'event {}';
  return `▶ Invoke ${name}${qualifier ? `:${qualifier}` : ''} on ${location} · ${event} · ${at.toLocaleTimeString()}`;
}

/** Lambda's error payload `{"errorType": …, "errorMessage": …}`, when the payload is one. */
function errorSummary(payload: Buffer): string {
  try {
    const parsed = JSON.parse(payload.toString('utf8')) as { errorType?: unknown; errorMessage?: unknown };
    const type = typeof parsed.errorType === 'string' ? parsed.errorType : 'Error';
    return typeof parsed.errorMessage === 'string' ? `${type}: ${parsed.errorMessage}` : type;
  } catch {
    return 'Error';
  }
}

export function remoteResultText(invocation: RemoteInvocation): string {
  const lines: string[] = [];
  if (invocation.log) lines.push(invocation.log.replace(/\n+$/, ''));
  const facts = [`${formatDuration(invocation.durationMs)} round trip`];
  if (invocation.executedVersion) facts.push(`version ${invocation.executedVersion}`);
  const failed = invocation.functionError !== undefined;
  lines.push(failed ? `✗ Failed (${invocation.functionError}): ${errorSummary(invocation.payload)} (${facts.join(', ')})` : `✓ Succeeded (${facts.join(', ')})`);
  lines.push(failed ? 'Error:' : 'Result:', invocation.payload.length === 0 ? '(no payload)' : prettyPayload(invocation.payload));
  return `${lines.join('\n')}\n`;
}

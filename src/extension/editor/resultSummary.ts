import { splitIntegrationPayload } from '../../core/emulator/apiEvents';
import { HTTP_INTEGRATION_CONTENT_TYPE, type Invocation, type LambdaErrorPayload } from '../../core/emulator/types';

/** One-line summaries of a local run, for the inline decoration (and the hover's headline). Pure. */

export const MAX_INLINE_LENGTH = 80;

/** `0.4 ms`, `5.4 ms`, `12 ms`, `1.25 s`: short, with the precision that matters at each scale. */
export function formatDuration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 10) return `${Number(ms.toFixed(1))} ms`;
  return `${Math.round(ms)} ms`;
}

/** The `statusCode` of an API Gateway / ALB style response, when the result is such an object. */
export function statusCodeOf(payload: Buffer | string): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString());
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const status = (parsed as Record<string, unknown>).statusCode;
  return typeof status === 'number' && Number.isFinite(status) ? status : undefined;
}

/**
 * `TypeError: message` on one line. Sandbox failures' messages repeat the request ID
 * (`RequestId: … Error: Task timed out…`), which says nothing at a glance, so it is dropped.
 */
export function errorHeadline(error: LambdaErrorPayload): string {
  const message = (error.errorMessage ?? '').replace(/^RequestId: \S+ Error: /, '').split(/\r?\n/)[0].trim();
  const type = error.errorType || 'Error';
  // Runtimes often repeat the type at the start of the message (`Error: Cannot find module …`).
  if (!message) return type;
  return message.startsWith(`${type}:`) ? message : `${type}: ${message}`;
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** The status of a result: the prelude's for a streamed HTTP integration response (200 when it names none). */
function resultStatus(invocation: Pick<Invocation, 'payload' | 'streamContentType'>): number | undefined {
  if (invocation.streamContentType === undefined) return statusCodeOf(invocation.payload);
  if (invocation.streamContentType !== HTTP_INTEGRATION_CONTENT_TYPE) return undefined;
  const prelude = splitIntegrationPayload(invocation.payload)?.prelude;
  return prelude ? (statusCodeOf(prelude) ?? 200) : undefined;
}

/** `✓ 12 ms · 200` or `✗ TypeError: message` (at most `max` characters). */
export function decorationText(invocation: Pick<Invocation, 'error' | 'payload' | 'durationMs' | 'streamContentType'>, max = MAX_INLINE_LENGTH): string {
  if (invocation.error) return truncate(`✗ ${errorHeadline(invocation.error)}`, max);
  const status = resultStatus(invocation);
  return `✓ ${formatDuration(invocation.durationMs)}${status === undefined ? '' : ` · ${status}`}`;
}

/** Several functions' results on one handler line: each named, so they can be told apart. */
export function lineDecorationText(entries: { name: string; text: string }[]): string {
  if (entries.length === 1) return entries[0].text;
  return entries.map((entry) => `${entry.name} ${entry.text}`).join('   ');
}

import * as path from 'node:path';
import { splitIntegrationPayload } from '../../core/emulator/apiEvents';
import { HTTP_INTEGRATION_CONTENT_TYPE, type Invocation } from '../../core/emulator/types';
import { DEFAULT_EVENT_LABEL, lensCommands } from './handlerLensSpecs';
import { decorationText, errorHeadline, formatDuration, truncate } from './resultSummary';
import { isInside, type StackFrame } from './stackFrames';

/** The hover over a handler with a last result, as markdown sections. Pure: links are built by the caller. */

/** Past this the payload is cut: a hover is for a glance, the output channel has the rest. */
export const MAX_HOVER_PAYLOAD = 20_000;
/** Larger payloads are shown as sent rather than parsed and re-indented. */
const MAX_PRETTY_INPUT = 1_000_000;

export const SHOW_OUTPUT_COMMAND = 'serverlessWorkbench.showFunctionOutput';

export interface ResultHoverInput {
  functionName: string;
  invocation: Invocation;
  eventName?: string;
  finishedAt: number;
  /** The function's configured memory, for "39 / 128 MB". */
  memorySize?: number;
  /** User-code frames of the error, resolved to absolute paths. */
  frames: readonly StackFrame[];
  /** Frame labels are relative to it (the function's code folder). */
  labelRoot?: string;
  /** False in an untrusted workspace: no "Invoke again" link. */
  canInvoke: boolean;
}

export interface HoverLinks {
  /** An href that opens the frame's file at its line. */
  file(frame: StackFrame): string;
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/** A fence longer than any backtick run inside, so payload text cannot close the block. */
export function codeBlock(text: string, language: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

export function commandHref(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** The payload pretty-printed, capped at `max` characters with a note saying how much was left out. */
export function payloadBlock(payload: Buffer | string, max = MAX_HOVER_PAYLOAD): string {
  const raw = payload.toString();
  let text = raw;
  let language = 'text';
  if (raw.length <= MAX_PRETTY_INPUT) {
    try {
      text = JSON.stringify(JSON.parse(raw), null, 2);
      language = 'json';
    } catch {
      // Not JSON (a plain-text response): shown as is.
    }
  } else if (/^\s*[[{"]/.test(raw)) {
    language = 'json';
  }
  if (!text.length) return '_Empty payload._';
  if (text.length <= max) return codeBlock(text, language);
  const note = `_Payload truncated: the first ${formatSize(max)} of ${formatSize(text.length)} shown._`;
  return `${codeBlock(text.slice(0, max), language)}\n\n${note}`;
}

function formatSize(chars: number): string {
  return chars >= 1_000_000 ? `${(chars / 1_000_000).toFixed(1)} MB` : `${Math.round(chars / 1000)} KB`;
}

function frameLabel(frame: StackFrame, labelRoot: string | undefined): string {
  const file = labelRoot && isInside(frame.file, labelRoot) ? path.relative(labelRoot, frame.file) : frame.file;
  return `${file}:${frame.line}${frame.column ? `:${frame.column}` : ''}`;
}

function summarySection(input: ResultHoverInput): string {
  const { invocation } = input;
  const headline = invocation.error ? `✗ ${errorHeadline(invocation.error)}` : decorationText(invocation);
  const memory = input.memorySize ? `${invocation.maxMemoryUsedMB} / ${input.memorySize} MB` : `${invocation.maxMemoryUsedMB} MB`;
  const start = invocation.coldStart
    ? `cold start${invocation.initDurationMs === undefined ? '' : ` (init ${invocation.initDurationMs.toFixed(2)} ms)`}`
    : 'warm start';
  const finished = new Date(input.finishedAt).toLocaleTimeString();
  return [
    `**${escapeMarkdown(input.functionName)}** — ${escapeMarkdown(truncate(headline, 300))}`,
    '',
    `Request \`${invocation.requestId}\` · ${input.eventName ? `event ${escapeMarkdown(input.eventName)}` : DEFAULT_EVENT_LABEL} · ${finished}  `,
    `Duration ${invocation.durationMs.toFixed(2)} ms · billed ${formatDuration(invocation.billedDurationMs)} · memory ${memory} · ${start}`,
    '',
    actionsLine(input),
  ].join('\n');
}

function stackSection(input: ResultHoverInput, links: HoverLinks): string | undefined {
  if (!input.invocation.error || !input.frames.length) return undefined;
  const items = input.frames.map((frame) => {
    const link = `[${escapeMarkdown(frameLabel(frame, input.labelRoot))}](${links.file(frame)})`;
    return `- ${link}${frame.functionName ? ` in \`${frame.functionName.replace(/`/g, "'")}\`` : ''}`;
  });
  return ['**Stack**', '', ...items].join('\n');
}

function actionsLine(input: ResultHoverInput): string {
  const args = [input.functionName];
  const actions = [`[Show output](${commandHref(SHOW_OUTPUT_COMMAND, args)})`];
  if (input.canInvoke) actions.unshift(`[▶ Invoke again](${commandHref(lensCommands.invoke, args)})`);
  return actions.join(' · ');
}

/** The commands the hover links to, for `MarkdownString.isTrusted.enabledCommands`. */
export function hoverCommands(canInvoke: boolean): string[] {
  return canInvoke ? [lensCommands.invoke, SHOW_OUTPUT_COMMAND] : [SHOW_OUTPUT_COMMAND];
}

/**
 * Summary with actions, stack (errors) and payload: one hover part each. The actions come first
 * so a long payload never pushes them out of the hover's view.
 */
export function resultMarkdown(input: ResultHoverInput, links: HoverLinks): string[] {
  const payloadTitle = input.invocation.error ? '**Error payload**' : '**Response**';
  return [
    summarySection(input),
    stackSection(input, links),
    input.invocation.streamContentType !== undefined && !input.invocation.error
      ? streamedSection(input.invocation.payload, input.invocation.streamContentType)
      : `${payloadTitle}\n\n${payloadBlock(input.invocation.payload)}`,
  ].filter((section): section is string => section !== undefined);
}

/** A streamed response, with its content type; an HTTP integration response's prelude (status, headers) apart from its body. */
function streamedSection(payload: Buffer, contentType: string): string {
  const title = `**Streamed response** · \`${contentType.replace(/`/g, "'")}\``;
  const parts = contentType === HTTP_INTEGRATION_CONTENT_TYPE ? splitIntegrationPayload(payload) : undefined;
  if (!parts) return `${title}\n\n${payloadBlock(payload)}`;
  return `${title}\n\n${payloadBlock(parts.prelude)}\n\n${payloadBlock(parts.body)}`;
}

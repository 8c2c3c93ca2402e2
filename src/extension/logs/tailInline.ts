import * as path from 'node:path';
import { codeBlock, commandHref, escapeMarkdown, SHOW_OUTPUT_COMMAND } from '../editor/resultMarkdown';
import { truncate } from '../editor/resultSummary';
import { isInside, type StackFrame } from '../editor/stackFrames';
import { errorHeadline } from './logDiagnostics';
import { shortMs } from './reportSummary';
import type { TailInvocation } from './tailInvocations';

/**
 * A tailed invocation at its handler line: the decoration's text and the hover's markdown. Pure:
 * the editor's providers (resultDecorations, resultHover) show these instead of the last local
 * run when the tail saw a newer invocation.
 */

export const STOP_TAIL_COMMAND = 'serverlessWorkbench.stopTail';
export const MAX_INLINE = 80;
/** The hover shows the end of a long log. */
export const MAX_HOVER_LOG = 20_000;

/** The tailed invocation when it is newer than the last local run (a run the tail also saw is the local one). */
export function newerTail(
  last: { finishedAt: number; invocation: { requestId: string } } | undefined,
  tail: TailInvocation | undefined,
): TailInvocation | undefined {
  if (!tail) return undefined;
  if (!last) return tail;
  if (last.invocation.requestId === tail.requestId) return undefined;
  return tail.finishedAt > last.finishedAt ? tail : undefined;
}

/** `✓ 12.3 ms — last line logged`, or `✗ TypeError: boom`. */
export function tailDecorationText(invocation: TailInvocation, max = MAX_INLINE): string {
  if (invocation.error) return truncate(`✗ ${errorHeadline(invocation.error)}`, max);
  const duration = invocation.report ? `✓ ${shortMs(invocation.report.durationMs)}` : '✓';
  return truncate(invocation.lastLogLine ? `${duration} — ${invocation.lastLogLine}` : duration, max);
}

export interface TailHoverInput {
  functionName: string;
  invocation: TailInvocation;
  /** Where it was tailed from, e.g. "local cloud". */
  source: string;
  /** User-code frames of its error, resolved to absolute paths. */
  frames: readonly StackFrame[];
  labelRoot?: string;
}

export function tailHoverCommands(): string[] {
  return [SHOW_OUTPUT_COMMAND, STOP_TAIL_COMMAND];
}

export function tailHoverMarkdown(input: TailHoverInput, links: { file(frame: StackFrame): string }): string[] {
  const { invocation } = input;
  const report = invocation.report;
  const headline = invocation.error ? `✗ ${errorHeadline(invocation.error)}` : `✓ ${report ? shortMs(report.durationMs) : 'succeeded'}`;
  const facts = report
    ? [
        `Duration ${report.durationMs.toFixed(2)} ms`,
        ...(report.billedDurationMs !== undefined ? [`billed ${shortMs(report.billedDurationMs)}`] : []),
        ...(report.maxMemoryUsedMB !== undefined ? [`memory ${report.maxMemoryUsedMB}${report.memorySizeMB !== undefined ? ` / ${report.memorySizeMB}` : ''} MB`] : []),
        report.initDurationMs !== undefined ? `cold start (init ${report.initDurationMs.toFixed(2)} ms)` : 'warm start',
      ]
    : [];
  const args = [input.functionName];
  const summary = [
    `**${escapeMarkdown(input.functionName)}** — ${escapeMarkdown(truncate(headline, 300))} · tailed from ${escapeMarkdown(input.source)}`,
    '',
    `Request \`${invocation.requestId}\` · ${new Date(invocation.finishedAt).toLocaleTimeString()}  `,
    ...(facts.length ? [facts.join(' · '), ''] : ['']),
    `[Show output](${commandHref(SHOW_OUTPUT_COMMAND, args)}) · [Stop tail](${commandHref(STOP_TAIL_COMMAND, args)})`,
  ].join('\n');
  const sections = [summary];
  if (input.frames.length) {
    const items = input.frames.map((frame) => {
      const file = input.labelRoot && isInside(frame.file, input.labelRoot) ? path.relative(input.labelRoot, frame.file) : frame.file;
      const label = `${file}:${frame.line}${frame.column ? `:${frame.column}` : ''}`;
      return `- [${escapeMarkdown(label)}](${links.file(frame)})${frame.functionName ? ` in \`${frame.functionName.replace(/`/g, "'")}\`` : ''}`;
    });
    sections.push(['**Stack**', '', ...items].join('\n'));
  }
  let log = invocation.lines.join('\n');
  let note = invocation.omitted ? `\n\n_${invocation.omitted} more lines in the output channel._` : '';
  if (log.length > MAX_HOVER_LOG) {
    log = `…${log.slice(log.length - MAX_HOVER_LOG)}`;
    note = '\n\n_The start of the log is cut: the output channel has all of it._';
  }
  sections.push(`**Log**\n\n${codeBlock(log, 'serverless-log')}${note}`);
  return sections;
}

import * as vscode from 'vscode';
import { frameFilter, frameUri } from '../editor/frameFilter';
import { findFrames, userFrames } from '../editor/stackFrames';
import type { LocalFunction } from '../project/localFunction';
import type { LastResult } from '../run/lastResults';
import type { Services } from '../services';
import { newerTail, tailHoverCommands, tailHoverMarkdown } from './tailInline';

/**
 * The handler hover's parts for the newest tailed invocation of `fn` — its summary, stack and
 * whole log — when the tail saw one after the last local run; undefined otherwise.
 */
export function tailHover(services: Pick<Services, 'functions' | 'context' | 'tails'>, fn: LocalFunction, last: LastResult | undefined): vscode.MarkdownString[] | undefined {
  const latest = services.tails.latest(fn.spec.name);
  const invocation = newerTail(last, latest?.invocation);
  if (!latest || !invocation) return undefined;
  const error = invocation.error ?? invocation.errors[0];
  const frames = error ? userFrames(findFrames(error.stack.join('\n')).map((m) => m.frame), frameFilter(services, fn)) : [];
  const sections = tailHoverMarkdown(
    { functionName: fn.spec.name, invocation, source: latest.source, frames, labelRoot: fn.spec.codeDir },
    { file: (frame) => frameUri(frame.file, frame.line, frame.column).toString() },
  );
  return sections.map((section) => {
    const markdown = new vscode.MarkdownString(section);
    markdown.isTrusted = { enabledCommands: tailHoverCommands() };
    return markdown;
  });
}

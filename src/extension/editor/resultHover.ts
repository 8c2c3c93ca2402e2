import * as vscode from 'vscode';
import { tailHover } from '../logs/tailHover';
import type { Services } from '../services';
import { frameFilter, frameUri } from './frameFilter';
import { handlerLines } from './handlerLines';
import { hoverCommands, resultMarkdown } from './resultMarkdown';
import { framesOfError, userFrames } from './stackFrames';

/**
 * Hovering a handler line with a last result shows the invocation's summary, its payload and,
 * for errors, the user-code stack frames as links to their lines.
 */
export class ResultHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Pick<Services, 'functions' | 'results' | 'context' | 'tails'>) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (document.uri.scheme !== 'file') return undefined;
    const fns = handlerLines(this.services.functions.list(), document.uri.fsPath, document.getText()).get(position.line);
    if (!fns) return undefined;
    const canInvoke = vscode.workspace.isTrusted;
    const parts: vscode.MarkdownString[] = [];
    for (const fn of fns) {
      const result = this.services.results.get(fn.spec.name);
      const tailed = tailHover(this.services, fn, result);
      if (tailed) {
        parts.push(...tailed);
        continue;
      }
      if (!result) continue;
      const frames = userFrames(framesOfError(result.invocation.error), frameFilter(this.services, fn));
      const sections = resultMarkdown(
        {
          functionName: fn.spec.name,
          invocation: result.invocation,
          eventName: result.eventName,
          finishedAt: result.finishedAt,
          memorySize: fn.spec.memorySize,
          frames,
          labelRoot: fn.spec.codeDir,
          canInvoke,
        },
        { file: (frame) => frameUri(frame.file, frame.line, frame.column).toString() },
      );
      for (const section of sections) {
        const markdown = new vscode.MarkdownString(section);
        // Only the two commands the actions link to may run from this hover.
        markdown.isTrusted = { enabledCommands: hoverCommands(canInvoke) };
        parts.push(markdown);
      }
    }
    if (!parts.length) return undefined;
    return new vscode.Hover(parts, document.lineAt(position.line).range);
  }
}

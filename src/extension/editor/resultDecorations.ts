import * as vscode from 'vscode';
import type { Invocation } from '../../core/emulator/types';
import { newerTail, tailDecorationText } from '../logs/tailInline';
import type { Services } from '../services';
import { functionsInFile, handlerLines } from './handlerLines';
import { decorationText, lineDecorationText } from './resultSummary';

const SETTING = 'serverlessWorkbench.inlineResults.enabled';

function afterStyle(color: string): vscode.DecorationRenderOptions {
  return {
    after: { color: new vscode.ThemeColor(color), margin: '0 0 0 2.5em', fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  };
}

/**
 * Each function's last result at the end of its handler line in the visible editors:
 * `✓ 12 ms · 200` or `✗ TypeError: message`, in the theme's test pass/fail colours.
 */
export class ResultDecorations implements vscode.Disposable {
  private readonly passed = vscode.window.createTextEditorDecorationType(afterStyle('testing.iconPassed'));
  private readonly failed = vscode.window.createTextEditorDecorationType(afterStyle('testing.iconFailed'));
  /** Result payloads can be megabytes: each is parsed (for its statusCode) once. */
  private readonly texts = new WeakMap<Invocation, string>();
  private readonly subscriptions: vscode.Disposable[];
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly services: Pick<Services, 'functions' | 'results' | 'tails'>) {
    const update = (): void => this.update();
    this.subscriptions = [
      services.results.onDidChange(update),
      services.tails.onDidChange(update),
      services.functions.onDidChange(update),
      vscode.window.onDidChangeVisibleTextEditors(update),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTING)) update();
      }),
      // Decorations move with edits by themselves; this catches the handler's declaration moving
      // (cut and pasted elsewhere), once typing pauses.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.scheme !== 'file' || !functionsInFile(services.functions.list(), event.document.uri.fsPath).length) return;
        clearTimeout(this.pending);
        this.pending = setTimeout(update, 300);
      }),
    ];
    this.update();
  }

  update(): void {
    const enabled = vscode.workspace.getConfiguration().get<boolean>(SETTING, true);
    for (const editor of vscode.window.visibleTextEditors) {
      const passed: vscode.DecorationOptions[] = [];
      const failed: vscode.DecorationOptions[] = [];
      if (enabled && editor.document.uri.scheme === 'file') {
        const byLine = handlerLines(this.services.functions.list(), editor.document.uri.fsPath, editor.document.getText());
        for (const [line, fns] of byLine) {
          const results = fns.flatMap((fn) => {
            const result = this.services.results.get(fn.spec.name);
            // While the function is tailed, an invocation the tail saw after the last local run is shown instead.
            const tailed = newerTail(result, this.services.tails.latest(fn.spec.name)?.invocation);
            if (tailed) return [{ name: fn.spec.name, text: tailDecorationText(tailed), failed: tailed.error !== undefined }];
            return result ? [{ name: fn.spec.name, text: this.text(result.invocation), failed: result.invocation.error !== undefined }] : [];
          });
          if (!results.length) continue;
          const contentText = lineDecorationText(results);
          const end = editor.document.lineAt(line).range.end;
          const decoration = { range: new vscode.Range(end, end), renderOptions: { after: { contentText } } };
          (results.some((r) => r.failed) ? failed : passed).push(decoration);
        }
      }
      editor.setDecorations(this.passed, passed);
      editor.setDecorations(this.failed, failed);
    }
  }

  private text(invocation: Invocation): string {
    let text = this.texts.get(invocation);
    if (text === undefined) {
      text = decorationText(invocation);
      this.texts.set(invocation, text);
    }
    return text;
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.passed.dispose();
    this.failed.dispose();
  }
}

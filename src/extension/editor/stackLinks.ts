import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { frameFilter, frameUri } from './frameFilter';
import { findFrames, isUserFile, resolveFrameFile } from './stackFrames';

/** Cheap pre-check so long logs are scanned only on lines that can hold a frame. */
const MAY_HOLD_FRAME = /\bat\s|File\s/;

/**
 * Stack frames in the functions' output channels (language `serverless-log`) become links to the
 * source line: Node's `at fn (/abs/file.ts:12:5)` (source-mapped for TypeScript), `file://` URLs
 * of ES modules, Python's `File "/abs/x.py", line 7`, also inside JSON-format log records.
 */
export class StackLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly services: Pick<Services, 'functions' | 'context'>) {}

  provideDocumentLinks(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.DocumentLink[] {
    const filter = frameFilter(this.services);
    const existing = new Map<string, boolean>();
    const exists = (file: string): boolean => {
      let known = existing.get(file);
      if (known === undefined) existing.set(file, (known = filter.exists(file)));
      return known;
    };
    const links: vscode.DocumentLink[] = [];
    const lines = document.getText().split(/\r?\n/);
    for (let index = 0; index < lines.length && !token.isCancellationRequested; index++) {
      const text = lines[index];
      if (!MAY_HOLD_FRAME.test(text)) continue;
      for (const match of findFrames(text)) {
        // Output channels are not tied to a code folder, so only absolute locations are linked.
        const file = resolveFrameFile(match.frame.file);
        if (!file || !isUserFile(file, { ...filter, exists })) continue;
        const link = new vscode.DocumentLink(new vscode.Range(index, match.start, index, match.end), frameUri(file, match.frame.line, match.frame.column));
        link.tooltip = `Open ${path.basename(file)} at line ${match.frame.line}`;
        links.push(link);
      }
    }
    return links;
  }
}

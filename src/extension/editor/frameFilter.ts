import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LocalFunction } from '../project/localFunction';
import type { Services } from '../services';
import type { FrameFilter } from './stackFrames';

/**
 * Which frames get links: files in the workspace folders or a function's code folder, never the
 * extension's own runtimes (which are inside the workspace when the extension itself is developed).
 */
export function frameFilter(services: Pick<Services, 'functions' | 'context'>, fn?: LocalFunction): FrameFilter {
  const roots = new Set<string>((vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath));
  for (const each of services.functions.list()) {
    roots.add(each.spec.codeDir);
    roots.add(each.root);
  }
  return {
    roots: [...roots],
    exclude: [services.context.extensionPath],
    baseDir: fn?.spec.codeDir,
    exists: existsSync,
  };
}

/** A URI that opens the file at the line (and column): VS Code's opener reads `#L12,5`. */
export function frameUri(file: string, line: number, column?: number): vscode.Uri {
  return vscode.Uri.file(file).with({ fragment: `L${line}${column ? `,${column}` : ''}` });
}

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';

/**
 * Puts the bundled `swb` on the PATH of the integrated terminals through the extension's
 * environment variable collection. A tiny launcher script is written to global storage: it runs
 * dist/cli.js with `node` when the terminal has one, else with the editor's own runtime
 * (Electron in desktop VS Code, which behaves as Node with ELECTRON_RUN_AS_NODE=1).
 */
export async function addCliToTerminalPath(context: vscode.ExtensionContext, enabled: boolean): Promise<string | undefined> {
  const collection = context.environmentVariableCollection;
  collection.clear();
  if (!enabled) return undefined;
  const binDir = path.join(context.globalStorageUri.fsPath, 'bin');
  const cli = path.join(context.extensionPath, 'dist', 'cli.js');
  await fs.mkdir(binDir, { recursive: true });
  if (process.platform === 'win32') {
    const script = `@echo off\r\nwhere node >nul 2>nul && (node "${cli}" %*) || (set ELECTRON_RUN_AS_NODE=1 && "${process.execPath}" "${cli}" %*)\r\n`;
    await fs.writeFile(path.join(binDir, 'swb.cmd'), script);
  } else {
    const script = [
      '#!/bin/sh',
      '# Written by Serverless Workbench: runs the extension\'s bundled CLI.',
      'if command -v node >/dev/null 2>&1; then',
      `  exec node ${shellQuote(cli)} "$@"`,
      'fi',
      `ELECTRON_RUN_AS_NODE=1 exec ${shellQuote(process.execPath)} ${shellQuote(cli)} "$@"`,
      '',
    ].join('\n');
    await fs.writeFile(path.join(binDir, 'swb'), script, { mode: 0o755 });
  }
  collection.description = 'Adds the Serverless Workbench CLI (`swb`) to the PATH.';
  collection.prepend('PATH', binDir + path.delimiter);
  return binDir;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

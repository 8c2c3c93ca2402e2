import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where "Download Code" unpacks a deployed function: a new or empty folder, proposed beside the
 * workspace as `<name>-deployed` (then `-2`, `-3`, …). No `vscode` here.
 */

export function isNewOrEmptyFolder(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    return readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}

export function suggestDownloadFolder(base: string, name: string, qualifier?: string): string {
  const stem = path.join(base, `${name}${qualifier ? `-${qualifier.replace(/[^\w.-]/g, '_')}` : ''}-deployed`);
  if (isNewOrEmptyFolder(stem)) return stem;
  for (let n = 2; ; n++) if (isNewOrEmptyFolder(`${stem}-${n}`)) return `${stem}-${n}`;
}

/** The input box's check: an absolute path of a folder that does not exist yet or is empty. */
export function validateDownloadFolder(value: string): string | undefined {
  const dir = value.trim();
  if (dir === '') return 'Enter a folder';
  if (!path.isAbsolute(dir)) return 'Enter an absolute path';
  if (!isNewOrEmptyFolder(dir)) return 'This folder is not empty (or is a file): choose a new folder';
  return undefined;
}

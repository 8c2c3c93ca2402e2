import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** Temporary names start with this, so a restart can sweep what a crash left behind. */
export const TEMP_PREFIX = '.tmp-';

export function tempPath(target: string): string {
  return path.join(path.dirname(target), `${TEMP_PREFIX}${path.basename(target)}-${randomUUID()}`);
}

/**
 * Replaces `file` in one step: the data goes to a temporary file beside it, then a rename (atomic
 * within a folder), so readers and a restart after a crash see the old or the new content, never
 * half of it.
 */
export async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  const temp = tempPath(file);
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

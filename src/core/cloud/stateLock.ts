import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';

/** Lock files held by this process (two servers of one process must not share a folder either). */
const heldHere = new Set<string>();

/**
 * One local cloud per state folder: its log store and function state have a single writer. A
 * second `swb serve` (or editor session) on the same folder is refused with a clear message
 * instead of both writing the same files. A lock left by a process that died is taken over.
 */
export function acquireStateLock(stateDir: string): () => void {
  mkdirSync(stateDir, { recursive: true });
  const file = path.join(stateDir, 'serve.lock');
  if (heldHere.has(file)) throw new UserError(`the local cloud state folder ${stateDir} is in use by another local cloud of this process; pass another --state-dir`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSafe(file).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new UserError(`the local cloud state folder ${stateDir} is in use by another swb serve (pid ${owner}); stop it or pass --state-dir`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new UserError(`could not lock the local cloud state folder ${stateDir}`);
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

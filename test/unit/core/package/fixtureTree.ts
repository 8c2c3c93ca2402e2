import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const fixtures = path.join(__dirname, '..', '..', '..', 'fixtures', 'package');

/** A fresh temp folder, removed after the test. */
export function tempDir(t: { after(fn: () => void): void }, prefix = 'swb-package-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes files (path → content, or [content, mode]) under `dir`. */
export function writeTree(dir: string, files: Record<string, string | [string, number]>): string {
  for (const [rel, spec] of Object.entries(files)) {
    const [content, mode] = Array.isArray(spec) ? spec : [spec, 0o644];
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    chmodSync(file, mode);
  }
  return dir;
}

/** Copies a fixture folder into a temp folder, so tests can add node_modules, .git or .env (which git would not keep). */
export function copyFixture(t: { after(fn: () => void): void }, name: string): string {
  const dir = path.join(tempDir(t), name);
  cpSync(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

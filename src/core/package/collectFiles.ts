import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { CancelledError } from '../errors';
import { compileGlobs, lastMatch } from './glob';
import type { FileSelectionOptions, PackageFile } from './types';

/** Never useful inside a function, wherever they are (including dependencies). */
export const defaultExcludes: readonly string[] = [
  '.git',
  '.DS_Store',
  '**/node_modules/.cache/',
  '__pycache__/',
  '*.pyc',
  '.swb/',
  '.venv/',
];

/** Development-only files of the user's own code; not applied inside node_modules, where a package may name a runtime folder `test`. */
export const sourceExcludes: readonly string[] = [
  '.env*',
  '.events/',
  'test/',
  'tests/',
  '__tests__/',
  '*.test.*',
  '*.spec.*',
  'test_*.py',
];

export interface CollectOptions extends FileSelectionOptions {
  signal?: AbortSignal;
  /** An extra filter (e.g. production-only node_modules); false for a folder skips all of it. */
  keep?: (relPath: string, isDirectory: boolean) => boolean;
  /** Absolute paths never collected (e.g. the output zip). */
  ignorePaths?: string[];
  /** Receives problems that do not stop packaging (broken links, link cycles). */
  warnings?: string[];
  /** Folder the paths are placed under inside the zip ('' = root). */
  prefix?: string;
  /** Installed dependencies (pip's target folder): the user-code-only excludes (tests…) do not apply. */
  dependencies?: boolean;
}

/** Builds the exclude/include decision for relative paths from the options. */
export function createFileFilter(options: FileSelectionOptions & { dependencies?: boolean }): {
  excluded(relPath: string): boolean;
  included(relPath: string): boolean;
  /** Whether an excluded folder can be skipped whole (no negation could bring a file back). */
  canPrune: boolean;
} {
  const useDefaults = options.defaultExcludes !== false;
  const defaults = useDefaults ? compileGlobs(defaultExcludes) : [];
  const source = useDefaults && !options.dependencies ? compileGlobs(sourceExcludes) : [];
  const user = compileGlobs(options.exclude ?? []);
  const include = compileGlobs(options.include ?? []);
  return {
    excluded(relPath) {
      let verdict = lastMatch(defaults, relPath);
      if (!/(^|\/)node_modules\//.test(relPath)) verdict = lastMatch(source, relPath) ?? verdict;
      verdict = lastMatch(user, relPath) ?? verdict;
      return verdict === true;
    },
    included(relPath) {
      return include.length === 0 || lastMatch(include, relPath) === true;
    },
    canPrune: !user.some((rule) => rule.negated),
  };
}

/**
 * Lists the files under `root` that belong in the package, following symbolic links (their
 * targets' content is packaged) and skipping excluded folders without reading them.
 */
export async function collectFiles(root: string, options: CollectOptions = {}): Promise<PackageFile[]> {
  const filter = createFileFilter(options);
  const ignored = new Set((options.ignorePaths ?? []).map((p) => path.resolve(p)));
  const prefix = options.prefix ? options.prefix.replace(/\/+$/, '') + '/' : '';
  const files: PackageFile[] = [];

  async function walk(absDir: string, relDir: string, ancestors: string[]): Promise<void> {
    if (options.signal?.aborted) throw new CancelledError();
    const entries: Dirent[] = await readdir(absDir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(absDir, entry.name);
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(abs);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          options.warnings?.push(`skipped broken symbolic link ${rel}`);
          continue;
        }
      }
      if (isDirectory) {
        if (filter.canPrune && filter.excluded(rel)) continue;
        if (options.keep && !options.keep(rel, true)) continue;
        const real = await realpath(abs);
        if (ancestors.includes(real)) {
          options.warnings?.push(`skipped ${rel}: a symbolic link back to one of its parent folders`);
          continue;
        }
        await walk(abs, rel, [...ancestors, real]);
      } else if (isFile) {
        if (filter.excluded(rel) || !filter.included(rel)) continue;
        if (options.keep && !options.keep(rel, false)) continue;
        if (ignored.has(abs)) continue;
        const info = await stat(abs);
        files.push({ path: prefix + rel, source: abs, mode: info.mode & 0o777, size: info.size });
      }
    }
  }

  const absoluteRoot = path.resolve(root);
  await walk(absoluteRoot, '', [await realpath(absoluteRoot)]);
  return files;
}

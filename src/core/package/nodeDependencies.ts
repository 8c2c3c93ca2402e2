import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** The node_modules package folders (relative to the code folder) that production code can load. */
export interface ProductionDependencies {
  packageDirs: Set<string>;
  /** Declared (non-optional) dependencies not installed under the code folder. */
  missing: string[];
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

async function readManifest(file: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Node's lookup: `<dir>/node_modules/<name>`, then each parent that is not itself a node_modules folder, up to the code folder. */
function resolvePackage(codeDir: string, fromDir: string, name: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    if (path.posix.basename(dir) !== 'node_modules') {
      const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (existsSync(path.join(codeDir, candidate, 'package.json'))) return candidate;
    }
    if (dir === '') return undefined;
    const parent = path.posix.dirname(dir);
    dir = parent === '.' ? '' : parent;
  }
}

/**
 * Walks package.json's `dependencies` (and optional and peer ones) transitively through the
 * installed node_modules tree, so dev dependencies stay out of an unbundled package.
 * Returns undefined when the code folder has no package.json (nothing to go by).
 */
export async function productionDependencies(codeDir: string): Promise<ProductionDependencies | undefined> {
  const root = await readManifest(path.join(codeDir, 'package.json'));
  if (!root) return undefined;
  const packageDirs = new Set<string>();
  const missing: string[] = [];
  const queue: { dir: string; manifest: Manifest }[] = [{ dir: '', manifest: root }];
  while (queue.length) {
    const { dir, manifest } = queue.shift()!;
    const required = Object.keys(manifest.dependencies ?? {});
    const optional = [...Object.keys(manifest.optionalDependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
    for (const [names, isOptional] of [
      [required, false],
      [optional, true],
    ] as const) {
      for (const name of names) {
        const found = resolvePackage(codeDir, dir, name);
        if (!found) {
          if (!isOptional && dir === '') missing.push(name);
          continue;
        }
        if (packageDirs.has(found)) continue;
        packageDirs.add(found);
        const child = await readManifest(path.join(codeDir, found, 'package.json'));
        if (child) queue.push({ dir: found, manifest: child });
      }
    }
  }
  return { packageDirs, missing: [...new Set(missing)].sort() };
}

/** The package folder owning a path under node_modules (`node_modules/@s/a/node_modules/b/x.js` → `node_modules/@s/a/node_modules/b`). */
export function owningPackage(relPath: string): string | undefined {
  const segments = relPath.split('/');
  const last = segments.lastIndexOf('node_modules', segments.length - 2);
  if (last < 0) return undefined;
  const name = segments[last + 1];
  const end = name.startsWith('@') ? last + 3 : last + 2;
  // A file directly in node_modules (or in a scope folder) belongs to no package.
  if (end > segments.length - 1) return undefined;
  return segments.slice(0, end).join('/');
}

/**
 * A `collectFiles` filter keeping only production packages under node_modules: folders on the
 * way to a kept package are walked, everything else under node_modules is skipped.
 */
export function productionOnlyFilter(packageDirs: Set<string>): (relPath: string, isDirectory: boolean) => boolean {
  const onTheWay = new Set<string>();
  for (const dir of packageDirs) {
    const parts = dir.split('/');
    for (let i = 1; i < parts.length; i++) onTheWay.add(parts.slice(0, i).join('/'));
  }
  return (relPath, isDirectory) => {
    if (!/(^|\/)node_modules(\/|$)/.test(relPath)) return true;
    if (isDirectory && (onTheWay.has(relPath) || packageDirs.has(relPath))) return true;
    const owner = owningPackage(isDirectory ? `${relPath}/-` : relPath);
    return owner !== undefined && packageDirs.has(owner);
  };
}

import { existsSync } from 'node:fs';
import * as path from 'node:path';

let root: string | undefined;

/**
 * The package root (the folder holding package.json), found from this file's location so the
 * same code works bundled (dist/*.js) and from source under tests (src/core/*.ts).
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'runtimes'))) return (root = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Serverless Workbench: cannot find the package root above ${__dirname}`);
    dir = parent;
  }
}

/** Absolute path of a file shipped beside dist/ (bootstraps under runtimes/, schemas/, templates/). */
export function assetPath(...segments: string[]): string {
  return path.join(packageRoot(), ...segments);
}

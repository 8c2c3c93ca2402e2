import assert from 'node:assert/strict';
import { chmodSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isCancellation } from '../../../../src/core/errors';
import { collectFiles } from '../../../../src/core/package/collectFiles';
import { computeCodeSha256, packageFunction } from '../../../../src/core/package/packageFunction';
import type { PackageStage } from '../../../../src/core/package/types';
import { readZip } from '../../../../src/core/package/zip';
import { copyFixture, tempDir, writeTree } from './fixtureTree';

function provided(codeDir: string) {
  return { name: 'custom', runtime: 'provided.al2023', codeDir, handler: 'function.handler' };
}

/** Bytes that deflate cannot shrink, the same on every run. */
function incompressible(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 2463534242;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const devClutter = {
  bootstrap: ['#!/bin/sh\n', 0o755],
  'src/main.sh': 'echo main',
  'notes.md': 'kept',
  '.git/config': '[core]',
  '.env': 'SECRET=1',
  '.env.local': 'SECRET=2',
  '.events/created.json': '{}',
  'test/a.sh': 'test',
  'tests/b.sh': 'test',
  'src/__tests__/c.js': 'test',
  'src/x.test.js': 'test',
  'src/y.spec.ts': 'test',
  'test_z.py': 'test',
  'node_modules/.cache/q': 'cache',
  'node_modules/dep/index.js': 'dep',
  'node_modules/dep/test/fixture.js': 'a dependency may need its own test folder',
  '__pycache__/a.cpython-311.pyc': 'pyc',
  'lib/b.pyc': 'pyc',
  '.DS_Store': 'mac',
  '.swb/old.zip': 'zip',
} satisfies Record<string, string | [string, number]>;

test('default excludes leave out VCS, secrets, saved events, tests and caches', async (t) => {
  const dir = writeTree(tempDir(t), devClutter);
  const result = await packageFunction(provided(dir));
  assert.deepEqual(result.files, ['bootstrap', 'node_modules/dep/index.js', 'node_modules/dep/test/fixture.js', 'notes.md', 'src/main.sh']);
  assert.deepEqual(
    readZip(result.zip).map((e) => e.path),
    result.files,
  );
  const everything = await packageFunction(provided(dir), { defaultExcludes: false });
  assert.equal(everything.files.length, Object.keys(devClutter).length);
});

test('include and exclude globs, with ! bringing back a default-excluded file', async (t) => {
  const dir = writeTree(tempDir(t), { ...devClutter, '.events/keep.json': '{"kept":true}' });
  const excluded = await packageFunction(provided(dir), { exclude: ['*.md', 'node_modules/', '!.events/keep.json'] });
  assert.deepEqual(excluded.files, ['.events/keep.json', 'bootstrap', 'src/main.sh']);
  const included = await packageFunction(provided(dir), { include: ['bootstrap', 'src/**'] });
  assert.deepEqual(included.files, ['bootstrap', 'src/main.sh'], 'include keeps only matches; default excludes still apply');
});

test('unbundled Node.js packages only production dependencies, walked transitively', async (t) => {
  const pkg = (name: string, deps: Record<string, string> = {}) => JSON.stringify({ name, version: '1.0.0', dependencies: deps });
  const dir = writeTree(tempDir(t), {
    'index.js': 'exports.handler = async () => require("a")();',
    'package.json': JSON.stringify({
      dependencies: { a: '^1', 'not-installed': '^1' },
      optionalDependencies: { '@scope/c': '^1' },
      devDependencies: { devtool: '^1' },
    }),
    'node_modules/a/package.json': pkg('a', { b: '^1', d: '^2' }),
    'node_modules/a/index.js': 'module.exports = () => require("b") + require("d");',
    'node_modules/a/node_modules/d/package.json': pkg('d'),
    'node_modules/a/node_modules/d/index.js': 'module.exports = "d2";',
    'node_modules/d/package.json': pkg('d'),
    'node_modules/d/index.js': 'module.exports = "d1, only a dev tool uses it";',
    'node_modules/b/package.json': pkg('b'),
    'node_modules/b/index.js': 'module.exports = "b";',
    'node_modules/@scope/c/package.json': pkg('@scope/c'),
    'node_modules/@scope/c/index.js': '',
    'node_modules/devtool/package.json': pkg('devtool', { d: '^1' }),
    'node_modules/devtool/index.js': '',
    'node_modules/.bin/devtool': ['#!/usr/bin/env node', 0o755],
    'node_modules/.package-lock.json': '{}',
  });
  const result = await packageFunction({ name: 'fn', runtime: 'nodejs20.x', codeDir: dir, handler: 'index.handler' }, { bundle: false });
  assert.deepEqual(result.files, [
    'index.js',
    'node_modules/@scope/c/index.js',
    'node_modules/@scope/c/package.json',
    'node_modules/a/index.js',
    'node_modules/a/node_modules/d/index.js',
    'node_modules/a/node_modules/d/package.json',
    'node_modules/a/package.json',
    'node_modules/b/index.js',
    'node_modules/b/package.json',
    'package.json',
  ]);
  assert.match(result.method, /production node_modules/);
  assert.match(result.warnings.join('\n'), /dependencies not installed .*: not-installed/);
});

test('unbundled TypeScript is refused with advice', async (t) => {
  const dir = writeTree(tempDir(t), { 'app.ts': 'export const handler = async () => 1;' });
  await assert.rejects(
    packageFunction({ name: 'fn', runtime: 'nodejs20.x', codeDir: dir, handler: 'app.handler' }, { bundle: false }),
    /handler app\.ts is TypeScript, which Lambda cannot run: package with bundling/,
  );
});

test('size limits are checked before upload (small injected limits)', async (t) => {
  const dir = writeTree(tempDir(t), { bootstrap: ['#!/bin/sh\n', 0o755] });
  writeFileSync(path.join(dir, 'blob.bin'), incompressible(4000));
  await assert.rejects(packageFunction(provided(dir), { limits: { unzipped: 3000 } }), /package is 3\.9 KB unzipped, over Lambda's 2\.9 KB limit \(largest: blob\.bin 3\.9 KB, bootstrap 10 B\)/);
  await assert.rejects(packageFunction(provided(dir), { limits: { zipped: 2048 } }), /package is 4\.\d KB zipped, over Lambda's 2\.0 KB limit for direct upload/);
  const fits = await packageFunction(provided(dir), { limits: { zipped: 8192, unzipped: 8192 } });
  assert.equal(fits.unzippedSize, 4010);
  assert.equal(fits.size, fits.zip.length);
});

test('same sources give the same bytes and CodeSha256, whatever the file times and umask', async (t) => {
  const dir = copyFixture(t, 'provided');
  const first = await packageFunction(provided(dir));
  const later = new Date('2031-02-03T04:05:06Z');
  for (const file of ['bootstrap', 'function.sh']) utimesSync(path.join(dir, file), later, later);
  chmodSync(path.join(dir, 'function.sh'), 0o600);
  const second = await packageFunction(provided(dir));
  assert.ok(second.zip.equals(first.zip));
  assert.equal(second.sha256, first.sha256);
  // The executable bit is content: flipping it changes the package.
  chmodSync(path.join(dir, 'function.sh'), 0o755);
  const third = await packageFunction(provided(dir));
  assert.notEqual(third.sha256, first.sha256);
});

test('computeCodeSha256 is base64 SHA-256, the format of Lambda CodeSha256', () => {
  assert.equal(computeCodeSha256(Buffer.alloc(0)), '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  assert.equal(computeCodeSha256(Buffer.from('abc')), 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
});

test('provided runtimes need a bootstrap; one that is not executable on disk is packaged as 0755', async (t) => {
  const missing = writeTree(tempDir(t), { 'function.sh': 'echo' });
  await assert.rejects(packageFunction(provided(missing)), /provided\.al2023 needs an executable file named bootstrap at the root/);
  const plain = writeTree(tempDir(t), { bootstrap: ['#!/bin/sh\n', 0o644] });
  const result = await packageFunction(provided(plain));
  assert.equal(readZip(result.zip)[0].mode, 0o755);
  assert.match(result.warnings.join('\n'), /bootstrap is not executable on disk/);
  await assert.rejects(packageFunction(provided(plain), { exclude: ['bootstrap'] }), /needs an executable file named bootstrap/);
});

test('progress is reported by stage; an aborted signal cancels', async (t) => {
  const dir = copyFixture(t, 'node-ts');
  const stages: PackageStage[] = [];
  await packageFunction({ name: 'orders', runtime: 'nodejs20.x', codeDir: dir, handler: 'handlers/orders.create' }, { onProgress: (stage) => stages.push(stage) });
  assert.deepEqual(stages, ['bundle', 'zip', 'hash', 'done']);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(packageFunction(provided(dir), { signal: controller.signal }), (error) => isCancellation(error));
});

test('unknown runtimes, missing folders and empty packages are user errors', async (t) => {
  const dir = writeTree(tempDir(t), { 'test/only.sh': 'x' });
  await assert.rejects(packageFunction({ ...provided(dir), runtime: 'java21' }), /packaging the java21 runtime is not supported yet/);
  await assert.rejects(packageFunction(provided(path.join(dir, 'nope'))), /code folder of custom not found/);
  await assert.rejects(packageFunction({ ...provided(dir), runtime: 'python3.12' }), /nothing to package for custom: every file in .* is excluded/);
});

test('symbolic links are packaged as their targets; broken ones are skipped with a warning; ignorePaths are left out', async (t) => {
  const dir = writeTree(tempDir(t), { bootstrap: ['#!/bin/sh\n', 0o755], 'real/data.txt': 'data' });
  symlinkSync('real/data.txt', path.join(dir, 'linked.txt'));
  symlinkSync('real', path.join(dir, 'linkdir'));
  symlinkSync('missing.txt', path.join(dir, 'broken.txt'));
  symlinkSync('..', path.join(dir, 'real', 'loop'));
  writeFileSync(path.join(dir, 'out.zip'), 'previous build');
  const warnings: string[] = [];
  const files = await collectFiles(dir, { warnings, ignorePaths: [path.join(dir, 'out.zip')] });
  assert.deepEqual(files.map((f) => f.path).sort(), ['bootstrap', 'linkdir/data.txt', 'linked.txt', 'real/data.txt']);
  assert.match(warnings.join('\n'), /broken symbolic link broken\.txt/);
  assert.match(warnings.join('\n'), /real\/loop: a symbolic link back to one of its parent folders/);
  const zip = await packageFunction(provided(dir), { ignorePaths: [path.join(dir, 'out.zip')] });
  assert.equal(readZip(zip.zip).find((e) => e.path === 'linked.txt')?.data.toString(), 'data');
});

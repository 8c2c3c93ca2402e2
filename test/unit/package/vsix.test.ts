// The VSIX holds only run-time files, and the esbuild it ships works on its own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ZipEntry } from '../../helpers/zip';
import { readZip } from '../../helpers/zip';

const root = join(__dirname, '..', '..', '..');
const platform = `${process.platform}-${process.arch}`;
const scratch = mkdtempSync(join(tmpdir(), 'swb-vsix-test-'));
let entries: ZipEntry[];

const allowed: RegExp[] = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/changelog\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/dist\/.+\.js$/,
  /^extension\/(syntaxes|schemas)\/.+/,
  // Bootstraps, not the bytecode Python leaves beside them when tests import them.
  /^extension\/runtimes\/(?!.*(__pycache__|\.pyc$)).+/,
  /^extension\/media\/[^/]+\.(svg|png)$/,
  /^extension\/node_modules\/esbuild\/(package\.json|LICENSE\.md|lib\/main\.js)$/,
  new RegExp(`^extension/node_modules/@esbuild/${platform}/.+`),
];

before(() => {
  // Packaged fresh from the current dist (no rebuild, which would rewrite dist under other tests),
  // so the check never reads a stale serverless-workbench.vsix.
  if (!existsSync(join(root, 'dist', 'extension.js'))) {
    const built = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
  }
  const vsix = join(scratch, 'test.vsix');
  const packaged = spawnSync(process.execPath, ['scripts/package-vsix.mjs', '--out', vsix], { cwd: root, encoding: 'utf8' });
  assert.equal(packaged.status, 0, packaged.stderr || packaged.stdout);
  entries = readZip(vsix);
});

after(() => rmSync(scratch, { recursive: true, force: true }));

test('the VSIX holds only run-time files', () => {
  const unexpected = entries.map((e) => e.name).filter((name) => !allowed.some((pattern) => pattern.test(name)));
  assert.deepEqual(unexpected, []);
});

test('the VSIX holds the bundles, the manifest and esbuild for this platform', () => {
  const names = new Set(entries.map((e) => e.name));
  for (const required of [
    'extension/package.json',
    'extension/dist/extension.js',
    'extension/dist/cli.js',
    'extension/node_modules/esbuild/lib/main.js',
    `extension/node_modules/@esbuild/${platform}/bin/esbuild`,
  ]) {
    assert.ok(names.has(required), `${required} is packaged`);
  }
  assert.ok(![...names].some((name) => name.endsWith('.map')), 'no source maps');
  const manifest = entries.find((e) => e.name === 'extension.vsixmanifest')!.data().toString('utf8');
  assert.match(manifest, new RegExp(`TargetPlatform="${platform}"`));
});

test('the packaged esbuild bundles code on its own', () => {
  const unpacked = join(scratch, 'unpacked');
  for (const entry of entries.filter((e) => e.name.startsWith('extension/node_modules/'))) {
    const file = join(unpacked, entry.name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, entry.data(), { mode: entry.mode || 0o644 });
  }
  const script = `const esbuild = require(${JSON.stringify(join(unpacked, 'extension', 'node_modules', 'esbuild'))});
    process.stdout.write(esbuild.transformSync('const answer: number = 42', { loader: 'ts' }).code);`;
  // A clean environment and cwd, so nothing resolves back to the repository's own node_modules.
  const result = spawnSync(process.execPath, ['-e', script], { cwd: scratch, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'const answer = 42;');
});

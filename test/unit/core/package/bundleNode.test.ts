import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { bundleNode, moduleFormat, nodeMajor } from '../../../../src/core/package/bundleNode';
import { packageFunction } from '../../../../src/core/package/packageFunction';
import { extractZip } from '../../../../src/core/package/zip';
import { copyFixture, fixtures, tempDir, writeTree } from './fixtureTree';

const nodeTs = path.join(fixtures, 'node-ts');

function spec(codeDir: string, handler: string, runtime = 'nodejs20.x') {
  return { name: 'fn', runtime, codeDir, handler };
}

test('a TypeScript handler is bundled to handlers/orders.js, tree-shaken, and the bundled handler runs', async (t) => {
  const result = await packageFunction(spec(nodeTs, 'handlers/orders.create'));
  assert.deepEqual(result.files, ['handlers/orders.js']);
  assert.match(result.method, /bundled with esbuild \(CommonJS\)/);
  const out = tempDir(t);
  await extractZip(result.zip, out);
  const bundle = path.join(out, 'handlers', 'orders.js');
  const text = readFileSync(bundle, 'utf8');
  assert.doesNotMatch(text, /TREE_SHAKEN_AWAY_MARKER/, 'unused exports are dropped');
  assert.doesNotMatch(text, /interface OrderEvent/, 'types are gone');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(bundle) as { create(event: { id: string }): Promise<{ statusCode: number; body: string }> };
  const response = await mod.create({ id: '42' });
  assert.equal(response.statusCode, 201);
  assert.deepEqual(JSON.parse(response.body), { message: 'order 42 created' });
});

test('"type": "module" packages and .mts handlers become ES module bundles (.mjs) that run, CommonJS dependencies included', async (t) => {
  const esm = await packageFunction(spec(path.join(fixtures, 'node-esm'), 'index.handler'));
  assert.deepEqual(esm.files, ['index.mjs']);
  const out = tempDir(t);
  await extractZip(esm.zip, out);
  const mod = (await import(pathToFileURL(path.join(out, 'index.mjs')).href)) as { handler(e: { parts: string[] }): Promise<{ joined: string; moduleUrl: boolean }> };
  assert.deepEqual(await mod.handler({ parts: ['orders', '42'] }), { joined: 'orders/42', moduleUrl: true });

  const mts = await bundleNode(spec(nodeTs, 'handlers/report.build'));
  assert.equal(mts.format, 'esm');
  assert.equal(mts.entry, 'handlers/report.mjs');
  const text = mts.files[0].data!.toString();
  assert.match(text, /^export \{/m);
  assert.doesNotMatch(text, /createRequire/, 'no require shim when nothing needs one');
});

test('@aws-sdk/* stays external on nodejs18.x+, and is bundled when asked or on older runtimes', async () => {
  const external = await bundleNode(spec(nodeTs, 'handlers/sdk.handler'));
  const text = external.files[0].data!.toString();
  assert.match(text, /require\("@aws-sdk\/client-lambda"\)/);
  assert.ok(text.length < 5000, `small bundle, got ${text.length} bytes`);

  const bundled = await bundleNode(spec(nodeTs, 'handlers/sdk.handler'), { bundleAwsSdk: true, minify: true });
  const bundledText = bundled.files[0].data!.toString();
  assert.doesNotMatch(bundledText, /require\("@aws-sdk\/client-lambda"\)/);
  assert.ok(bundledText.length > 100_000, `SDK inlined, got ${bundledText.length} bytes`);

  // nodejs16.x shipped SDK v2 only, so v3 must travel in the bundle.
  const old = await bundleNode(spec(nodeTs, 'handlers/sdk.handler', 'nodejs16.x'), { minify: true });
  assert.doesNotMatch(old.files[0].data!.toString(), /require\("@aws-sdk\/client-lambda"\)/);
});

test('minify shrinks the bundle; sourcemap adds a linked .map with the original sources', async () => {
  const plain = await bundleNode(spec(nodeTs, 'handlers/orders.create'));
  const minified = await bundleNode(spec(nodeTs, 'handlers/orders.create'), { minify: true });
  assert.ok(minified.files[0].size < plain.files[0].size);
  assert.doesNotMatch(minified.files[0].data!.toString(), /\/\/ lib\/format\.ts/);

  const mapped = await bundleNode(spec(nodeTs, 'handlers/orders.create'), { sourcemap: true });
  assert.deepEqual(mapped.files.map((f) => f.path).sort(), ['handlers/orders.js', 'handlers/orders.js.map']);
  const js = mapped.files.find((f) => f.path === 'handlers/orders.js')!.data!.toString();
  assert.match(js, /\/\/# sourceMappingURL=orders\.js\.map\s*$/);
  const map = JSON.parse(mapped.files.find((f) => f.path.endsWith('.map'))!.data!.toString()) as { sources: string[] };
  assert.deepEqual(map.sources.sort(), ['../lib/format.ts', 'orders.ts']);
});

test('bundles do not depend on where the project lives or on file times', async (t) => {
  // Both copies in temp folders: in the repo, esbuild would also read the repo's tsconfig.json.
  const original = copyFixture(t, 'node-ts');
  const first = await packageFunction(spec(original, 'handlers/orders.create'), { sourcemap: true });
  const copy = copyFixture(t, 'node-ts');
  const later = new Date(Date.now() + 3_600_000);
  utimesSync(path.join(copy, 'handlers', 'orders.ts'), later, later);
  utimesSync(path.join(copy, 'lib', 'format.ts'), later, later);
  const second = await packageFunction(spec(copy, 'handlers/orders.create'), { sourcemap: true });
  assert.notEqual(statSync(path.join(copy, 'lib', 'format.ts')).mtimeMs, statSync(path.join(original, 'lib', 'format.ts')).mtimeMs);
  assert.equal(second.sha256, first.sha256);
  assert.ok(second.zip.equals(first.zip));
});

test('native .node addons: a clear error by default, external with a warning when asked', async (t) => {
  const dir = writeTree(tempDir(t), {
    'index.js': "const addon = require('./build/Release/native.node');\nexports.handler = async () => addon.hello();\n",
    'build/Release/native.node': 'not really a binary',
  });
  await assert.rejects(packageFunction(spec(dir, 'index.handler')), (error: Error) => {
    assert.equal(error.name, 'UserError');
    assert.match(error.message, /native addon \.\/build\/Release\/native\.node \(imported by index\.js\) cannot be bundled/);
    return true;
  });
  const result = await packageFunction(spec(dir, 'index.handler'), { nativeAddons: 'external' });
  assert.deepEqual(result.files, ['index.js']);
  assert.match(result.warnings.join('\n'), /native addon \.\/build\/Release\/native\.node .* left out of the bundle/);
});

test('bundling errors, missing handlers and wrong runtimes are one-line user errors', async (t) => {
  const dir = writeTree(tempDir(t), { 'app.ts': 'export const handler = async ( => 1;\n' });
  await assert.rejects(packageFunction(spec(dir, 'app.handler')), /bundling app\.handler failed: app\.ts:1:\d+: /);
  await assert.rejects(packageFunction(spec(dir, 'missing.handler')), /handler "missing.handler": no missing\{\.ts,\.mts,\.cts,\.js,\.mjs,\.cjs\} in /);
  await assert.rejects(packageFunction(spec(dir, 'nodot')), /must look like <file>\.<function>/);
  assert.throws(() => nodeMajor('node20'), /not a Node\.js Lambda runtime/);
  assert.equal(nodeMajor('nodejs22.x'), 22);
});

test('with a bundle, include adds run-time files beside it (excludes still apply)', async (t) => {
  const dir = writeTree(tempDir(t), {
    'index.js': "const fs = require('fs');\nexports.handler = async () => fs.readFileSync(__dirname + '/templates/mail.txt', 'utf8');\n",
    'templates/mail.txt': 'Dear customer',
    'templates/mail.test.txt': 'a test file',
    'other.txt': 'not included',
  });
  const result = await packageFunction(spec(dir, 'index.handler'), { include: ['templates/**'] });
  assert.deepEqual(result.files, ['index.js', 'templates/mail.txt']);
  const out = tempDir(t);
  await extractZip(result.zip, out);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(out, 'index.js')) as { handler(): Promise<string> };
  assert.equal(await mod.handler(), 'Dear customer');
});

test('module format follows the extension, then the nearest package.json', (t) => {
  const dir = writeTree(tempDir(t), {
    'package.json': '{"type":"module"}',
    'a.js': '',
    'b.cjs': '',
    'c.mts': '',
    'sub/package.json': '{}',
    'sub/d.ts': '',
  });
  assert.equal(moduleFormat(path.join(dir, 'a.js')), 'esm');
  assert.equal(moduleFormat(path.join(dir, 'b.cjs')), 'cjs');
  assert.equal(moduleFormat(path.join(dir, 'c.mts')), 'esm');
  assert.equal(moduleFormat(path.join(dir, 'sub', 'd.ts')), 'cjs');
});

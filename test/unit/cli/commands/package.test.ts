import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../../../src/cli/main';
import { computeCodeSha256 } from '../../../../src/core/package/codeSha256';
import { readZip } from '../../../../src/core/package/zip';
import { captureIo } from '../../../helpers/cliIo';
import { copyFixture, tempDir } from '../../core/package/fixtureTree';

test('swb package with flags writes the zip and prints its path, size and CodeSha256', async (t) => {
  const dir = copyFixture(t, 'node-ts');
  const out = path.join(tempDir(t), 'orders.zip');
  const io = captureIo({ cwd: dir });
  const code = await runCli(['package', '--code-dir', '.', '--handler', 'handlers/orders.create', '--runtime', 'nodejs20.x', '--out', out, '--sourcemap'], io);
  assert.equal(code, 0, io.err());
  const zip = readFileSync(out);
  const lines = io.out().split('\n');
  assert.equal(lines[0], out);
  assert.match(io.out(), new RegExp(`size +[\\d.]+ (B|KB) \\(${zip.length} bytes; unzipped .*, 2 files\\)`));
  assert.match(io.out(), /bundled with esbuild \(CommonJS\)/);
  assert.equal(/CodeSha256 +(\S+)/.exec(io.out())?.[1], computeCodeSha256(zip));
  assert.deepEqual(
    readZip(zip).map((e) => e.path),
    ['handlers/orders.js', 'handlers/orders.js.map'],
  );
});

test('swb package <name> reads serverless-workbench.json; the default output is excluded from later builds', async (t) => {
  const root = tempDir(t);
  const dir = copyFixture(t, 'provided');
  writeFileSync(path.join(root, 'serverless-workbench.json'), JSON.stringify({ functions: { custom: { runtime: 'provided.al2023', handler: 'function.handler', codeDir: dir } } }));
  const io = captureIo({ cwd: root });
  assert.equal(await runCli(['package', 'custom', '--json'], io), 0, io.err());
  const report = JSON.parse(io.out()) as { path: string; size: number; codeSha256: string; files: string[] };
  assert.equal(report.path, path.join(root, '.swb', 'package', 'custom.zip'));
  assert.ok(existsSync(report.path));
  assert.deepEqual(report.files, ['bootstrap', 'function.sh']);
  assert.equal(report.codeSha256, computeCodeSha256(readFileSync(report.path)));

  // Packaging a folder into itself: the zip written there is not packaged next time.
  const inside = captureIo({ cwd: dir });
  assert.equal(await runCli(['package', '--runtime', 'provided.al2023', '--out', 'self.zip', '--json'], inside), 0, inside.err());
  const again = captureIo({ cwd: dir });
  assert.equal(await runCli(['package', '--runtime', 'provided.al2023', '--out', 'self.zip', '--json'], again), 0, again.err());
  assert.deepEqual((JSON.parse(again.out()) as { files: string[] }).files, ['bootstrap', 'function.sh']);
  assert.equal((JSON.parse(again.out()) as { codeSha256: string }).codeSha256, report.codeSha256);
});

test('swb package: missing inputs and packaging problems are one-line errors, exit 2', async (t) => {
  const root = tempDir(t);
  const none = captureIo({ cwd: root });
  assert.equal(await runCli(['package'], none), 2);
  assert.match(none.err(), /^swb package: give a function name, or --runtime/);

  const noManifest = captureIo({ cwd: root });
  assert.equal(await runCli(['package', 'orders'], noManifest), 2);
  assert.match(noManifest.err(), /^swb package: no project files in .* to look up function "orders" \(looked for .*; or use --code-dir, --handler and --runtime\)$/m);

  const noBootstrap = captureIo({ cwd: root });
  assert.equal(await runCli(['package', '--runtime', 'provided.al2', '--out', path.join(root, 'x.zip')], noBootstrap), 2);
  assert.match(noBootstrap.err(), /^swb package: provided\.al2 needs an executable file named bootstrap/);
  assert.ok(!existsSync(path.join(root, 'x.zip')), 'no zip written on failure');
});

test('swb package <name> finds SAM logical IDs and serverless.yml keys through discovery', async (t) => {
  const discoveryDir = path.join(__dirname, '..', '..', '..', 'fixtures', 'discovery-cli');
  const out = tempDir(t);

  const sam = captureIo({ cwd: path.join(discoveryDir, 'sam-hello-world') });
  assert.equal(await runCli(['package', 'HelloWorldFunction', '--out', path.join(out, 'sam.zip'), '--json'], sam), 0, sam.err());
  const samReport = JSON.parse(sam.out()) as { files: string[] };
  assert.deepEqual(samReport.files, ['app.mjs'], 'CodeUri hello-world/ is the package root; the handler is bundled');

  const sls = captureIo({ cwd: path.join(discoveryDir, 'serverless-http') });
  assert.equal(await runCli(['package', 'hello', '--out', path.join(out, 'sls.zip')], sls), 0, sls.err());
  assert.match(sls.out(), /^ {2}function {4}hello \(nodejs20\.x\), bundled with esbuild/m);
  assert.deepEqual(
    readZip(readFileSync(path.join(out, 'sls.zip'))).map((e) => e.path),
    ['handler.js'],
  );

  const unknown = captureIo({ cwd: path.join(discoveryDir, 'malformed-workspace') });
  assert.equal(await runCli(['package', 'LegacyFunction'], unknown), 2);
  const lines = unknown.err().split('\n');
  assert.match(lines[0], /^swb package: no function "LegacyFunction" in .*malformed-workspace \(functions: greet\)$/);
  assert.match(lines[1], /^legacy\/template\.yaml:16:1: error: YAML syntax error/);
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isCancellation } from '../../../../src/core/errors';
import { lastPipError, pipInstallArgs } from '../../../../src/core/package/packagePython';
import { packageFunction } from '../../../../src/core/package/packageFunction';
import { extractZip } from '../../../../src/core/package/zip';
import { copyFixture, tempDir } from './fixtureTree';

// No package index is reachable in tests: the requirement is a local folder whose build backend
// ships beside it, so pip needs neither the network nor build isolation.
const offline = { pipArgs: ['--no-index', '--no-build-isolation'] };

function python(codeDir: string) {
  return { name: 'app', runtime: 'python3.12', codeDir, handler: 'app.lambda_handler' };
}

test('requirements.txt is vendored by pip at the zip root, and the packaged handler imports it', async (t) => {
  const dir = copyFixture(t, 'python-app');
  const stages: string[] = [];
  const result = await packageFunction(python(dir), { ...offline, onProgress: (stage) => stages.push(stage) });
  assert.ok(stages.includes('vendor'));
  assert.match(result.method, /requirements\.txt vendored by pip/);
  for (const expected of ['app.py', 'requirements.txt', 'mylib/__init__.py', 'mylib-0.1.0.dist-info/METADATA']) {
    assert.ok(result.files.includes(expected), `${expected} in ${result.files.join(', ')}`);
  }
  assert.ok(!result.files.some((f) => f.startsWith('tests/')), 'tests are excluded');
  assert.ok(!result.files.some((f) => f.endsWith('.pyc') || f.includes('__pycache__')), 'no bytecode');

  const out = tempDir(t);
  await extractZip(result.zip, out);
  const run = spawnSync('python3', ['-c', 'import json, app; print(json.dumps(app.lambda_handler({"name": "zip"}, None)))'], { cwd: out, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const response = JSON.parse(run.stdout) as { statusCode: number; body: string };
  assert.deepEqual(JSON.parse(response.body), { message: 'hello zip from mylib' });
});

test("a requirement pip cannot install is a one-line error with pip's last error line", async (t) => {
  const dir = copyFixture(t, 'python-app');
  writeFileSync(path.join(dir, 'requirements.txt'), './vendor/does-not-exist\n');
  await assert.rejects(packageFunction(python(dir), offline), (error: Error) => {
    assert.equal(error.name, 'UserError');
    assert.match(error.message, /^pip could not install requirements\.txt: Invalid requirement: '\.\/vendor\/does-not-exist'/);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
});

test('a missing interpreter is a clear error', async (t) => {
  const dir = copyFixture(t, 'python-app');
  await assert.rejects(packageFunction(python(dir), { ...offline, python: path.join(dir, 'no-such-python3') }), /cannot install requirements\.txt: .*no-such-python3 was not found/);
});

test('aborting stops pip', async (t) => {
  const dir = copyFixture(t, 'python-app');
  const controller = new AbortController();
  const started = Date.now();
  const packaging = packageFunction(python(dir), {
    ...offline,
    signal: controller.signal,
    onProgress: (stage) => {
      if (stage === 'vendor') setTimeout(() => controller.abort(), 100);
    },
  });
  await assert.rejects(packaging, (error) => isCancellation(error));
  assert.ok(Date.now() - started < 20_000);
});

test('crossPlatform asks pip for manylinux wheels of the function architecture and Python version', () => {
  const args = pipInstallArgs({ runtime: 'python3.12', architectures: ['arm64'] }, 'requirements.txt', '/tmp/t', { crossPlatform: true, pipArgs: ['--no-index'] });
  assert.deepEqual(args.slice(0, 4), ['-m', 'pip', 'install', '-r']);
  assert.ok(args.join(' ').includes('--platform manylinux2014_aarch64 --implementation cp --python-version 3.12 --only-binary=:all:'));
  assert.equal(args.at(-1), '--no-index');
  const x86 = pipInstallArgs({ runtime: 'python3.11' }, 'r.txt', '/t', { crossPlatform: true });
  assert.ok(x86.includes('manylinux2014_x86_64'));
  assert.ok(!pipInstallArgs({ runtime: 'python3.11' }, 'r.txt', '/t').includes('--platform'));
  assert.throws(() => pipInstallArgs({ runtime: 'py3' }, 'r.txt', '/t', { crossPlatform: true }), /not a Python Lambda runtime/);
});

test('lastPipError picks the last ERROR line, else the last meaningful one', () => {
  assert.equal(lastPipError('Collecting x\nERROR: first\nERROR: No matching distribution found for x\nWARNING: whatever\n'), 'No matching distribution found for x');
  assert.equal(lastPipError('something broke\nnote: see above\n'), 'something broke');
  assert.equal(lastPipError(''), 'pip failed without a message');
});

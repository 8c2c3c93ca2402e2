import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { assetPath } from '../../../../src/core/assets';
import { copyFixture, createTestEmulator, failure, fixtureSpec, json } from '../../../helpers/emulator';

// How handlers are found and loaded: CommonJS, ES modules, TypeScript, custom runtimes, Python.

const { emulator } = createTestEmulator(after);

test('an .mjs handler is imported as an ES module', async () => {
  emulator.register(fixtureSpec('mjs', 'node-esm-mjs', 'index.handler'));
  const first = json(await emulator.invoke('mjs', { payload: '{"n":1}' }));
  assert.deepEqual(first, { format: 'esm', file: 'index.mjs', calls: 1, echo: { n: 1 } });
  assert.equal((json(await emulator.invoke('mjs', { payload: '{}' })) as { calls: number }).calls, 2);
});

test('a .js handler under "type": "module" is imported as ESM, top-level await included', async () => {
  emulator.register(fixtureSpec('typeModule', 'node-esm-type', 'app.handler'));
  assert.deepEqual(json(await emulator.invoke('typeModule', { payload: '{}' })), { loadedVia: 'import', greeting: 'top-level await works' });
});

test('a TypeScript handler is compiled on the fly, with stack traces pointing at .ts lines', async () => {
  emulator.register(fixtureSpec('ts', 'node-ts', 'handler.handler'));
  assert.deepEqual(json(await emulator.invoke('ts', { payload: '{"name":"types"}' })), { message: 'hello types' });
  const error = failure(await emulator.invoke('ts', { payload: '{"fail":true}' }));
  assert.equal(error.errorType, 'Error');
  assert.equal(error.errorMessage, 'typed failure');
  const frame = error.trace!.find((line) => line.includes('handler.ts'));
  assert.ok(frame, error.trace!.join('\n'));
  assert.match(frame, /node-ts[\\/]handler\.ts:10:\d+\)?$/);
});

test('a TypeScript syntax error is reported as Runtime.UserCodeSyntaxError with its location', async () => {
  const dir = copyFixture(after, 'node-ts');
  writeFileSync(path.join(dir, 'handler.ts'), 'export const handler = async () => { return { ;\n');
  emulator.register(fixtureSpec('tsBroken', dir, 'handler.handler'));
  const error = failure(await emulator.invoke('tsBroken', { payload: '{}' }));
  assert.equal(error.errorType, 'Runtime.UserCodeSyntaxError');
  assert.match(error.errorMessage, /^SyntaxError: /);
  assert.ok(error.trace!.some((line) => line.includes('handler.ts:1:')));
});

test('a provided runtime runs the code folder\'s own bootstrap against the Runtime API', async () => {
  emulator.register(fixtureSpec('custom', 'provided', 'function.handler', { runtime: 'provided.al2023' }));
  const inv = await emulator.invoke('custom', { payload: '{"hello":"runtime"}' });
  const body = json(inv) as { runtime: string; executionEnv: string | null; arn: string; echo: unknown };
  assert.equal(body.runtime, 'provided');
  assert.equal(body.executionEnv, null, 'OS-only runtimes have no AWS_EXECUTION_ENV');
  assert.match(body.arn, /:function:custom$/);
  assert.deepEqual(body.echo, { hello: 'runtime' });
  assert.match(inv.logs, /^custom runtime up, handler function\.handler$/m);
  assert.match(inv.logs, new RegExp(`^handling ${inv.requestId}$`, 'm'));
  const failed = failure(await emulator.invoke('custom', { payload: '{"fail":true}' }));
  assert.deepEqual(failed, { errorType: 'Custom.Failure', errorMessage: 'asked to fail' });
});

test('a provided runtime without a bootstrap fails with Runtime.InvalidEntrypoint', async () => {
  emulator.register(fixtureSpec('noBootstrap', 'node-basic', 'x', { runtime: 'provided.al2' }));
  const error = failure(await emulator.invoke('noBootstrap', { payload: '{}' }));
  assert.equal(error.errorType, 'Runtime.InvalidEntrypoint');
  assert.match(error.errorMessage, /Couldn't find valid bootstrap\(s\): \[.*node-basic[\\/]bootstrap\]/);
});

test('a Python handler runs through runtimes/python/bootstrap.py', async () => {
  assert.ok(existsSync(assetPath('runtimes', 'python', 'bootstrap.py')));
  emulator.register(fixtureSpec('py', 'python-smoke', 'app.handler', { runtime: 'python3.11', timeout: 30 }));
  const inv = await emulator.invoke('py', { payload: '{"numbers":[1,2,3]}' });
  assert.deepEqual(json(inv), { runtime: 'AWS_Lambda_python3.11', sum: 6, requestId: inv.requestId });
  assert.match(inv.logs, /^python says hi$/m);
});

test('a runtime/interpreter major version mismatch is warned about once', async () => {
  const { emulator: other, warnings } = createTestEmulator(after);
  other.register(fixtureSpec('future', 'node-basic', 'index.counter', { runtime: 'nodejs98.x' }));
  await other.invoke('future', { payload: '{}' });
  await other.invoke('future', { payload: '{}' });
  const mismatch = warnings.filter((w) => w.includes('nodejs98.x'));
  assert.equal(mismatch.length, 1, warnings.join('\n'));
  assert.match(mismatch[0], new RegExp(`runs? on .*${process.versions.node.replace(/\./g, '\\.')}`));
});

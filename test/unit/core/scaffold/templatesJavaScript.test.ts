import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { scaffoldFunction } from '../../../../src/core/scaffold';
import { createTestEmulator } from '../../../helpers/emulator';
import { assertNodeTestsPassed, inPool, runCommand, templateInvocationTests, tempWorkspace, testScript } from './scaffoldHarness';

const root = tempWorkspace(after);
const { emulator } = createTestEmulator(after);
const scaffolded = templateInvocationTests('nodejs20.x', root, emulator);

test('JavaScript templates are ES modules exporting an async handler', () => {
  for (const result of scaffolded.values()) {
    assert.equal(path.basename(result.handlerFile), 'index.mjs');
    assert.match(readFileSync(result.handlerFile, 'utf8'), /^export const handler = async \(event\) =>/m);
  }
});

test('the generated JavaScript unit tests pass (npm test script)', async () => {
  const codeDirs = [...scaffolded.values()].map((result) => path.dirname(result.handlerFile));
  const runs = await inPool(2, codeDirs.map((dir) => () => runCommand(testScript(dir), dir)));
  runs.forEach((run, i) => assertNodeTestsPassed(run, codeDirs[i]));
});

test('a generated JavaScript unit test fails when the handler breaks', async () => {
  const result = await scaffoldFunction({ root, name: 'js-broken', provider: 'aws', runtime: 'nodejs20.x', trigger: 'http' });
  writeFileSync(result.handlerFile, readFileSync(result.handlerFile, 'utf8').replace('statusCode: 200', 'statusCode: 500'));
  const codeDir = path.dirname(result.handlerFile);
  const run = await runCommand(testScript(codeDir), codeDir);
  assert.notEqual(run.code, 0);
  assert.match(run.output, /^# fail [1-9]/m);
});

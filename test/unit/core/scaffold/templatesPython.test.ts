import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { scaffoldFunction } from '../../../../src/core/scaffold';
import type { ScaffoldResult } from '../../../../src/core/scaffold';
import { createTestEmulator } from '../../../helpers/emulator';
import type { CommandResult } from './scaffoldHarness';
import { inPool, runCommand, templateInvocationTests, tempWorkspace } from './scaffoldHarness';

// One workspace per runtime: their `before` hooks run at the same time, and both would edit one manifest.
const root = tempWorkspace(after);
const root311 = tempWorkspace(after);
// The machine's python3 may differ from python3.12; the emulator only warns about that.
const { emulator } = createTestEmulator(after);
const python312 = templateInvocationTests('python3.12', root, emulator);
const python311 = templateInvocationTests('python3.11', root311, emulator);

function assertUnittestPassed(run: CommandResult, label: string): void {
  assert.equal(run.code, 0, `${label}: ${run.output}`);
  // Python 3.11's unittest exits 0 even when it finds no test: check that some ran.
  assert.match(run.output, /^Ran [1-9]\d* tests? in /m, label);
  assert.match(run.output, /^OK$/m, label);
}

test('Python handlers define lambda_handler in app.py, declared as app.lambda_handler', () => {
  for (const result of [...python312.values(), ...python311.values()]) {
    assert.equal(path.basename(result.handlerFile), 'app.py');
    assert.match(readFileSync(result.handlerFile, 'utf8'), /^def lambda_handler\(event: dict\[str, Any\], context: Any\)/m);
  }
  const manifest = JSON.parse(readFileSync(path.join(root311, 'serverless-workbench.json'), 'utf8')) as { functions: Record<string, { runtime: string; handler: string }> };
  assert.deepEqual(manifest.functions['python311-sqs'], {
    runtime: 'python3.11',
    codeDir: 'functions/python311-sqs',
    handler: 'app.lambda_handler',
    description: 'Reads batches of SQS messages (partial batch responses)',
    events: [{ type: 'sqs', queue: 'python311-sqs-queue', batchSize: 10 }],
  });
});

test('the generated Python unit tests pass (python3 -m unittest)', async () => {
  // Both Python runtimes get the same code but for the name (checked here), so its tests run once.
  for (const [trigger, result] of python311) {
    const code = readFileSync(result.handlerFile, 'utf8').replaceAll('python311', 'python312');
    assert.equal(code, readFileSync(python312.get(trigger)!.handlerFile, 'utf8'), trigger);
  }
  const results: ScaffoldResult[] = [...python312.values()];
  const runs = await inPool(2, results.map((result) => () => runCommand('python3 -m unittest', path.dirname(result.handlerFile))));
  runs.forEach((run, i) => assertUnittestPassed(run, results[i].functionName));
});

test('a generated Python unit test fails when the handler breaks', async () => {
  const result = await scaffoldFunction({ root, name: 'py-broken', provider: 'aws', runtime: 'python3.12', trigger: 'sqs' });
  writeFileSync(result.handlerFile, readFileSync(result.handlerFile, 'utf8').replace('failures.append({"itemIdentifier": record["messageId"]})', 'pass'));
  const run = await runCommand('python3 -m unittest', path.dirname(result.handlerFile));
  assert.notEqual(run.code, 0);
  assert.match(run.output, /^FAILED \(failures=1\)$/m);
});

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { CancelledError, UserError } from '../../../../src/core/errors';
import { runNewFunctionFlow } from '../../../../src/extension/commands/newFunctionFlow';
import type { PickItem, Ui } from '../../../../src/extension/ui';

function tempFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'swb-new-flow-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Prompt {
  kind: 'pick' | 'input' | 'confirm' | 'info';
  title?: string;
  step?: number;
  labels?: string[];
  value?: string;
  message?: string;
  validate?: (value: string) => string | undefined;
}

/**
 * A Ui that answers from a script: picks by label, inputs by text, confirms by boolean, and
 * records every prompt it was shown.
 */
function scriptedUi(answers: (string | boolean)[]): Ui & { prompts: Prompt[] } {
  const prompts: Prompt[] = [];
  const next = (): string | boolean => {
    if (answers.length === 0) throw new Error('the flow asked more than the script answers');
    return answers.shift()!;
  };
  return {
    prompts,
    async pick<T>(items: PickItem<T>[], options: { title: string; step?: number }): Promise<T> {
      prompts.push({ kind: 'pick', title: options.title, step: options.step, labels: items.map((i) => i.label) });
      const answer = next();
      const item = items.find((i) => i.label === answer);
      if (!item) throw new Error(`no item "${String(answer)}" in ${items.map((i) => i.label).join(', ')}`);
      return item.value;
    },
    async input(options) {
      prompts.push({ kind: 'input', title: options.title, value: options.value, validate: options.validate });
      const answer = String(next());
      const problem = options.validate?.(answer);
      if (problem) throw new Error(`the input box would refuse "${answer}": ${problem}`);
      return answer;
    },
    async confirm(message) {
      prompts.push({ kind: 'confirm', message });
      return next() === true;
    },
    async info(message) {
      prompts.push({ kind: 'info', message });
      return undefined;
    },
    async error(message) {
      prompts.push({ kind: 'info', message });
      return undefined;
    },
  };
}

test('provider → runtime → trigger → name writes the function into the only folder', async () => {
  const root = tempFolder();
  const ui = scriptedUi(['AWS Lambda', 'Node.js TypeScript', 'SQS', 'orders']);
  const result = await runNewFunctionFlow({ ui, folders: [{ name: 'app', path: root }] });
  assert.ok(result);
  assert.equal(result.handlerFile, path.join(root, 'functions', 'orders', 'index.ts'));
  assert.match(readFileSync(result.handlerFile, 'utf8'), /Promise<SQSBatchResponse>/);
  assert.ok(existsSync(path.join(root, '.events', 'orders', 'sqs.json')));

  const [provider, runtime, trigger, name] = ui.prompts;
  assert.deepEqual(provider.labels, ['AWS Lambda', 'Azure Functions', 'Google Cloud Functions']);
  assert.deepEqual([provider.step, runtime.step, trigger.step], [1, 2, 3]);
  assert.deepEqual(runtime.labels, ['Node.js TypeScript', 'Node.js JavaScript', 'Python 3.12', 'Python 3.11']);
  assert.deepEqual(trigger.labels, ['HTTP API', 'S3', 'SQS', 'EventBridge schedule', 'DynamoDB stream']);
  assert.equal(name.kind, 'input');
  assert.equal(name.title, 'New Function (4/4)');
  assert.equal(name.value, 'processMessages', 'a name is suggested for the trigger');
});

test('the name box validates as the user types: format, path separators, names in use', async () => {
  const root = tempFolder();
  writeFileSync(path.join(root, 'serverless-workbench.json'), JSON.stringify({ functions: { hello: { runtime: 'nodejs20.x', handler: 'index.handler' } } }));
  const ui = scriptedUi(['AWS Lambda', 'Python 3.12', 'HTTP API', 'greet']);
  await runNewFunctionFlow({ ui, folders: [{ name: 'app', path: root }] });
  const input = ui.prompts.find((p) => p.kind === 'input')!;
  assert.equal(input.value, 'hello2', 'the suggestion skips a name in use');
  const validate = input.validate!;
  assert.match(validate('hello') ?? '', /"hello" is already declared in this workspace/);
  assert.match(validate('a/b') ?? '', /must not contain path separators/);
  assert.match(validate('') ?? '', /must not be empty/);
  assert.equal(validate('greet-2'), undefined);
  // In a SAM workspace the name is a logical ID.
  const sam = tempFolder();
  writeFileSync(path.join(sam, 'template.yaml'), 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Existing:\n    Type: AWS::SQS::Queue\n');
  const samUi = scriptedUi(['AWS Lambda', 'Node.js JavaScript', 'S3', 'Uploads']);
  const result = await runNewFunctionFlow({ ui: samUi, folders: [{ name: 'sam', path: sam }] });
  assert.equal(result?.manifestKind, 'sam');
  const samValidate = samUi.prompts.find((p) => p.kind === 'input')!.validate!;
  assert.match(samValidate('my-fn') ?? '', /letters and digits only/);
  assert.match(samValidate('Existing') ?? '', /already declared/);
});

test('with several folders the first step picks one', async () => {
  const first = tempFolder();
  const second = tempFolder();
  const ui = scriptedUi(['second', 'AWS Lambda', 'Node.js JavaScript', 'EventBridge schedule', 'nightly']);
  const result = await runNewFunctionFlow({ ui, folders: [{ name: 'first', path: first }, { name: 'second', path: second }] });
  assert.equal(result?.manifestFile, path.join(second, 'serverless-workbench.json'));
  assert.deepEqual(ui.prompts[0].labels, ['first', 'second']);
  assert.equal(existsSync(path.join(first, 'functions')), false);
});

test('no folder open: a clear error before any prompt', async () => {
  const ui = scriptedUi([]);
  await assert.rejects(runNewFunctionFlow({ ui, folders: [] }), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.message, 'open a folder first: a new function is written into a workspace folder');
    return true;
  });
  assert.deepEqual(ui.prompts, []);
});

test('Azure and Google Cloud are listed but explain they are coming, and write nothing', async () => {
  const root = tempFolder();
  const ui = scriptedUi(['Azure Functions']);
  assert.equal(await runNewFunctionFlow({ ui, folders: [{ name: 'app', path: root }] }), undefined);
  assert.equal(ui.prompts[1].kind, 'info');
  assert.match(ui.prompts[1].message ?? '', /^Azure Functions templates arrive with the Azure provider/);
  assert.equal(existsSync(path.join(root, 'functions')), false);
});

test('existing files: asks before overwriting; declining cancels, accepting overwrites', async () => {
  const root = tempFolder();
  mkdirSync(path.join(root, 'functions', 'hello'), { recursive: true });
  writeFileSync(path.join(root, 'functions', 'hello', 'app.py'), '# mine\n');
  const declined = scriptedUi(['AWS Lambda', 'Python 3.11', 'HTTP API', 'hello', false]);
  await assert.rejects(runNewFunctionFlow({ ui: declined, folders: [{ name: 'app', path: root }] }), CancelledError);
  assert.equal(declined.prompts.at(-1)?.message, 'These files already exist: functions/hello/app.py. Overwrite them?');
  assert.equal(readFileSync(path.join(root, 'functions', 'hello', 'app.py'), 'utf8'), '# mine\n');

  const accepted = scriptedUi(['AWS Lambda', 'Python 3.11', 'HTTP API', 'hello', true]);
  const result = await runNewFunctionFlow({ ui: accepted, folders: [{ name: 'app', path: root }] });
  assert.match(readFileSync(result!.handlerFile, 'utf8'), /def lambda_handler/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancelledError } from '../../../../src/core/errors';
import { createProvider } from '../../../../src/core/providers';
import { describeBasicExecutionRole } from '../../../../src/core/providers/aws/executionRole';
import type { Provider } from '../../../../src/core/providers/types';
import { askForExecutionRole, type ExecutionRolePromptDeps } from '../../../../src/extension/cloud/executionRolePrompt';
import type { PickItem, Ui } from '../../../../src/extension/ui';
import { startIamContractServer, type IamContractServer } from '../../../helpers/iamContractServer';

/** The editor's "no execution role" prompt, with a scripted Ui and the real IAM client against the IAM contract server. */

interface Shown {
  kind: 'pick' | 'input' | 'error';
  labels?: string[];
  details?: (string | undefined)[];
  message?: string;
  actions?: string[];
}

function scriptedUi(answers: (string | undefined)[]): Ui & { shown: Shown[] } {
  const shown: Shown[] = [];
  const next = (): string | undefined => {
    if (!answers.length) throw new Error('the prompt asked more than the script answers');
    return answers.shift();
  };
  return {
    shown,
    async pick<T>(items: PickItem<T>[]): Promise<T> {
      shown.push({ kind: 'pick', labels: items.map((i) => i.label), details: items.map((i) => i.detail) });
      const answer = next();
      const item = items.find((i) => i.label === answer);
      if (!item) throw new Error(`no item "${answer}"`);
      return item.value;
    },
    async input(options) {
      shown.push({ kind: 'input' });
      const answer = next() ?? '';
      const problem = options.validate?.(answer);
      if (problem) throw new Error(`the input box would refuse "${answer}": ${problem}`);
      return answer;
    },
    confirm: async () => false,
    info: async () => undefined,
    async error(message, ...actions) {
      shown.push({ kind: 'error', message, actions });
      return next();
    },
  };
}

async function setup(t: { after(fn: () => unknown): void }): Promise<{ iam: IamContractServer; aws: Provider }> {
  const iam = await startIamContractServer();
  t.after(() => iam.close());
  const aws = createProvider({ provider: 'aws', region: 'us-east-1', iamEndpoint: iam.endpoint, credentials: async () => ({ accessKeyId: 'AKIDEDITOR', secretAccessKey: 's' }) });
  t.after(() => aws.dispose());
  return { iam, aws };
}

function deps(ui: Ui, provider: Provider, progress: string[] = []): ExecutionRolePromptDeps {
  return {
    ui,
    provider,
    functionName: 'swb-hello',
    withProgress: async (title, task) => {
      progress.push(`title: ${title}`);
      return task(new AbortController().signal, (message) => progress.push(message));
    },
  };
}

test('"Create a basic execution role" (explained in its detail) creates it under a progress notification', async (t) => {
  const { iam, aws } = await setup(t);
  const ui = scriptedUi(['Create a basic execution role']);
  const progress: string[] = [];

  const chosen = await askForExecutionRole(deps(ui, aws, progress));

  assert.deepEqual(ui.shown[0].labels, ['Create a basic execution role', 'Enter a role ARN…', 'Cancel']);
  assert.equal(ui.shown[0].details?.[0], describeBasicExecutionRole());
  assert.deepEqual(chosen, { arn: 'arn:aws:iam::123456789012:role/serverless-workbench-lambda-basic', ensured: { arn: 'arn:aws:iam::123456789012:role/serverless-workbench-lambda-basic', created: true } });
  assert.deepEqual(iam.actions(), ['GetRole', 'CreateRole', 'AttachRolePolicy']);
  assert.equal(progress[0], 'title: Creating the execution role serverless-workbench-lambda-basic');
  assert.ok(progress.includes('attaching AWSLambdaBasicExecutionRole to serverless-workbench-lambda-basic'), progress.join('\n'));
});

test('"Enter a role ARN…" asks for one (validated) and leaves IAM alone; Cancel cancels', async (t) => {
  const { iam, aws } = await setup(t);
  const typed = 'arn:aws:iam::210987654321:role/team-lambda';
  assert.deepEqual(await askForExecutionRole(deps(scriptedUi(['Enter a role ARN…', `  ${typed} `]), aws)), { arn: typed });
  await assert.rejects(askForExecutionRole(deps(scriptedUi(['Enter a role ARN…', 'not-an-arn']), aws)), /the input box would refuse "not-an-arn"/);
  await assert.rejects(askForExecutionRole(deps(scriptedUi(['Cancel']), aws)), CancelledError);
  assert.equal(iam.requests.length, 0);

  // A provider that cannot create roles only offers entering one.
  const noIam = createProvider({ provider: 'local', endpoint: 'http://127.0.0.1:1' });
  t.after(() => noIam.dispose());
  const ui = scriptedUi(['Enter a role ARN…', typed]);
  await askForExecutionRole(deps(ui, noIam));
  assert.deepEqual(ui.shown[0].labels, ['Enter a role ARN…', 'Cancel']);
});

test('without IAM rights: the error says which permission, and offers entering an ARN instead', async (t) => {
  const { iam, aws } = await setup(t);
  iam.deny('CreateRole');
  const typed = 'arn:aws:iam::123456789012:role/made-by-admin';
  const ui = scriptedUi(['Create a basic execution role', 'Enter a role ARN…', typed]);

  assert.deepEqual(await askForExecutionRole(deps(ui, aws)), { arn: typed });
  const error = ui.shown.find((s) => s.kind === 'error');
  assert.equal(
    error?.message,
    'not allowed to create the IAM role serverless-workbench-lambda-basic: profile "default" lacks the iam:CreateRole permission; enter the ARN of an existing role Lambda can assume instead',
  );
  assert.deepEqual(error?.actions, ['Enter a role ARN…']);

  // Dismissing that error ends the deploy quietly (the error was shown).
  await assert.rejects(askForExecutionRole(deps(scriptedUi(['Create a basic execution role', undefined]), aws)), CancelledError);
});

import { CancelledError } from '../../core/errors';
import { describeBasicExecutionRole, defaultExecutionRoleName } from '../../core/providers/aws/executionRole';
import { isProviderError } from '../../core/providers/errors';
import type { ExecutionRole, Provider } from '../../core/providers/types';
import type { Ui } from '../ui';
import { validateRoleArn } from './deployText';

/**
 * What a first deploy to AWS asks when no execution role is configured: create (or reuse) the
 * basic role, with what it is as the item's detail; enter the ARN of an existing role; or cancel.
 * Not being allowed to create roles is common, so that failure offers entering an ARN instead.
 * No `vscode` here (the progress notification comes in as `withProgress`): unit-tested under Node.
 */
export interface ExecutionRolePromptDeps {
  ui: Ui;
  /** The AWS provider the deploy goes to. */
  provider: Provider;
  /** The deployed name, for titles. */
  functionName: string;
  /** Runs the IAM calls under a cancellable progress notification. */
  withProgress<T>(title: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T>;
  log?: (line: string) => void;
}

export interface ChosenRole {
  arn: string;
  /** Set when the basic role was created or reused, undefined when an ARN was typed. */
  ensured?: ExecutionRole;
}

type Choice = 'create' | 'enter' | 'cancel';

export const createRoleLabel = 'Create a basic execution role';
export const enterRoleLabel = 'Enter a role ARN…';

export async function askForExecutionRole(deps: ExecutionRolePromptDeps): Promise<ChosenRole> {
  const { ui, provider } = deps;
  const title = `Execution role for ${deps.functionName}`;
  const canCreate = provider.ensureExecutionRole !== undefined;
  const choice = await ui.pick<Choice>(
    [
      ...(canCreate ? [{ label: createRoleLabel, description: defaultExecutionRoleName, detail: describeBasicExecutionRole(), value: 'create' as const }] : []),
      { label: enterRoleLabel, detail: 'An existing IAM role Lambda can assume (ideally with AWSLambdaBasicExecutionRole, so it can write logs).', value: 'enter' },
      { label: 'Cancel', value: 'cancel' },
    ],
    { title, placeholder: 'A new Lambda function needs an IAM role to run as; it is saved as serverlessWorkbench.aws.roleArn' },
  );
  if (choice === 'cancel') throw new CancelledError();
  if (choice === 'enter' || !provider.ensureExecutionRole) return { arn: await enterArn(ui, title) };
  const ensure = provider.ensureExecutionRole.bind(provider);
  try {
    const ensured = await deps.withProgress(`Creating the execution role ${defaultExecutionRoleName}`, (signal, report) =>
      ensure({
        signal,
        instead: 'enter the ARN of an existing role Lambda can assume instead',
        onProgress: (message) => {
          deps.log?.(`Execution role: ${message}`);
          report(message);
        },
      }),
    );
    return { arn: ensured.arn, ensured };
  } catch (error) {
    if (!isProviderError(error, 'access-denied')) throw error;
    // No IAM rights: say which, and let them name a role an administrator made.
    const next = await ui.error(error.message, enterRoleLabel);
    if (next !== enterRoleLabel) throw new CancelledError();
    return { arn: await enterArn(ui, title) };
  }
}

async function enterArn(ui: Ui, title: string): Promise<string> {
  const role = await ui.input({
    title,
    prompt: 'An IAM role Lambda can assume (with AWSLambdaBasicExecutionRole, so it can write logs). Saved as serverlessWorkbench.aws.roleArn.',
    validate: validateRoleArn,
  });
  return role.trim();
}

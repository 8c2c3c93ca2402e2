import type { AddPermissionRequest, Cors, FunctionUrlConfig } from '@aws-sdk/client-lambda';
import { corsInLambdaNames } from '../../project/functionUrl';
import { CancelledError, oneLine } from '../../errors';
import type { FunctionUrlSpec } from '../../project/functionSpec';
import type { DeployProgress } from '../types';
import { isConflict, isNotFound } from './awsErrors';
import type { LambdaCall, LambdaSession } from './lambdaSession';

/**
 * Deploy's function URL step, once the function is active: creates or updates the function's own
 * URL config to match `spec.url`, and for `AuthType: NONE` adds the public permissions AWS
 * requires — `lambda:InvokeFunctionUrl` for the URL and, since October 2025, `lambda:InvokeFunction`
 * when invoked through it (`InvokedViaFunctionUrl`). A URL the spec no longer declares is left in
 * place, with a warning: deleting a public endpoint is not for a redeploy to decide.
 */

/** Statement ids of the public permissions (the Lambda console's first one, so both tools agree). */
export const publicUrlStatements = { url: 'FunctionURLAllowPublicAccess', invoke: 'FunctionURLAllowInvokeAction' } as const;

export interface UrlDeployContext {
  session: LambdaSession;
  name: string;
  /** A function created by this deploy has no URL yet: nothing to look up. */
  created: boolean;
  signal?: AbortSignal;
  environment: Record<string, string>;
  report: (stage: DeployProgress['stage'], message: string) => void;
}

export interface UrlDeployOutcome {
  functionUrl?: string;
  warnings: string[];
}

export async function deployFunctionUrl(context: UrlDeployContext, url: FunctionUrlSpec | undefined): Promise<UrlDeployOutcome> {
  if (!url) return { warnings: await undeclaredUrl(context) };
  const { session, name, report } = context;
  const { sdk } = session;
  const existing = context.created ? undefined : await getUrlConfig(context);
  const desired = { AuthType: url.authType, InvokeMode: url.invokeMode, ...(url.cors ? { Cors: corsInLambdaNames(url.cors) as Cors } : {}) };
  let functionUrl: string | undefined;
  if (!existing) {
    report('configuring', `creating the function URL (auth ${url.authType}, ${url.invokeMode})`);
    const created = await write(context, (client, abortSignal) => client.send(new sdk.CreateFunctionUrlConfigCommand({ FunctionName: name, ...desired }), { abortSignal }));
    functionUrl = created.FunctionUrl;
  } else {
    const changed = urlChanges(existing, desired);
    if (changed.length) {
      report('configuring', `updating the function URL: ${changed.join(', ')}`);
      // An empty Cors clears it: leaving it out would keep the deployed one.
      const update = { FunctionName: name, ...desired, Cors: desired.Cors ?? {} };
      functionUrl = (await write(context, (client, abortSignal) => client.send(new sdk.UpdateFunctionUrlConfigCommand(update), { abortSignal }))).FunctionUrl;
    } else {
      report('configuring', 'function URL unchanged');
    }
    functionUrl ??= existing.FunctionUrl;
  }
  await (url.authType === 'NONE' ? allowPublicAccess(context) : removePublicAccess(context));
  return { ...(functionUrl ? { functionUrl } : {}), warnings: [] };
}

/** The names of the members that differ, e.g. `invokeMode`, `cors`. */
export function urlChanges(existing: Pick<FunctionUrlConfig, 'AuthType' | 'InvokeMode' | 'Cors'>, desired: { AuthType: string; InvokeMode: string; Cors?: Cors }): string[] {
  const changes: string[] = [];
  if (existing.AuthType !== desired.AuthType) changes.push('authType');
  if ((existing.InvokeMode ?? 'BUFFERED') !== desired.InvokeMode) changes.push('invokeMode');
  if (!sameCors(existing.Cors, desired.Cors)) changes.push('cors');
  return changes;
}

/** The spec has no URL: one the function has anyway is reported, never deleted. */
async function undeclaredUrl(context: UrlDeployContext): Promise<string[]> {
  if (context.created) return [];
  let existing: FunctionUrlConfig | undefined;
  try {
    existing = await getUrlConfig(context);
  } catch (error) {
    // Only a check: a caller without lambda:GetFunctionUrlConfig still deploys.
    if (error instanceof CancelledError) throw error;
    return [];
  }
  if (!existing) return [];
  return [
    `${context.name} has a function URL (${existing.FunctionUrl ?? 'unknown'}, auth ${existing.AuthType ?? 'unknown'}) that the workspace does not declare; it was left as it is (remove it with \`aws lambda delete-function-url-config --function-name ${context.name}\`)`,
  ];
}

/** Adds the statements `AuthType: NONE` needs, unless the policy has them: an existing statement id counts as done. */
async function allowPublicAccess(context: UrlDeployContext): Promise<void> {
  const present = await statementIds(context);
  const wanted: AddPermissionRequest[] = [
    { FunctionName: context.name, StatementId: publicUrlStatements.url, Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' },
    { FunctionName: context.name, StatementId: publicUrlStatements.invoke, Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true },
  ];
  const missing = wanted.filter((statement) => !present.has(statement.StatementId ?? ''));
  if (!missing.length) return;
  context.report('configuring', `allowing public access to the function URL (${missing.map((s) => s.Action).join(', ')})`);
  const { sdk } = context.session;
  for (const statement of missing) {
    await write(context, async (client, abortSignal) => {
      try {
        await client.send(new sdk.AddPermissionCommand(statement), { abortSignal });
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    });
  }
}

/**
 * An `AWS_IAM` URL must not keep deploy's public statements: a `Principal: *` invoke grant would
 * let any AWS account's signed requests through. Only deploy's own statement ids are removed.
 */
async function removePublicAccess(context: UrlDeployContext): Promise<void> {
  const present = await statementIds(context);
  const ours = Object.values(publicUrlStatements).filter((sid) => present.has(sid));
  if (!ours.length) return;
  context.report('configuring', `removing the public access statements (${ours.join(', ')}): the URL is AWS_IAM now`);
  const { sdk } = context.session;
  for (const sid of ours) {
    await write(context, async (client, abortSignal) => {
      try {
        await client.send(new sdk.RemovePermissionCommand({ FunctionName: context.name, StatementId: sid }), { abortSignal });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
  }
}

async function statementIds(context: UrlDeployContext): Promise<Set<string>> {
  const { sdk } = context.session;
  const policy = await read(context, (client, abortSignal) => client.send(new sdk.GetPolicyCommand({ FunctionName: context.name }), { abortSignal }));
  const ids = new Set<string>();
  if (!policy?.Policy) return ids;
  try {
    const document = JSON.parse(policy.Policy) as { Statement?: { Sid?: unknown }[] };
    for (const statement of document.Statement ?? []) if (typeof statement.Sid === 'string') ids.add(statement.Sid);
  } catch (error) {
    context.report('configuring', `could not read the function's policy (${oneLine(error)}); adding the permissions anyway`);
  }
  return ids;
}

function getUrlConfig(context: UrlDeployContext): Promise<FunctionUrlConfig | undefined> {
  const { sdk } = context.session;
  return read(context, (client, abortSignal) => client.send(new sdk.GetFunctionUrlConfigCommand({ FunctionName: context.name }), { abortSignal }));
}

/** A read where "does not exist" is an answer (undefined), not an error. */
function read<T>(context: UrlDeployContext, call: LambdaCall<T>): Promise<T | undefined> {
  return context.session.send(
    async (client, abortSignal) => {
      try {
        return await call(client, abortSignal);
      } catch (error) {
        if (isNotFound(error) && !abortSignal?.aborted) return undefined;
        throw error;
      }
    },
    { signal: context.signal, context: { functionName: context.name, environment: context.environment } },
  );
}

/** A change, retried when throttled or while the function is busy with an update. */
function write<T>(context: UrlDeployContext, call: LambdaCall<T>): Promise<T> {
  return context.session.sendWithRetries(call, { signal: context.signal, context: { functionName: context.name, environment: context.environment } });
}

function sameCors(a: Cors | undefined, b: Cors | undefined): boolean {
  const normal = (cors: Cors | undefined): string => {
    // What AWS may echo for an unset member (false, 0, []) counts as unset, or every deploy would "change" it.
    const entries = Object.entries(cors ?? {}).filter(([, value]) => value !== undefined && value !== false && value !== 0 && !(Array.isArray(value) && value.length === 0));
    return JSON.stringify(entries.sort(([x], [y]) => (x < y ? -1 : 1)));
  };
  return normal(a) === normal(b);
}

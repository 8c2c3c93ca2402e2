import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { isProjectFunctionConfiguration } from '../../cloud/projectRole';
import { CancelledError, oneLine, UserError } from '../../errors';
import { formatBytes } from '../../package/limits';
import { packageFunction } from '../../package/packageFunction';
import type { PackageResult } from '../../package/types';
import type { DeployProgress, DeployRequest, DeployResult } from '../types';
import { deployTags } from '../types';
import { architecturesChanged, configurationChanges, configurationUpdate, managedConfiguration } from './configDiff';
import type { ConfigSetting, ManagedConfiguration } from './configDiff';
import { isNotFound, mapAwsError } from './awsErrors';
import { deployFunctionUrl } from './functionUrlDeploy';
import type { LambdaSession } from './lambdaSession';
import { whileRolePropagates } from './rolePropagation';

/**
 * Deploys one function to Lambda (or anything speaking its API, like the local cloud):
 *
 * 1. package it (esbuild bundle / Python vendoring, deterministic zip, CodeSha256);
 * 2. GetFunction under the deployed name (`functionName ?? name`);
 * 3. missing → CreateFunction (role required; tagged with its workspace name and project), wait
 *    for `Active`; present → UpdateFunctionCode unless the deployed CodeSha256 already matches,
 *    then UpdateFunctionConfiguration for the settings that differ, waiting for each update;
 * 4. optionally PublishVersion and create or move an alias;
 * 5. create or update the function URL `spec.url` declares, with its public permissions
 *    (functionUrlDeploy.ts); one the spec does not declare is left alone, with a warning.
 *
 * Conflicts ("an update is in progress") and throttling are retried with backoff; the signal
 * cancels between steps and aborts the request in flight. It never touches API Gateway, event
 * source mappings or stacks.
 */
export interface DeployTarget {
  session: LambdaSession;
  /** Role for CreateFunction when the request names none. */
  defaultRole?: string;
  /** Said when no role is known, e.g. "pass --role …". */
  missingRoleHint: string;
}

export async function deployFunction(target: DeployTarget, request: DeployRequest): Promise<DeployResult> {
  const started = performance.now();
  const { spec, signal } = request;
  const session = target.session;
  const name = spec.functionName ?? spec.name;
  const report = (stage: DeployProgress['stage'], message: string): void => request.onProgress?.({ stage, message });
  const checkCancelled = (): void => {
    if (signal?.aborted) throw new CancelledError();
  };
  const context = { functionName: name, environment: spec.environment };
  const onRetry = (reason: 'conflict' | 'throttled', _attempt: number, delayMs: number): void =>
    report('waiting', reason === 'conflict' ? `${name} is busy with another update; retrying in ${seconds(delayMs)}` : `throttled by Lambda; retrying in ${seconds(delayMs)}`);
  const retrying = { signal, context, onRetry };

  report('packaging', `packaging ${spec.name} (${spec.runtime})`);
  const pkg = await packageFunction(spec, { ...request.packageOptions, signal });
  checkCancelled();
  const desired = managedConfiguration(spec);
  const tags = wantedTags(spec.name, request.project);

  report('checking', `looking up ${name} in ${session.context.location}`);
  const lookedUp = await session.getFunction(name, { signal, environment: spec.environment });
  // The local cloud also shows the workspace's own functions (read-only): deploying creates the deployed copy.
  const found = isProjectFunctionConfiguration(lookedUp?.Configuration) ? undefined : lookedUp;
  const existing = found?.Configuration;
  checkCancelled();
  const warnings = [...pkg.warnings];

  let arn: string;
  let created = false;
  let codeUpdated = false;
  let configChanges: ConfigSetting[] = [];
  if (!existing) {
    const role = request.role ?? target.defaultRole;
    if (!role) throw new UserError(`no execution role to create ${name} in ${session.context.location}: ${target.missingRoleHint}`);
    report('uploading', `creating ${name}: uploading ${formatBytes(pkg.size)}`);
    const result = await session.sendWithRetries(
      (client, abortSignal) =>
        // A role created moments ago is not assumable by Lambda yet: retried for a bounded time.
        whileRolePropagates(() => client.send(new session.sdk.CreateFunctionCommand(createRequest(name, role, desired, pkg, tags)), { abortSignal }), {
          role,
          signal: abortSignal,
          policy: session.retry,
          onRetry: (delayMs) => report('waiting', `Lambda cannot assume ${role} yet (a new role takes a few seconds to propagate); retrying in ${seconds(delayMs)}`),
        }),
      // Retrying a create that conflicts would only conflict again: the name is taken.
      { ...retrying, retryOn: ['throttled'] },
    );
    arn = result.FunctionArn ?? '';
    created = true;
    codeUpdated = true;
    report('waiting', `waiting for ${name} to become active`);
    await session.waitFor('active', name, { signal, environment: spec.environment });
  } else {
    arn = existing.FunctionArn ?? '';
    await settle(target, name, existing, request, report);
    if (existing.CodeSha256 !== pkg.sha256 || architecturesChanged(desired, existing)) {
      report('uploading', `uploading ${formatBytes(pkg.size)}`);
      await session.sendWithRetries(
        (client, abortSignal) =>
          client.send(new session.sdk.UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: pkg.zip, Architectures: desired.architectures }), { abortSignal }),
        retrying,
      );
      codeUpdated = true;
      report('waiting', 'waiting for the code update to finish');
      await session.waitFor('updated', name, { signal, environment: spec.environment });
    } else {
      report('uploading', 'code unchanged (the deployed CodeSha256 matches): nothing to upload');
    }
    checkCancelled();
    configChanges = configurationChanges(desired, existing, request.role);
    if (configChanges.length) {
      report('configuring', `updating configuration: ${configChanges.join(', ')}`);
      await session.sendWithRetries(
        (client, abortSignal) => client.send(new session.sdk.UpdateFunctionConfigurationCommand(configurationUpdate(name, desired, configChanges, request.role)), { abortSignal }),
        retrying,
      );
      report('waiting', 'waiting for the configuration update to finish');
      await session.waitFor('updated', name, { signal, environment: spec.environment });
    }
    await ensureTags(target, arn, found?.Tags ?? {}, tags, request, warnings);
  }
  checkCancelled();

  let version: string | undefined;
  if (request.publish || request.alias) {
    report('publishing', 'publishing a version');
    const published = await session.sendWithRetries(
      (client, abortSignal) => client.send(new session.sdk.PublishVersionCommand({ FunctionName: name, CodeSha256: pkg.sha256 }), { abortSignal }),
      retrying,
    );
    version = published.Version;
    if (!version) throw new UserError(`publishing ${name} returned no version number`);
    if (published.State && published.State !== 'Active') {
      report('waiting', `waiting for version ${version} to become active`);
      await session.waitFor('active', name, { qualifier: version, signal, environment: spec.environment });
    }
    report('publishing', `published version ${version}`);
    if (request.alias) await pointAlias(target, name, request.alias, version, request);
  }
  checkCancelled();

  const url = await deployFunctionUrl({ session, name, created, signal, environment: spec.environment, report }, spec.url);
  warnings.push(...url.warnings);

  const durationMs = performance.now() - started;
  report('done', `done in ${seconds(durationMs)}`);
  return {
    functionName: name,
    arn,
    created,
    codeUpdated,
    configChanges,
    codeSha256: pkg.sha256,
    codeSize: pkg.size,
    ...(version ? { version } : {}),
    ...(request.alias ? { alias: request.alias } : {}),
    ...(url.functionUrl ? { functionUrl: url.functionUrl } : {}),
    durationMs,
    warnings,
  };
}

function createRequest(name: string, role: string, desired: ManagedConfiguration, pkg: PackageResult, tags: Record<string, string>) {
  return {
    FunctionName: name,
    Role: role,
    Runtime: desired.runtime as FunctionConfiguration['Runtime'],
    ...(desired.handler ? { Handler: desired.handler } : {}),
    Code: { ZipFile: pkg.zip },
    Description: desired.description,
    Timeout: desired.timeout,
    MemorySize: desired.memorySize,
    Environment: { Variables: desired.environment },
    Architectures: desired.architectures,
    PackageType: 'Zip' as const,
    ...(desired.logFormat ? { LoggingConfig: { LogFormat: desired.logFormat } } : {}),
    Tags: tags,
  };
}

function wantedTags(workspaceName: string, project: string | undefined): Record<string, string> {
  return { [deployTags.function]: tagValue(workspaceName), ...(project ? { [deployTags.project]: tagValue(project) } : {}) };
}

/** Tag values allow letters, digits, spaces and `_.:/=+-@`, up to 256 characters; a folder name may hold anything. */
export function tagValue(text: string): string {
  return text.replace(/[^\p{L}\p{N}\s_.:/=+\-@]/gu, '-').slice(0, 256);
}

/** A function still being created or updated (by someone else, or a previous deploy) refuses changes: wait first. */
async function settle(target: DeployTarget, name: string, existing: FunctionConfiguration, request: DeployRequest, report: (stage: DeployProgress['stage'], message: string) => void): Promise<void> {
  const options = { signal: request.signal, environment: request.spec.environment };
  if (existing.State === 'Pending') {
    report('waiting', `${name} is still being created; waiting for it to become active`);
    await target.session.waitFor('active', name, options);
  }
  if (existing.LastUpdateStatus === 'InProgress') {
    report('waiting', `${name} has an update in progress; waiting for it to finish`);
    await target.session.waitFor('updated', name, options);
  }
}

/**
 * Functions created elsewhere (console, SAM) get the tags too, so the tree can redeploy them from
 * the workspace. Not being allowed to tag is worth a warning, not a failed deploy.
 */
async function ensureTags(target: DeployTarget, arn: string, current: Record<string, string>, wanted: Record<string, string>, request: DeployRequest, warnings: string[]): Promise<void> {
  const session = target.session;
  const missing = Object.entries(wanted).filter(([key, value]) => current[key] !== value);
  if (!missing.length) return;
  try {
    await session.sendWithRetries(
      (client, abortSignal) => client.send(new session.sdk.TagResourceCommand({ Resource: arn, Tags: Object.fromEntries(missing) }), { abortSignal }),
      { signal: request.signal, context: { functionName: request.spec.functionName ?? request.spec.name } },
    );
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    warnings.push(`could not tag ${arn} (${oneLine(error)}); "Redeploy from workspace" will not find its source`);
  }
}

async function pointAlias(target: DeployTarget, name: string, alias: string, version: string, request: DeployRequest): Promise<void> {
  const session = target.session;
  const { sdk } = session;
  const options = { signal: request.signal, context: { functionName: name } };
  let current: string | undefined;
  try {
    current = (await session.client.send(new sdk.GetAliasCommand({ FunctionName: name, Name: alias }), { abortSignal: request.signal })).FunctionVersion;
  } catch (error) {
    if (!isNotFound(error) || request.signal?.aborted) throw mapAwsError(error, { ...session.context, functionName: name }, request.signal);
  }
  if (current === version) {
    request.onProgress?.({ stage: 'publishing', message: `alias ${alias} already points at version ${version}` });
    return;
  }
  if (current === undefined) {
    await session.sendWithRetries((client, abortSignal) => client.send(new sdk.CreateAliasCommand({ FunctionName: name, Name: alias, FunctionVersion: version }), { abortSignal }), {
      ...options,
      retryOn: ['throttled'],
    });
    request.onProgress?.({ stage: 'publishing', message: `created alias ${alias} → version ${version}` });
  } else {
    await session.sendWithRetries((client, abortSignal) => client.send(new sdk.UpdateAliasCommand({ FunctionName: name, Name: alias, FunctionVersion: version }), { abortSignal }), options);
    request.onProgress?.({ stage: 'publishing', message: `moved alias ${alias} from version ${current} to ${version}` });
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

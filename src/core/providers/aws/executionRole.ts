import type { Role } from '@aws-sdk/client-iam';
import { CancelledError, UserError } from '../../errors';
import { ProviderError } from '../errors';
import type { AwsCredentialSource, ExecutionRole } from '../types';
import { errorName } from './awsErrors';
import type { IamErrorContext } from './iamErrors';
import { mapIamError } from './iamErrors';
import { loadIamSdk } from './iamSdk';

/**
 * The execution role deploy offers to create when none is configured: a role that only Lambda may
 * assume, carrying only the `AWSLambdaBasicExecutionRole` managed policy (its function may create
 * its log group and write its own logs to CloudWatch Logs — nothing else). It is created once per
 * account under a fixed name and reused afterwards, so deploying many functions does not make many
 * roles.
 *
 * A new role is not assumable by Lambda for a few seconds (IAM propagates it); deploy retries
 * CreateFunction through that window (see `rolePropagation.ts`), so nothing waits here.
 */

export const defaultExecutionRoleName = 'serverless-workbench-lambda-basic';
/** Tag put on roles this creates; a role carrying it may be completed (policy attached) on reuse. */
export const createdByTag = 'serverless-workbench:created-by';
export const basicExecutionPolicyName = 'AWSLambdaBasicExecutionRole';
const lambdaPrincipal = 'lambda.amazonaws.com';

/** The one line shown before creating it, in the CLI's output and the editor's prompt. */
export function describeBasicExecutionRole(roleName = defaultExecutionRoleName): string {
  return `Creates (or reuses) the IAM role ${roleName}, which only Lambda can assume, with only the ${basicExecutionPolicyName} managed policy: functions can write their own logs to CloudWatch Logs and nothing else.`;
}

export const lambdaTrustPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: lambdaPrincipal }, Action: 'sts:AssumeRole' }],
} as const;

export interface BasicExecutionRoleOptions {
  credentials: AwsCredentialSource;
  /** The deploy's region: IAM is global, but the region picks the partition's IAM endpoint. */
  region: string;
  /** A custom IAM endpoint (LocalStack, tests). */
  endpoint?: string;
  roleName?: string;
  signal?: AbortSignal;
  /** Named in credential and permission messages. Default "default". */
  profile?: string;
  /** The way out said when IAM refuses, e.g. "pass --role <ARN> instead". */
  instead?: string;
  onProgress?: (message: string) => void;
  /** The SDK's attempts per request. Default 3. */
  sdkMaxAttempts?: number;
}

export async function createBasicExecutionRole(options: BasicExecutionRoleOptions): Promise<ExecutionRole> {
  const roleName = options.roleName ?? defaultExecutionRoleName;
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) throw new UserError(`"${roleName}" is not a valid IAM role name (1–64 letters, digits and +=,.@_-)`);
  if (options.signal?.aborted) throw new CancelledError();
  const sdk = await loadIamSdk();
  const client = new sdk.IAMClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    credentials: options.credentials,
    maxAttempts: options.sdkMaxAttempts ?? 3,
  });
  const instead = options.instead ?? 'pass --role with the ARN of an existing role Lambda can assume instead';
  const context = (action: IamErrorContext['action'], doing: string): IamErrorContext => ({
    action,
    doing,
    profile: options.profile ?? 'default',
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    instead,
  });
  const call = async <T>(ctx: IamErrorContext, send: (abortSignal?: AbortSignal) => Promise<T>): Promise<T> => {
    if (options.signal?.aborted) throw new CancelledError();
    try {
      return await send(options.signal);
    } catch (error) {
      throw mapIamError(error, ctx, options.signal);
    }
  };
  const report = (message: string): void => options.onProgress?.(message);

  const getRole = async (): Promise<Role | undefined> => {
    try {
      return (await client.send(new sdk.GetRoleCommand({ RoleName: roleName }), { abortSignal: options.signal })).Role;
    } catch (error) {
      if (errorName(error) === 'NoSuchEntityException' && !options.signal?.aborted) return undefined;
      throw mapIamError(error, context('GetRole', `look up the IAM role ${roleName}`), options.signal);
    }
  };

  const reuse = async (role: Role): Promise<ExecutionRole> => {
    const arn = role.Arn ?? '';
    if (!trustsLambda(role.AssumeRolePolicyDocument)) {
      throw new ProviderError(
        `the IAM role ${roleName} exists but Lambda cannot assume it (its trust policy does not allow ${lambdaPrincipal}); ${instead}`,
        'invalid',
      );
    }
    // Ours but incomplete (an earlier run was stopped between creating it and attaching the policy): finish it.
    if (role.Tags?.some((tag) => tag.Key === createdByTag)) await ensurePolicy(arn, false);
    report(`using the existing IAM role ${roleName} (${arn})`);
    return { arn, created: false };
  };

  const ensurePolicy = async (arn: string, fresh: boolean): Promise<void> => {
    const policyArn = `arn:${partitionOf(arn, options.region)}:iam::aws:policy/service-role/${basicExecutionPolicyName}`;
    if (!fresh) {
      const listing = await client
        .send(new sdk.ListAttachedRolePoliciesCommand({ RoleName: roleName }), { abortSignal: options.signal })
        .catch((error: unknown) => {
          const mapped = mapIamError(error, context('ListAttachedRolePolicies', `list the policies of the IAM role ${roleName}`), options.signal);
          // Not allowed to look: trust that whoever could create it also finished it.
          if (mapped instanceof ProviderError && mapped.kind === 'access-denied') return undefined;
          throw mapped;
        });
      if (!listing || listing.AttachedPolicies?.some((p) => p.PolicyArn === policyArn) || listing.IsTruncated) return;
    }
    report(`attaching ${basicExecutionPolicyName} to ${roleName}`);
    const doing = `attach ${basicExecutionPolicyName} to the IAM role ${roleName}${fresh ? ' (the role was created: run again to finish it)' : ''}`;
    await call(context('AttachRolePolicy', doing), (abortSignal) => client.send(new sdk.AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }), { abortSignal }));
  };

  try {
    report(`looking up the IAM role ${roleName}`);
    const existing = await getRole();
    if (existing) return await reuse(existing);

    report(`creating the IAM role ${roleName} (${basicExecutionPolicyName} only)`);
    let created: Role | undefined;
    try {
      created = (
        await client.send(
          new sdk.CreateRoleCommand({
            RoleName: roleName,
            AssumeRolePolicyDocument: JSON.stringify(lambdaTrustPolicy),
            Description: 'Execution role for Lambda functions deployed by Serverless Workbench: write their own logs to CloudWatch Logs, nothing else.',
            Tags: [{ Key: createdByTag, Value: 'serverless-workbench' }],
          }),
          { abortSignal: options.signal },
        )
      ).Role;
    } catch (error) {
      // Someone (another deploy) created it in the meantime: reuse theirs.
      if (errorName(error) !== 'EntityAlreadyExistsException' || options.signal?.aborted) throw mapIamError(error, context('CreateRole', `create the IAM role ${roleName}`), options.signal);
      const raced = await getRole();
      if (raced) return await reuse(raced);
      throw mapIamError(error, context('CreateRole', `create the IAM role ${roleName}`), options.signal);
    }
    const arn = created?.Arn;
    if (!arn) throw new ProviderError(`IAM created the role ${roleName} but returned no ARN`, 'service');
    await ensurePolicy(arn, true);
    report(`created the IAM role ${roleName} (${arn})`);
    return { arn, created: true };
  } finally {
    client.destroy();
  }
}

/** Whether a trust policy (as IAM returns it: URL-encoded JSON) lets Lambda call sts:AssumeRole. */
export function trustsLambda(document: string | undefined): boolean {
  if (!document) return false;
  let policy: unknown;
  try {
    policy = JSON.parse(document.trimStart().startsWith('{') ? document : decodeURIComponent(document));
  } catch {
    return false;
  }
  const statements = (policy as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : [statements];
  return list.some((statement) => {
    if (typeof statement !== 'object' || statement === null) return false;
    const s = statement as { Effect?: unknown; Principal?: { Service?: unknown }; Action?: unknown };
    return s.Effect === 'Allow' && asList(s.Principal?.Service).includes(lambdaPrincipal) && asList(s.Action).some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*');
  });
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * The caller's partition (`aws`, `aws-cn`, `aws-us-gov`…), which AWS managed policy ARNs carry:
 * read from the role's own ARN, else from the region.
 */
export function partitionOf(arn: string | undefined, region: string): string {
  const fromArn = /^arn:([\w-]+):/.exec(arn ?? '')?.[1];
  if (fromArn) return fromArn;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  return 'aws';
}

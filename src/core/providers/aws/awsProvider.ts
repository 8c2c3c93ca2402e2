import type { AliasConfiguration, FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import { CancelledError } from '../../errors';
import { providerDescriptions } from '../descriptions';
import { ProviderError } from '../errors';
import type {
  AwsCredentialSource,
  DeployedFunction,
  DeployedFunctionDetail,
  DeployRequest,
  DeployResult,
  DownloadedCode,
  ExecutionRole,
  ExecutionRoleOptions,
  FunctionAlias,
  FunctionVersion,
  ListOptions,
  Page,
  Provider,
  ProviderDescription,
  ProviderLocation,
  QualifiedOptions,
  RemoteInvocation,
  RemoteInvokeRequest,
} from '../types';
import type { AwsErrorContext } from './awsErrors';
import { mapAwsError } from './awsErrors';
import { awsCredentialChain } from './credentials';
import { deployFunction } from './deploy';
import { createBasicExecutionRole } from './executionRole';
import { loadLambdaSdk } from './lambdaSdk';
import type { WaiterPacing } from './lambdaSession';
import { LambdaSession } from './lambdaSession';
import type { RetryPolicy } from './retry';
import { resolveRegion } from './sharedConfig';
import { isProjectFunctionConfiguration } from '../../cloud/projectRole';

export interface AwsProviderOptions {
  /** `local` changes only the messages (where to start the cloud) and the default role. */
  flavor?: 'aws' | 'local';
  /** Shared-config profile; AWS_PROFILE, then the default chain, otherwise. */
  profile?: string;
  /** Default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then us-east-1. */
  region?: string;
  /** A Lambda-compatible endpoint (local cloud, LocalStack). */
  endpoint?: string;
  /**
   * Where `ensureExecutionRole` sends IAM requests. Default: AWS_ENDPOINT_URL_IAM (the AWS CLI's
   * own variable), else `endpoint` (LocalStack serves every service on one port), else IAM's.
   */
  iamEndpoint?: string;
  /** From the front end; the AWS CLI's chain for `profile` when undefined. */
  credentials?: AwsCredentialSource;
  /** Execution role for functions deploy creates, when the request names none. */
  role?: string;
  /** Where AWS_* variables and the shared config files are looked up. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  waiter?: WaiterPacing;
  /** Deploy's own retries of conflicts and throttling. */
  retry?: RetryPolicy;
  /** The SDK's attempts per request (it retries throttling and dropped connections itself). Default 3. */
  sdkMaxAttempts?: number;
}

/** AWS Lambda through `@aws-sdk/client-lambda`, for one profile and region (or one custom endpoint). */
export class AwsProvider implements Provider {
  readonly description: ProviderDescription;
  readonly location: ProviderLocation;
  private readonly region: string;
  private readonly profileLabel: string;
  private session?: Promise<LambdaSession>;
  private client?: LambdaClient;
  private credentialSource?: AwsCredentialSource;
  private disposed = false;
  /** Only on AWS: the local cloud accepts any role. */
  readonly ensureExecutionRole?: (options?: ExecutionRoleOptions) => Promise<ExecutionRole>;

  constructor(private readonly options: AwsProviderOptions = {}) {
    const env = options.env ?? process.env;
    const flavor = options.flavor ?? 'aws';
    this.description = providerDescriptions[flavor];
    this.region = resolveRegion({ region: options.region, profile: options.profile, env });
    this.profileLabel = options.profile || env.AWS_PROFILE || 'default';
    const label =
      flavor === 'local'
        ? `local cloud at ${options.endpoint}`
        : `profile ${this.profileLabel}, ${this.region}${options.endpoint ? ` via ${options.endpoint}` : ''}`;
    this.location = {
      ...(flavor === 'aws' ? { profile: this.profileLabel } : {}),
      region: this.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      label,
    };
    if (flavor === 'aws') this.ensureExecutionRole = (roleOptions) => this.basicExecutionRole(roleOptions);
  }

  private credentials(): AwsCredentialSource {
    this.credentialSource ??= this.options.credentials ?? awsCredentialChain({ profile: this.options.profile, env: this.options.env });
    return this.credentialSource;
  }

  private basicExecutionRole(options: ExecutionRoleOptions = {}): Promise<ExecutionRole> {
    if (this.disposed) return Promise.reject(new Error('provider disposed'));
    const endpoint = this.options.iamEndpoint || (this.options.env ?? process.env).AWS_ENDPOINT_URL_IAM || this.options.endpoint;
    return createBasicExecutionRole({
      ...options,
      credentials: this.credentials(),
      region: this.region,
      ...(endpoint ? { endpoint } : {}),
      profile: this.profileLabel,
      ...(this.options.sdkMaxAttempts ? { sdkMaxAttempts: this.options.sdkMaxAttempts } : {}),
    });
  }

  private errorContext(): AwsErrorContext {
    return {
      flavor: this.options.flavor ?? 'aws',
      profile: this.profileLabel,
      location: this.location.label,
      endpoint: this.options.endpoint,
      region: this.region,
    };
  }

  private connect(): Promise<LambdaSession> {
    if (this.disposed) return Promise.reject(new Error('provider disposed'));
    this.session ??= (async () => {
      const sdk = await loadLambdaSdk();
      const credentials = this.credentials();
      this.client = new sdk.LambdaClient({
        region: this.region,
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        credentials,
        maxAttempts: this.options.sdkMaxAttempts ?? 3,
      });
      // Polling a local cloud costs nothing, and it settles in milliseconds.
      const pacing = this.options.waiter ?? (this.options.flavor === 'local' ? { minDelaySeconds: 0.1, maxDelaySeconds: 1 } : {});
      return new LambdaSession(sdk, this.client, this.errorContext(), pacing, this.options.retry);
    })();
    return this.session;
  }

  async listFunctions(options: ListOptions = {}): Promise<Page<DeployedFunction>> {
    const session = await this.connect();
    const page = await session.send(
      (client, abortSignal) => client.send(new session.sdk.ListFunctionsCommand({ Marker: options.pageToken, MaxItems: options.pageSize }), { abortSignal }),
      { signal: options.signal },
    );
    // The local cloud also lists the project's own functions (read-only, served from the
    // workspace) for other clients; deployed functions are what this provider is about.
    const functions = (page.Functions ?? []).filter((configuration) => this.options.flavor !== 'local' || !isProjectFunctionConfiguration(configuration));
    return { items: functions.map(toDeployedFunction), ...(page.NextMarker ? { nextToken: page.NextMarker } : {}) };
  }

  async getFunction(name: string, options: QualifiedOptions = {}): Promise<DeployedFunctionDetail | undefined> {
    const session = await this.connect();
    const found = await session.getFunction(name, options);
    if (!found?.Configuration) return undefined;
    if (this.options.flavor === 'local' && isProjectFunctionConfiguration(found.Configuration)) return undefined;
    return { ...toDeployedFunction(found.Configuration), tags: { ...found.Tags } };
  }

  async listVersions(name: string, options: ListOptions = {}): Promise<Page<FunctionVersion>> {
    const session = await this.connect();
    const page = await session.send(
      (client, abortSignal) =>
        client.send(new session.sdk.ListVersionsByFunctionCommand({ FunctionName: name, Marker: options.pageToken, MaxItems: options.pageSize }), { abortSignal }),
      { signal: options.signal, context: { functionName: name } },
    );
    const items = (page.Versions ?? []).map((v) => ({
      version: v.Version ?? '$LATEST',
      ...(v.CodeSha256 ? { codeSha256: v.CodeSha256 } : {}),
      ...(v.Description ? { description: v.Description } : {}),
      ...(v.LastModified ? { lastModified: v.LastModified } : {}),
    }));
    return { items, ...(page.NextMarker ? { nextToken: page.NextMarker } : {}) };
  }

  async listAliases(name: string, options: ListOptions = {}): Promise<Page<FunctionAlias>> {
    const session = await this.connect();
    const page = await session.send(
      (client, abortSignal) => client.send(new session.sdk.ListAliasesCommand({ FunctionName: name, Marker: options.pageToken, MaxItems: options.pageSize }), { abortSignal }),
      { signal: options.signal, context: { functionName: name } },
    );
    return { items: (page.Aliases ?? []).map(toAlias), ...(page.NextMarker ? { nextToken: page.NextMarker } : {}) };
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    const session = await this.connect();
    const local = (this.options.flavor ?? 'aws') === 'local';
    return deployFunction(
      {
        session,
        // The local cloud does not check roles; Lambda needs one it can assume.
        defaultRole: this.options.role ?? (local ? localRoleArn : undefined),
        missingRoleHint:
          'pass --role arn:aws:iam::<account>:role/<name> (a role Lambda can assume; attach AWSLambdaBasicExecutionRole so it can write logs), or --create-role to create a basic one',
      },
      request,
    );
  }

  async invoke(name: string, request: RemoteInvokeRequest = {}): Promise<RemoteInvocation> {
    const session = await this.connect();
    const payload = typeof request.payload === 'string' ? Buffer.from(request.payload) : (request.payload ?? Buffer.from('{}'));
    const invocationType = request.invocationType ?? 'RequestResponse';
    const tail = (request.tailLog ?? true) && invocationType === 'RequestResponse';
    const started = performance.now();
    const result = await session.send(
      (client, abortSignal) =>
        client.send(
          new session.sdk.InvokeCommand({
            FunctionName: name,
            Qualifier: request.qualifier,
            InvocationType: invocationType,
            LogType: tail ? 'Tail' : 'None',
            Payload: payload,
          }),
          { abortSignal },
        ),
      { signal: request.signal, context: { functionName: name } },
    );
    return {
      statusCode: result.StatusCode ?? 200,
      payload: Buffer.from(result.Payload ?? new Uint8Array()),
      ...(result.FunctionError ? { functionError: result.FunctionError } : {}),
      ...(result.LogResult ? { log: Buffer.from(result.LogResult, 'base64').toString('utf8') } : {}),
      ...(result.ExecutedVersion ? { executedVersion: result.ExecutedVersion } : {}),
      durationMs: performance.now() - started,
    };
  }

  async deleteFunction(name: string, options: QualifiedOptions = {}): Promise<void> {
    const session = await this.connect();
    await session.sendWithRetries(
      (client, abortSignal) => client.send(new session.sdk.DeleteFunctionCommand({ FunctionName: name, Qualifier: options.qualifier }), { abortSignal }),
      { signal: options.signal, context: { functionName: name } },
    );
  }

  /** GetFunction's `Code.Location` is a short-lived presigned URL (S3 on AWS, the local cloud's own): fetched at once. */
  async downloadCode(name: string, options: QualifiedOptions = {}): Promise<DownloadedCode> {
    const session = await this.connect();
    const found = await session.getFunction(name, options);
    if (!found?.Configuration) throw new ProviderError(`function "${name}" not found in ${this.location.label}`, 'not-found');
    if (found.Configuration.PackageType === 'Image' || found.Code?.RepositoryType === 'ECR') {
      throw new ProviderError(`${name} is a container image function: there is no zip to download (pull ${found.Code?.ImageUri ?? 'its image'} instead)`, 'invalid');
    }
    const location = found.Code?.Location;
    if (!location) throw new ProviderError(`Lambda returned no code location for ${name}`, 'service');
    let response: Response;
    try {
      response = await fetch(location, { signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw new CancelledError();
      throw mapAwsError(error, { ...this.errorContext(), functionName: name, endpoint: new URL(location).origin });
    }
    if (!response.ok) throw new ProviderError(`downloading the code of ${name} failed: HTTP ${response.status}`, 'service');
    const zip = Buffer.from(await response.arrayBuffer());
    return { zip, ...(found.Configuration.CodeSha256 ? { codeSha256: found.Configuration.CodeSha256 } : {}) };
  }

  dispose(): void {
    this.disposed = true;
    this.client?.destroy();
  }
}

/** The role the local cloud is given when none is configured; it is never checked there. */
export const localRoleArn = 'arn:aws:iam::000000000000:role/lambda-role';

export function toDeployedFunction(config: FunctionConfiguration): DeployedFunction {
  const out: DeployedFunction = { name: config.FunctionName ?? '', arn: config.FunctionArn ?? '' };
  if (config.Runtime) out.runtime = config.Runtime;
  if (config.Handler) out.handler = config.Handler;
  if (config.MemorySize !== undefined) out.memorySize = config.MemorySize;
  if (config.Timeout !== undefined) out.timeout = config.Timeout;
  if (config.CodeSize !== undefined) out.codeSize = config.CodeSize;
  if (config.CodeSha256) out.codeSha256 = config.CodeSha256;
  if (config.LastModified) out.lastModified = config.LastModified;
  if (config.Description) out.description = config.Description;
  if (config.Version) out.version = config.Version;
  if (config.Architectures?.length) out.architectures = [...config.Architectures];
  if (config.Role) out.role = config.Role;
  if (config.State) out.state = config.State;
  if (config.LastUpdateStatus) out.lastUpdateStatus = config.LastUpdateStatus;
  const reason = config.LastUpdateStatus === 'Failed' ? config.LastUpdateStatusReason : config.StateReason;
  if (reason) out.stateReason = reason;
  if (config.PackageType) out.packageType = config.PackageType;
  if (config.Environment?.Variables) out.environment = { ...config.Environment.Variables };
  return out;
}

function toAlias(alias: AliasConfiguration): FunctionAlias {
  return {
    name: alias.Name ?? '',
    version: alias.FunctionVersion ?? '',
    arn: alias.AliasArn ?? '',
    ...(alias.Description ? { description: alias.Description } : {}),
  };
}

import type { PackageOptions } from '../package/types';
import type { FunctionSpec } from '../project/functionSpec';

/**
 * The contract between front ends (extension, CLI) and the clouds functions are deployed to.
 * Callers depend on `Provider`, never on one cloud's SDK: AWS Lambda and the local cloud (the same
 * implementation pointed at `swb serve`) implement it now; Azure Functions and Google Cloud
 * Functions follow. Credentials come in from the front end (`credentials`), so nothing here needs
 * `vscode`.
 */

export type ProviderId = 'aws' | 'local' | 'azure' | 'gcp';

/** One level of the Deployed Functions tree, from the provider down to its functions. */
export type TreeLevelKind = 'endpoint' | 'profile' | 'subscription' | 'project' | 'app' | 'region' | 'function';

export interface TreeLevel {
  kind: TreeLevelKind;
  /** Shown to people, e.g. "Profile", "Function App". */
  label: string;
}

export interface ProviderDescription {
  id: ProviderId;
  /** E.g. "AWS Lambda", "Local cloud". */
  label: string;
  /** Tree levels above and including functions: AWS profile → region → function, Azure subscription → function app → function. */
  treeLevels: readonly TreeLevel[];
  /** What one deploy uploads: a single function (Lambda, Cloud Functions) or a whole function app (Azure). */
  deployUnit: 'function' | 'app';
}

/** Where one provider instance points; one instance per (profile, region) on AWS. */
export interface ProviderLocation {
  /** The credentials' name: an AWS profile, an Azure account, a GCP configuration. */
  profile?: string;
  region?: string;
  /** A custom endpoint (local cloud, LocalStack); undefined for the cloud's own. */
  endpoint?: string;
  /** One line for messages and tree nodes, e.g. "profile dev, eu-west-1" or "local cloud at http://127.0.0.1:3001". */
  label: string;
}

/** AWS credentials as the front end supplies them (same shape as the AWS SDK's identity). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Called whenever the SDK needs credentials; may refresh (SSO, assume-role). */
export type AwsCredentialSource = () => Promise<AwsCredentials>;

/** For Azure and Google Cloud: an OAuth access token for the given scopes (e.g. from VS Code's authentication API). */
export type AccessTokenSource = (scopes: readonly string[]) => Promise<{ token: string; expiresAt?: Date }>;

/** A function as the cloud reports it; what the tree and `swb functions list` show. */
export interface DeployedFunction {
  /** The deployed name (not the workspace name). */
  name: string;
  arn: string;
  runtime?: string;
  handler?: string;
  /** MB. */
  memorySize?: number;
  /** Seconds. */
  timeout?: number;
  /** Bytes of the deployment package. */
  codeSize?: number;
  /** Base64 SHA-256 of the deployed zip, comparable with `PackageResult.sha256`. */
  codeSha256?: string;
  /** ISO 8601. */
  lastModified?: string;
  description?: string;
  version?: string;
  architectures?: string[];
  role?: string;
  /** `Pending`, `Active`, `Failed`, `Inactive`. */
  state?: string;
  /** `InProgress`, `Successful`, `Failed`. */
  lastUpdateStatus?: string;
  /** Why the state or last update is what it is, when the cloud says. */
  stateReason?: string;
  packageType?: 'Zip' | 'Image';
  /** Values as deployed: print them through `maskSecrets`. */
  environment?: Record<string, string>;
}

export interface DeployedFunctionDetail extends DeployedFunction {
  tags: Record<string, string>;
}

export interface FunctionVersion {
  version: string;
  codeSha256?: string;
  description?: string;
  lastModified?: string;
}

export interface FunctionAlias {
  name: string;
  /** The version it points at. */
  version: string;
  arn: string;
  description?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `pageToken` for the next page; undefined on the last one. */
  nextToken?: string;
}

export interface ListOptions {
  pageToken?: string;
  /** Items per page; the cloud's default when undefined. */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface QualifiedOptions {
  /** A version number or alias name; `$LATEST` when undefined. */
  qualifier?: string;
  signal?: AbortSignal;
}

export interface RemoteInvokeRequest extends QualifiedOptions {
  /** The event, JSON text or bytes; `{}` when undefined. */
  payload?: string | Uint8Array;
  /** `RequestResponse` (default) waits for the result; `Event` queues it; `DryRun` checks access only. */
  invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  /** Ask for the last 4 KB of the invocation's log (Lambda's `LogType: Tail`). Default true. */
  tailLog?: boolean;
}

export interface RemoteInvocation {
  /** HTTP status of the invoke: 200, 202 (Event), 204 (DryRun). */
  statusCode: number;
  payload: Buffer;
  /** `Unhandled` or `Handled` when the function failed. */
  functionError?: string;
  /** The decoded log tail, when asked for. */
  log?: string;
  executedVersion?: string;
  /** Round trip as measured here. */
  durationMs: number;
}

export type DeployStage = 'packaging' | 'checking' | 'uploading' | 'waiting' | 'configuring' | 'publishing' | 'done';

export interface DeployProgress {
  stage: DeployStage;
  /** One line for a progress notification or the CLI, never containing environment values. */
  message: string;
}

export interface DeployRequest {
  spec: FunctionSpec;
  /** Tagged onto the function (`serverless-workbench:project`) so the tree can find its source again. */
  project?: string;
  /** Execution role for a new function (AWS: an IAM role ARN); overrides the provider's default. */
  role?: string;
  /** Publish an immutable version after the update. */
  publish?: boolean;
  /** Create or move this alias to the published version (implies `publish`). */
  alias?: string;
  packageOptions?: Omit<PackageOptions, 'signal' | 'onProgress'>;
  onProgress?: (progress: DeployProgress) => void;
  /** Cancels between steps and aborts requests in flight; the deploy then rejects with `CancelledError`. */
  signal?: AbortSignal;
}

export interface DeployResult {
  /** The deployed name (`spec.functionName ?? spec.name`). */
  functionName: string;
  arn: string;
  created: boolean;
  /** False when the deployed `CodeSha256` already matched the package: nothing was uploaded. */
  codeUpdated: boolean;
  /** Names of the settings changed (e.g. `memorySize`, `environment`); never their values. */
  configChanges: string[];
  codeSha256: string;
  /** Zip size in bytes. */
  codeSize: number;
  version?: string;
  alias?: string;
  /** The function URL, when the spec declares one (`https://<id>.lambda-url.<region>.on.aws/`; the local cloud's own URL there). */
  functionUrl?: string;
  durationMs: number;
  /** From packaging (e.g. a native addon left external), or about the function URL. */
  warnings: string[];
}

export interface DownloadedCode {
  zip: Buffer;
  codeSha256?: string;
}

export interface ExecutionRoleOptions {
  /** AWS: default `serverless-workbench-lambda-basic`. */
  roleName?: string;
  signal?: AbortSignal;
  /** The way out said when the cloud refuses (no permission), e.g. "pass --role <ARN> instead". */
  instead?: string;
  /** One line per step ("creating the IAM role …"). */
  onProgress?: (message: string) => void;
}

export interface ExecutionRole {
  /** Give it as `DeployRequest.role` (or save it as the configured role). */
  arn: string;
  /** False when an existing role of that name was reused. */
  created: boolean;
}

export interface Provider {
  readonly description: ProviderDescription;
  readonly location: ProviderLocation;
  /** One page of functions; pass `nextToken` back as `pageToken` for the next. */
  listFunctions(options?: ListOptions): Promise<Page<DeployedFunction>>;
  /** Undefined when there is no such function (or qualifier). */
  getFunction(name: string, options?: QualifiedOptions): Promise<DeployedFunctionDetail | undefined>;
  listVersions(name: string, options?: ListOptions): Promise<Page<FunctionVersion>>;
  listAliases(name: string, options?: ListOptions): Promise<Page<FunctionAlias>>;
  /** Packages the function and creates or updates it so the cloud runs exactly this code and configuration. */
  deploy(request: DeployRequest): Promise<DeployResult>;
  invoke(name: string, request?: RemoteInvokeRequest): Promise<RemoteInvocation>;
  /** Deletes the function (or one version, with `qualifier`). */
  deleteFunction(name: string, options?: QualifiedOptions): Promise<void>;
  /** The deployed package, as a zip. */
  downloadCode(name: string, options?: QualifiedOptions): Promise<DownloadedCode>;
  /**
   * For when no execution role is configured: finds, else creates, a basic role new functions
   * can run as (AWS: an IAM role only Lambda can assume, with only `AWSLambdaBasicExecutionRole`,
   * i.e. write its own logs). Front ends offer it and say what it creates first
   * (`describeBasicExecutionRole`). Undefined for providers that need no role (the local cloud).
   */
  ensureExecutionRole?(options?: ExecutionRoleOptions): Promise<ExecutionRole>;
  /** Closes connections; the provider is not used afterwards. */
  dispose(): void;
}

/** Tag keys deploy writes, so the tree's "Redeploy from workspace" finds a function's source again. */
export const deployTags = {
  function: 'serverless-workbench:function',
  project: 'serverless-workbench:project',
} as const;

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { lambdaLogGroupName } from '../logs/logNames';
import { describeSource } from '../project/discover';
import type { FunctionLayerSpec, FunctionSpec } from '../project/functionSpec';
import { CloudError } from './cloudErrors';
import { functionArn, lambdaTimestamp, type CloudIdentity, type ConfigurationOptions } from './configuration';
import { corsInLambdaNames } from '../project/functionUrl';
import { awsStyleUrl, type UrlConfigOutput } from './functionUrlConfigs';
import type { FunctionConfigurationOutput } from './model';
import { PROJECT_FUNCTION_ROLE_NAME } from './projectRole';

export { isProjectFunctionConfiguration, PROJECT_FUNCTION_ROLE_NAME } from './projectRole';

/**
 * The project's own functions (those `swb serve` discovered in the workspace) as members of the
 * control plane: listed and readable like deployed ones, but read-only, since their truth is the
 * project file. A deployed function of the same name hides the project function here, as it
 * already does for Invoke (the control plane answers invokes of its own functions first).
 */

export interface ProjectFunctionsSource {
  /** The project folder: project files are named relative to it. */
  dir: string;
  /** The functions served from the workspace now (reloads change them). */
  functions(): readonly FunctionSpec[];
  /** Where the workspace serves a function's URL (`http://127.0.0.1:3002/`), when it does. */
  functionUrl?(name: string): string | undefined;
}

const DESCRIPTION_LIMIT = 256;

export class ProjectFunctions {
  /** LastModified when the project file cannot be read: this control plane's start. */
  private readonly startedAt = Date.now();

  constructor(
    private readonly source: ProjectFunctionsSource | undefined,
    private readonly identity: CloudIdentity,
    /** Whether a deployed function holds the name (it then hides the project function). */
    private readonly isDeployed: (name: string) => boolean,
  ) {}

  /** The project function served under `name`, unless a deployed function hides it. */
  find(name: string): FunctionSpec | undefined {
    if (!this.source || this.isDeployed(name)) return undefined;
    return this.source.functions().find((spec) => spec.name === name);
  }

  /** Every project function not hidden by a deployed one. */
  list(): FunctionSpec[] {
    return this.source ? this.source.functions().filter((spec) => !this.isDeployed(spec.name)) : [];
  }

  /** `$LATEST` as Lambda would report it, built from the spec. */
  configuration(spec: FunctionSpec, options: ConfigurationOptions = {}): FunctionConfigurationOutput {
    // Stands in for the package's hash: it changes exactly when the declaration does.
    const digest = createHash('sha256').update(JSON.stringify(spec)).digest();
    const output: FunctionConfigurationOutput = {
      FunctionName: spec.name,
      FunctionArn: functionArn(this.identity, spec.name, options.arnQualifier),
      Runtime: spec.runtime,
      Role: `arn:aws:iam::${this.identity.accountId}:role/${PROJECT_FUNCTION_ROLE_NAME}`,
      Handler: spec.handler,
      // Lambda's CodeSize is the zip's; there is none until deploy packages the folder.
      CodeSize: 0,
      Description: this.description(spec),
      Timeout: spec.timeout,
      MemorySize: spec.memorySize,
      LastModified: lambdaTimestamp(this.lastModified(spec)),
      CodeSha256: digest.toString('base64'),
      Version: '$LATEST',
      ...(Object.keys(spec.environment).length ? { Environment: { Variables: { ...spec.environment } } } : {}),
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: uuidFrom(digest),
      PackageType: 'Zip',
      Architectures: [...(spec.architectures?.length ? spec.architectures : ['x86_64' as const])],
      EphemeralStorage: { Size: 512 },
      // The emulator files a workspace function's lines under its workspace name.
      LoggingConfig: { LogFormat: spec.logFormat ?? 'Text', LogGroup: lambdaLogGroupName(spec.name) },
      ...(spec.layers?.length ? { Layers: spec.layers.map((layer) => ({ Arn: this.layerArn(layer), CodeSize: 0 })) } : {}),
    };
    // Nothing to wait for: the workspace is always current.
    if (!options.listing) Object.assign(output, { State: 'Active', LastUpdateStatus: 'Successful' });
    return output;
  }

  /** Its declared function URL as GetFunctionUrlConfig shows it (the workspace serves it), if it has one. */
  urlConfiguration(spec: FunctionSpec): UrlConfigOutput | undefined {
    if (!spec.url) return undefined;
    const time = new Date(this.lastModified(spec)).toISOString();
    return {
      FunctionUrl: this.source?.functionUrl?.(spec.name) ?? awsStyleUrl(this.identity, spec.name),
      FunctionArn: functionArn(this.identity, spec.name),
      AuthType: spec.url.authType,
      ...(spec.url.cors ? { Cors: corsInLambdaNames(spec.url.cors) } : {}),
      CreationTime: time,
      LastModifiedTime: time,
      InvokeMode: spec.url.invokeMode,
    };
  }

  /** The one-line refusal of any change made through the API. */
  readOnly(spec: FunctionSpec): CloudError {
    const deploysAs = spec.functionName && spec.functionName !== spec.name ? spec.functionName : undefined;
    const deploy = deploysAs
      ? `or deploy it to the local cloud as ${deploysAs} with \`swb deploy ${spec.name} --provider local\``
      : `or deploy it to the local cloud with \`swb deploy ${spec.name} --provider local\` (the deployed copy then takes its place here)`;
    return new CloudError(
      'ResourceConflictException',
      `Function ${spec.name} is defined by ${this.where(spec)} and served from the workspace, so the Lambda API cannot change it: edit the file, ${deploy}.`,
    );
  }

  private where(spec: FunctionSpec): string {
    return spec.source ? describeSource(spec, this.source?.dir) : 'the workspace';
  }

  private description(spec: FunctionSpec): string {
    const origin = `served from the workspace, defined by ${this.where(spec)}`;
    const text = spec.description ? `${spec.description} (${origin})` : `${origin[0].toUpperCase()}${origin.slice(1)}`;
    return text.length > DESCRIPTION_LIMIT ? `${text.slice(0, DESCRIPTION_LIMIT - 1)}…` : text;
  }

  private lastModified(spec: FunctionSpec): number {
    const file = spec.source?.file;
    const stats = file ? statSync(file, { throwIfNoEntry: false }) : undefined;
    return stats ? Math.floor(stats.mtimeMs) : this.startedAt;
  }

  /** Layers are not published anywhere: an ARN-shaped name, or the ARN the template gave. */
  private layerArn(layer: FunctionLayerSpec): string {
    if (layer.name.startsWith('arn:')) return layer.name;
    const name = layer.name.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, 140) || 'layer';
    return `arn:aws:lambda:${this.identity.region}:${this.identity.accountId}:layer:${name}:1`;
  }
}

/** A RevisionId (Lambda's are UUIDs) that changes when the digest does. */
function uuidFrom(digest: Buffer): string {
  const hex = digest.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

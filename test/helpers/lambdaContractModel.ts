import { createHash, randomUUID } from 'node:crypto';

/**
 * The state behind the Lambda contract server: functions, versions, aliases and tags, with the
 * documented lifecycle — `State: Pending → Active` after CreateFunction, `LastUpdateStatus:
 * InProgress → Successful` after an update, `ResourceConflictException` for a change while one is
 * in progress. Only what the AWS API reference documents; nothing from any implementation.
 */

export type Json = Record<string, unknown>;

export class LambdaApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface StoredVersion {
  config: Json;
  zip: Buffer;
}

export interface StoredFunction {
  latest: StoredVersion;
  versions: Map<string, StoredVersion>;
  aliases: Map<string, { FunctionVersion: string; Description: string; RevisionId: string }>;
  tags: Record<string, string>;
  nextVersion: number;
}

export interface ModelOptions {
  region: string;
  accountId: string;
  /** Delay of Pending → Active and InProgress → Successful. */
  transitionMs: number;
}

const roleArn = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const namePattern = /^[a-zA-Z0-9-_]{1,64}$/;
/** Copied from `$LATEST` into a published version; what "changed since the last version" compares. */
const versionedKeys = ['Runtime', 'Role', 'Handler', 'Description', 'Timeout', 'MemorySize', 'Environment', 'Architectures', 'LoggingConfig'];

export function codeSha256(zip: Buffer): string {
  return createHash('sha256').update(zip).digest('base64');
}

function lambdaTimestamp(): string {
  // Lambda's format: 2024-01-31T12:34:56.789+0000.
  return new Date().toISOString().replace('Z', '+0000');
}

export class LambdaModel {
  readonly functions = new Map<string, StoredFunction>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly options: ModelOptions) {}

  arn(name: string, qualifier?: string): string {
    return `arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
  }

  /** `name`, `name:qualifier`, a function ARN or partial ARN, as the API accepts. */
  resolveName(raw: string): { name: string; qualifier?: string } {
    const parts = raw.split(':');
    if (parts[0] === 'arn') return { name: parts[6] ?? '', ...(parts[7] ? { qualifier: parts[7] } : {}) };
    if (parts.length === 3 && parts[1] === 'function') return { name: parts[2] };
    return { name: parts[0], ...(parts[1] ? { qualifier: parts[1] } : {}) };
  }

  get(name: string): StoredFunction {
    const fn = this.functions.get(name);
    if (!fn) throw new LambdaApiError(404, 'ResourceNotFoundException', `Function not found: ${this.arn(name)}`);
    return fn;
  }

  /** `$LATEST`, a version number or an alias name. */
  version(name: string, qualifier: string | undefined): StoredVersion {
    const fn = this.get(name);
    if (!qualifier || qualifier === '$LATEST') return fn.latest;
    const alias = fn.aliases.get(qualifier);
    const version = fn.versions.get(alias ? alias.FunctionVersion : qualifier) ?? (alias?.FunctionVersion === '$LATEST' ? fn.latest : undefined);
    if (!version) throw new LambdaApiError(404, 'ResourceNotFoundException', `Function not found: ${this.arn(name, qualifier)}`);
    return version;
  }

  create(body: Json): Json {
    const name = String(body.FunctionName ?? '');
    if (!namePattern.test(name)) throw validation(`Value '${name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${namePattern.source}`);
    if (this.functions.has(name)) throw new LambdaApiError(409, 'ResourceConflictException', `Function already exist: ${name}`);
    if (typeof body.Role !== 'string' || !roleArn.test(body.Role)) throw validation(`Value '${String(body.Role)}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: ${roleArn.source}`);
    const code = (body.Code ?? {}) as Json;
    if (typeof code.ZipFile !== 'string') throw new LambdaApiError(400, 'InvalidParameterValueException', 'Please provide a source for function code.');
    if (!body.Runtime) throw new LambdaApiError(400, 'InvalidParameterValueException', 'Runtime is required for .zip file deployment packages.');
    if (!body.Handler) throw new LambdaApiError(400, 'InvalidParameterValueException', 'Handler is required for .zip file deployment packages.');
    checkLimits(body);
    const zip = Buffer.from(code.ZipFile, 'base64');
    const environment = (body.Environment as Json | undefined)?.Variables as Record<string, string> | undefined;
    const config: Json = {
      FunctionName: name,
      FunctionArn: this.arn(name),
      Runtime: body.Runtime,
      Role: body.Role,
      Handler: body.Handler,
      CodeSize: zip.length,
      Description: body.Description ?? '',
      Timeout: body.Timeout ?? 3,
      MemorySize: body.MemorySize ?? 128,
      LastModified: lambdaTimestamp(),
      CodeSha256: codeSha256(zip),
      Version: '$LATEST',
      ...(environment && Object.keys(environment).length ? { Environment: { Variables: environment } } : {}),
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: randomUUID(),
      State: 'Pending',
      StateReason: 'The function is being created.',
      StateReasonCode: 'Creating',
      PackageType: 'Zip',
      Architectures: (body.Architectures as string[] | undefined) ?? ['x86_64'],
      EphemeralStorage: { Size: 512 },
      LoggingConfig: { LogFormat: 'Text', ...(body.LoggingConfig as Json | undefined), LogGroup: `/aws/lambda/${name}` },
    };
    const fn: StoredFunction = { latest: { config, zip }, versions: new Map(), aliases: new Map(), tags: { ...(body.Tags as Record<string, string> | undefined) }, nextVersion: 1 };
    this.functions.set(name, fn);
    this.later(() => {
      if (this.functions.get(name) !== fn) return;
      Object.assign(config, { State: 'Active', LastUpdateStatus: 'Successful' });
      delete config.StateReason;
      delete config.StateReasonCode;
    });
    return { ...config };
  }

  updateCode(name: string, body: Json): Json {
    const fn = this.get(name);
    this.requireIdle(name, fn);
    if (typeof body.ZipFile !== 'string') throw new LambdaApiError(400, 'InvalidParameterValueException', 'Please provide a source for function code.');
    const zip = Buffer.from(body.ZipFile, 'base64');
    fn.latest.zip = zip;
    Object.assign(fn.latest.config, { CodeSha256: codeSha256(zip), CodeSize: zip.length });
    if (Array.isArray(body.Architectures)) fn.latest.config.Architectures = body.Architectures;
    this.startUpdate(name, fn);
    return { ...fn.latest.config };
  }

  updateConfiguration(name: string, body: Json): Json {
    const fn = this.get(name);
    this.requireIdle(name, fn);
    checkLimits(body);
    const config = fn.latest.config;
    for (const key of ['Role', 'Handler', 'Description', 'Timeout', 'MemorySize', 'Runtime']) if (body[key] !== undefined) config[key] = body[key];
    if (body.Environment !== undefined) {
      const variables = ((body.Environment as Json).Variables ?? {}) as Record<string, string>;
      if (Object.keys(variables).length) config.Environment = { Variables: variables };
      else delete config.Environment;
    }
    if (body.LoggingConfig !== undefined) config.LoggingConfig = { ...(config.LoggingConfig as Json), ...(body.LoggingConfig as Json) };
    this.startUpdate(name, fn);
    return { ...config };
  }

  publish(name: string, body: Json): Json {
    const fn = this.get(name);
    this.requireIdle(name, fn);
    const latest = fn.latest.config;
    if (body.CodeSha256 !== undefined && body.CodeSha256 !== latest.CodeSha256) {
      throw new LambdaApiError(412, 'PreconditionFailedException', `CodeSHA256 (${String(body.CodeSha256)}) is different from current CodeSHA256 in $LATEST (${String(latest.CodeSha256)}). Please try again from the latest version.`);
    }
    // Lambda does not publish a new version when nothing changed since the last one.
    const last = [...fn.versions.values()].at(-1);
    if (last && last.config.CodeSha256 === latest.CodeSha256 && versionedKeys.every((k) => JSON.stringify(last.config[k]) === JSON.stringify(latest[k]))) {
      return { ...last.config };
    }
    const number = String(fn.nextVersion++);
    const config: Json = { ...structuredClone(latest), Version: number, FunctionArn: this.arn(name, number), Description: body.Description ?? latest.Description, RevisionId: randomUUID(), State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' };
    delete config.LastUpdateStatus;
    fn.versions.set(number, { config, zip: fn.latest.zip });
    this.later(() => {
      Object.assign(config, { State: 'Active', LastUpdateStatus: 'Successful' });
      delete config.StateReason;
      delete config.StateReasonCode;
    });
    return { ...config };
  }

  deleteFunction(name: string, qualifier: string | undefined): void {
    const fn = this.get(name);
    if (!qualifier) {
      this.functions.delete(name);
      return;
    }
    if (qualifier === '$LATEST') throw new LambdaApiError(400, 'InvalidParameterValueException', '$LATEST version cannot be deleted without deleting the function.');
    if (!fn.versions.has(qualifier)) throw new LambdaApiError(404, 'ResourceNotFoundException', `Function not found: ${this.arn(name, qualifier)}`);
    const alias = [...fn.aliases].find(([, a]) => a.FunctionVersion === qualifier);
    if (alias) throw new LambdaApiError(409, 'ResourceConflictException', `Unable to delete version because the following aliases reference it: [${alias[0]}]`);
    fn.versions.delete(qualifier);
  }

  aliasConfig(name: string, alias: string): Json {
    const stored = this.get(name).aliases.get(alias);
    if (!stored) throw new LambdaApiError(404, 'ResourceNotFoundException', `Cannot find alias arn: ${this.arn(name, alias)}`);
    return { AliasArn: this.arn(name, alias), Name: alias, ...stored };
  }

  putAlias(name: string, alias: string, body: Json, create: boolean): Json {
    const fn = this.get(name);
    const existing = fn.aliases.get(alias);
    if (create && existing) throw new LambdaApiError(409, 'ResourceConflictException', `Alias already exists: ${this.arn(name, alias)}`);
    if (!create && !existing) throw new LambdaApiError(404, 'ResourceNotFoundException', `Cannot find alias arn: ${this.arn(name, alias)}`);
    const version = String(body.FunctionVersion ?? existing?.FunctionVersion ?? '');
    if (version !== '$LATEST' && !fn.versions.has(version)) throw new LambdaApiError(404, 'ResourceNotFoundException', `Function not found: ${this.arn(name, version)}`);
    fn.aliases.set(alias, { FunctionVersion: version, Description: String(body.Description ?? existing?.Description ?? ''), RevisionId: randomUUID() });
    return this.aliasConfig(name, alias);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private requireIdle(name: string, fn: StoredFunction): void {
    const config = fn.latest.config;
    if (config.State === 'Pending') {
      throw new LambdaApiError(409, 'ResourceConflictException', `The operation cannot be performed at this time. The function is currently in the following state: Pending`);
    }
    if (config.LastUpdateStatus === 'InProgress') {
      throw new LambdaApiError(409, 'ResourceConflictException', `The operation cannot be performed at this time. An update is in progress for resource: ${this.arn(name)}`);
    }
  }

  private startUpdate(name: string, fn: StoredFunction): void {
    const config = fn.latest.config;
    Object.assign(config, { LastModified: lambdaTimestamp(), RevisionId: randomUUID(), LastUpdateStatus: 'InProgress', LastUpdateStatusReason: 'The function is being updated.', LastUpdateStatusReasonCode: 'Updating' });
    this.later(() => {
      if (this.functions.get(name) !== fn) return;
      config.LastUpdateStatus = 'Successful';
      delete config.LastUpdateStatusReason;
      delete config.LastUpdateStatusReasonCode;
    });
  }

  private later(action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, this.options.transitionMs);
    this.timers.add(timer);
  }
}

function validation(detail: string): LambdaApiError {
  return new LambdaApiError(400, 'ValidationException', `1 validation error detected: ${detail}`);
}

function checkLimits(body: Json): void {
  if (body.MemorySize !== undefined && (Number(body.MemorySize) < 128 || Number(body.MemorySize) > 10240)) {
    throw validation(`Value '${String(body.MemorySize)}' at 'memorySize' failed to satisfy constraint: Member must have value between 128 and 10240`);
  }
  if (body.Timeout !== undefined && (Number(body.Timeout) < 1 || Number(body.Timeout) > 900)) {
    throw validation(`Value '${String(body.Timeout)}' at 'timeout' failed to satisfy constraint: Member must have value between 1 and 900`);
  }
}

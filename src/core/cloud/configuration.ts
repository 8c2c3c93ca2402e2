import type { AliasConfigurationOutput, AliasRecord, FunctionConfigurationOutput, FunctionRecord, FunctionSnapshot } from './model';
import { lambdaLogGroupName } from '../logs/logNames';

/** Region and account the local cloud's ARNs are made of. */
export interface CloudIdentity {
  region: string;
  accountId: string;
}

export function functionArn(identity: CloudIdentity, name: string, qualifier?: string): string {
  return `arn:aws:lambda:${identity.region}:${identity.accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

/** Lambda's `LastModified` format: `2024-01-01T00:00:00.000+0000`. */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export interface ConfigurationOptions {
  /** The qualifier the caller used; the ARN carries it, as Lambda's does. */
  arnQualifier?: string;
  /** ListFunctions leaves out the state fields (Lambda documents them as GetFunction-only). */
  listing?: boolean;
}

export function toConfiguration(
  identity: CloudIdentity,
  record: FunctionRecord,
  snapshot: FunctionSnapshot,
  options: ConfigurationOptions = {},
): FunctionConfigurationOutput {
  const output: FunctionConfigurationOutput = {
    FunctionName: record.name,
    FunctionArn: functionArn(identity, record.name, options.arnQualifier),
    Runtime: snapshot.runtime,
    Role: snapshot.role,
    ...(snapshot.handler !== undefined ? { Handler: snapshot.handler } : {}),
    CodeSize: snapshot.code.size,
    Description: snapshot.description,
    Timeout: snapshot.timeout,
    MemorySize: snapshot.memorySize,
    LastModified: lambdaTimestamp(snapshot.lastModified),
    CodeSha256: snapshot.code.sha256,
    Version: snapshot.version,
    ...(Object.keys(snapshot.environment).length ? { Environment: { Variables: { ...snapshot.environment } } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: snapshot.revisionId,
    PackageType: 'Zip',
    Architectures: [...snapshot.architectures],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: snapshot.logFormat, LogGroup: lambdaLogGroupName(record.name) },
  };
  if (!options.listing) Object.assign(output, statusFields(record, snapshot));
  return output;
}

/** Published versions share the function's creation state, then stay Active: they never change. */
function statusFields(record: FunctionRecord, snapshot: FunctionSnapshot): Partial<FunctionConfigurationOutput> {
  if (record.state === 'Pending') {
    return { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' };
  }
  if (snapshot.version === '$LATEST' && record.lastUpdateStatus === 'InProgress') {
    return {
      State: 'Active',
      LastUpdateStatus: 'InProgress',
      LastUpdateStatusReason: 'The function is being updated.',
      LastUpdateStatusReasonCode: 'Updating',
    };
  }
  return { State: 'Active', LastUpdateStatus: 'Successful' };
}

export function toAliasConfiguration(identity: CloudIdentity, record: FunctionRecord, alias: AliasRecord): AliasConfigurationOutput {
  return {
    AliasArn: functionArn(identity, record.name, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RevisionId: alias.revisionId,
    ...(alias.additionalVersionWeights && Object.keys(alias.additionalVersionWeights).length
      ? { RoutingConfig: { AdditionalVersionWeights: { ...alias.additionalVersionWeights } } }
      : {}),
  };
}

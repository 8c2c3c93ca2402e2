/**
 * What the local cloud keeps per function. `FunctionRecord` is persisted as JSON (one file per
 * function under the state folder); the `…Configuration` types are what the API returns, in
 * Lambda's own member names.
 */

export type Architecture = 'x86_64' | 'arm64';

/** One uploaded deployment package, stored unpacked (and as the zip, for GetFunction's download link). */
export interface CodeRef {
  /** Base64 SHA-256 of the zip, as Lambda's `CodeSha256`. */
  sha256: string;
  /** Zip size in bytes, Lambda's `CodeSize`. */
  size: number;
  /** Folder name (hex SHA-256) under the function's folder; the zip sits beside it as `<dir>.zip`. */
  dir: string;
}

/** The code and configuration of `$LATEST` or of a published version (which never changes). */
export interface FunctionSnapshot {
  /** `$LATEST`, or the version number as a string. */
  version: string;
  runtime: string;
  handler?: string;
  role: string;
  description: string;
  memorySize: number;
  timeout: number;
  environment: Record<string, string>;
  architectures: Architecture[];
  logFormat: 'Text' | 'JSON';
  code: CodeRef;
  /** Epoch milliseconds. */
  lastModified: number;
  revisionId: string;
}

export interface AliasRecord {
  name: string;
  functionVersion: string;
  description: string;
  /** Additional version → weight (0–1), Lambda's `RoutingConfig.AdditionalVersionWeights`. */
  additionalVersionWeights?: Record<string, number>;
  revisionId: string;
}

export type FunctionState = 'Pending' | 'Active';
export type LastUpdateStatus = 'InProgress' | 'Successful';

export interface FunctionRecord {
  name: string;
  latest: FunctionSnapshot;
  state: FunctionState;
  /** Unset while the function is being created, as in Lambda. */
  lastUpdateStatus?: LastUpdateStatus;
  /** Published versions, oldest first. */
  versions: FunctionSnapshot[];
  /** The highest version number ever published: Lambda never reuses one, even after deleting it. */
  lastVersion: number;
  aliases: AliasRecord[];
  tags: Record<string, string>;
}

export interface FunctionConfigurationOutput {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Role: string;
  Handler?: string;
  CodeSize: number;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  CodeSha256: string;
  Version: string;
  Environment?: { Variables: Record<string, string> };
  TracingConfig: { Mode: 'PassThrough' };
  RevisionId: string;
  State?: string;
  StateReason?: string;
  StateReasonCode?: string;
  LastUpdateStatus?: string;
  LastUpdateStatusReason?: string;
  LastUpdateStatusReasonCode?: string;
  PackageType: 'Zip';
  Architectures: Architecture[];
  EphemeralStorage: { Size: number };
  LoggingConfig: { LogFormat: 'Text' | 'JSON'; LogGroup: string };
  /** Only project functions declare layers (deploy does not model them). */
  Layers?: { Arn: string; CodeSize: number }[];
}

export interface AliasConfigurationOutput {
  AliasArn: string;
  Name: string;
  FunctionVersion: string;
  Description: string;
  RevisionId: string;
  RoutingConfig?: { AdditionalVersionWeights: Record<string, number> };
}

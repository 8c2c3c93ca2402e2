import type { LambdaCors } from '../project/functionUrl';

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
  /** Function URLs (the function's own and its aliases'); absent in state saved before they existed. */
  urls?: UrlConfigRecord[];
  /** Resource-based policies by qualifier (`''` for the function itself, else a version or alias). */
  policies?: Record<string, PolicyRecord>;
}

/** Lambda's `Cors` of a function URL, in its own member names (echoed back as given). */
export type UrlCors = LambdaCors;

/** One function URL config (CreateFunctionUrlConfig): on the function itself, or on one alias. */
export interface UrlConfigRecord {
  /** The alias; undefined for the function's own URL (`$LATEST`). */
  qualifier?: string;
  authType: 'NONE' | 'AWS_IAM';
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  cors?: UrlCors;
  /** Epoch milliseconds. */
  creationTime: number;
  lastModifiedTime: number;
  /** The local port it was last served on: tried first after a restart, so the URL stays the same. */
  port?: number;
}

/** One statement of a resource-based policy, in IAM's JSON shape (as GetPolicy returns it). */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: string | Record<string, string>;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyRecord {
  revisionId: string;
  statements: PolicyStatement[];
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

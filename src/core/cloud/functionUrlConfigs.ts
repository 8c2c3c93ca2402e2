import { functionUrlId } from '../emulator/functionUrlEvents';
import type { FunctionUrlSpec } from '../project/functionSpec';
import { corsFromLambdaNames } from '../project/functionUrl';
import { CloudError, functionNotFound, invalidParameter } from './cloudErrors';
import { functionArn, type CloudIdentity } from './configuration';
import type { FunctionRecord, UrlConfigRecord, UrlCors } from './model';
import { paginate } from './pagination';
import type { JsonObject } from './validate';

/**
 * Function URL configs (Lambda's 2021-10-31 API): at most one on the function itself and one per
 * alias. These functions check requests the way Lambda does and change a record; the caller
 * saves it and serves the URLs (deployedUrls.ts).
 */

const AUTH_TYPES = ['AWS_IAM', 'NONE'] as const;
const INVOKE_MODES = ['BUFFERED', 'RESPONSE_STREAM'] as const;
/** The Qualifier member: an alias name (never a version number), or `$LATEST`. */
const URL_QUALIFIER = /^(\$LATEST|(?!\d+$)[a-zA-Z0-9_-]{1,128})$/;

export interface UrlConfigOutput {
  FunctionUrl: string;
  FunctionArn: string;
  AuthType: UrlConfigRecord['authType'];
  Cors?: UrlCors;
  CreationTime: string;
  LastModifiedTime?: string;
  InvokeMode: UrlConfigRecord['invokeMode'];
}

export const resourceNotFound = (): CloudError => new CloudError('ResourceNotFoundException', 'The resource you requested does not exist.');

/** The emulator-side name a URL is served under: the function's, or `name:alias`. */
export function urlTargetName(functionName: string, qualifier: string | undefined): string {
  return qualifier === undefined ? functionName : `${functionName}:${qualifier}`;
}

/** What AWS would call the URL (`https://<id>.lambda-url.<region>.on.aws/`): shown when it could not be served locally. */
export function awsStyleUrl(identity: CloudIdentity, target: string): string {
  return `https://${functionUrlId(target)}.lambda-url.${identity.region}.on.aws/`;
}

/** The config's qualifier: an existing alias, or undefined for the function's own URL (`$LATEST` or none). */
export function urlQualifier(identity: CloudIdentity, record: FunctionRecord, qualifier: string | undefined): string | undefined {
  if (qualifier === undefined || qualifier === '$LATEST') return undefined;
  if (!URL_QUALIFIER.test(qualifier)) {
    throw invalidParameter(
      `1 validation error detected: Value '${qualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))`,
    );
  }
  if (!record.aliases.some((a) => a.name === qualifier)) throw functionNotFound(functionArn(identity, record.name, qualifier));
  return qualifier;
}

export function findUrlConfig(record: FunctionRecord, qualifier: string | undefined): UrlConfigRecord {
  const found = record.urls?.find((u) => u.qualifier === qualifier);
  if (!found) throw resourceNotFound();
  return found;
}

export function createUrlConfig(identity: CloudIdentity, record: FunctionRecord, qualifier: string | undefined, input: JsonObject, now: number): UrlConfigRecord {
  const fields = parseUrlInput(input);
  if (fields.authType === undefined) throw validation('authType', null, 'Member must not be null');
  if (record.urls?.some((u) => u.qualifier === qualifier)) {
    throw new CloudError('ResourceConflictException', `Failed to create function url config for [functionArn = ${functionArn(identity, record.name, qualifier)}]. Error message:  FunctionUrlConfig exists for this Lambda function`);
  }
  const config: UrlConfigRecord = {
    ...(qualifier !== undefined ? { qualifier } : {}),
    authType: fields.authType,
    invokeMode: fields.invokeMode ?? 'BUFFERED',
    ...(fields.cors ? { cors: fields.cors } : {}),
    creationTime: now,
    lastModifiedTime: now,
  };
  record.urls = [...(record.urls ?? []), config];
  return config;
}

/** Members left out stay as they are; an empty `Cors` removes the CORS configuration. */
export function updateUrlConfig(record: FunctionRecord, qualifier: string | undefined, input: JsonObject, now: number): UrlConfigRecord {
  const config = findUrlConfig(record, qualifier);
  const fields = parseUrlInput(input);
  if (fields.authType !== undefined) config.authType = fields.authType;
  if (fields.invokeMode !== undefined) config.invokeMode = fields.invokeMode;
  if (fields.cors === null) delete config.cors;
  else if (fields.cors !== undefined) config.cors = fields.cors;
  config.lastModifiedTime = now;
  return config;
}

export function deleteUrlConfig(record: FunctionRecord, qualifier: string | undefined): void {
  const config = findUrlConfig(record, qualifier);
  record.urls = record.urls?.filter((u) => u !== config);
}

/** ListFunctionUrlConfigs: the function's own URL first, then its aliases' by name. */
export function urlConfigsPage(record: FunctionRecord, marker: string | null, maxItems: number): { page: UrlConfigRecord[]; nextMarker?: string } {
  return paginate(record.urls ?? [], (u) => u.qualifier ?? '', marker, maxItems);
}

/** The API's shape. CreateFunctionUrlConfig answers without `LastModifiedTime`, as Lambda's model has it. */
export function toUrlConfigOutput(identity: CloudIdentity, record: FunctionRecord, config: UrlConfigRecord, url: string, created = false): UrlConfigOutput {
  return {
    FunctionUrl: url,
    FunctionArn: functionArn(identity, record.name, config.qualifier),
    AuthType: config.authType,
    ...(config.cors ? { Cors: structuredClone(config.cors) } : {}),
    CreationTime: new Date(config.creationTime).toISOString(),
    ...(created ? {} : { LastModifiedTime: new Date(config.lastModifiedTime).toISOString() }),
    InvokeMode: config.invokeMode,
  };
}

/** The emulator's spec of the URL (what `FunctionUrls` serves). */
export function urlSpecOf(config: UrlConfigRecord): FunctionUrlSpec {
  return { authType: config.authType, invokeMode: config.invokeMode, ...(config.cors ? { cors: corsFromLambdaNames(config.cors) } : {}) };
}

interface UrlInput {
  authType?: UrlConfigRecord['authType'];
  invokeMode?: UrlConfigRecord['invokeMode'];
  /** null: an empty `Cors` (no CORS configuration). */
  cors?: UrlCors | null;
}

function parseUrlInput(input: JsonObject): UrlInput {
  const out: UrlInput = {};
  const authType = enumMember(input.AuthType, 'authType', AUTH_TYPES);
  if (authType !== undefined) out.authType = authType;
  const invokeMode = enumMember(input.InvokeMode, 'invokeMode', INVOKE_MODES);
  if (invokeMode !== undefined) out.invokeMode = invokeMode;
  if (input.Cors !== undefined && input.Cors !== null) out.cors = parseCors(input.Cors);
  return out;
}

function parseCors(value: unknown): UrlCors | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw validation('cors', value, 'Member must be a structure');
  const input = value as JsonObject;
  const cors: UrlCors = {};
  if (input.AllowCredentials !== undefined && input.AllowCredentials !== null) {
    if (typeof input.AllowCredentials !== 'boolean') throw validation('cors.allowCredentials', input.AllowCredentials, 'Member must be a boolean');
    cors.AllowCredentials = input.AllowCredentials;
  }
  const lists = [
    ['AllowHeaders', 'allowHeaders', 100, 1024],
    ['AllowMethods', 'allowMethods', 6, 6],
    ['AllowOrigins', 'allowOrigins', 100, 253],
    ['ExposeHeaders', 'exposeHeaders', 100, 1024],
  ] as const;
  for (const [key, member, maxItems, maxLength] of lists) {
    const list = stringList(input[key], `cors.${member}`, maxItems, maxLength);
    if (list) cors[key] = list;
  }
  if (input.MaxAge !== undefined && input.MaxAge !== null) {
    const maxAge = input.MaxAge;
    if (typeof maxAge !== 'number' || !Number.isInteger(maxAge)) throw validation('cors.maxAge', maxAge, 'Member must be an integer');
    if (maxAge < 0) throw validation('cors.maxAge', maxAge, 'Member must have value greater than or equal to 0');
    if (maxAge > 86400) throw validation('cors.maxAge', maxAge, 'Member must have value less than or equal to 86400');
    cors.MaxAge = maxAge;
  }
  return Object.keys(cors).length ? cors : null;
}

function stringList(value: unknown, member: string, maxItems: number, maxLength: number): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw validation(member, value, 'Member must be a list of strings');
  const items = value as string[];
  if (items.length > maxItems) throw validation(member, items, `Member must have length less than or equal to ${maxItems}`);
  const bad = items.find((item) => item.length < 1 || item.length > maxLength);
  if (bad !== undefined) {
    throw validation(member, items, `Member must satisfy constraint: [Member must have length less than or equal to ${maxLength}, Member must have length greater than or equal to 1]`);
  }
  return [...items];
}

function enumMember<T extends string>(value: unknown, member: string, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw validation(member, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}

function validation(member: string, value: unknown, rule: string): CloudError {
  const shown = value === null ? 'null' : typeof value === 'string' ? `'${value}'` : `'${JSON.stringify(value)}'`;
  return invalidParameter(`1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${rule}`);
}

import { invalidParameter, type CloudError } from './cloudErrors';
import type { Architecture } from './model';
import { checkTags } from './tags';
import {
  FUNCTION_NAME,
  optionalBoolean,
  optionalString,
  optionalStringMap,
  parseArchitectures,
  parseConfiguration,
  type ConfigurationFields,
  type JsonObject,
} from './validate';

/** CreateFunction's and UpdateFunctionCode's requests, checked (before any state is touched). */

export interface CreateInput {
  name: string;
  fields: ConfigurationFields & { runtime: string; role: string };
  zip: Buffer;
  tags: Record<string, string>;
  publish: boolean;
}

export interface CodeUpdateInput {
  zip: Buffer;
  publish: boolean;
  dryRun: boolean;
  revisionId?: string;
  architectures?: Architecture[];
}

export function parseCreateInput(input: JsonObject): CreateInput {
  const name = requiredName(input);
  const fields = parseConfiguration(input);
  const { runtime, role } = fields;
  if (runtime === undefined) throw invalidParameter("1 validation error detected: Value null at 'runtime' failed to satisfy constraint: Member must not be null");
  if (role === undefined) throw invalidParameter("1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null");
  checkHandler(runtime, fields.handler);
  const packageType = optionalString(input, 'PackageType', 'packageType');
  if (packageType !== undefined && packageType !== 'Zip') throw invalidParameter('The local cloud runs Zip packages only (PackageType Image is not supported).');
  const code = input.Code;
  if (code === null || typeof code !== 'object' || Array.isArray(code)) throw invalidParameter("1 validation error detected: Value null at 'code' failed to satisfy constraint: Member must not be null");
  const tags = optionalStringMap(input, 'Tags', 'tags') ?? {};
  checkTags(tags);
  return { name, fields: { ...fields, runtime, role }, zip: zipSource(code as JsonObject), tags, publish: optionalBoolean(input, 'Publish', 'publish') === true };
}

export function parseCodeUpdate(input: JsonObject): CodeUpdateInput {
  const architectures = input.Architectures === undefined || input.Architectures === null ? undefined : parseArchitectures(input.Architectures);
  return {
    zip: zipSource(input),
    publish: optionalBoolean(input, 'Publish', 'publish') === true,
    dryRun: optionalBoolean(input, 'DryRun', 'dryRun') === true,
    revisionId: optionalString(input, 'RevisionId', 'revisionId'),
    ...(architectures ? { architectures } : {}),
  };
}

/** Every runtime but the custom ones (`provided*`, which start `bootstrap`) needs a handler. */
export function checkHandler(runtime: string, handler: string | undefined): void {
  if (handler === undefined && !runtime.startsWith('provided')) throw invalidParameter(`The Handler is required for the ${runtime} runtime with package type Zip.`);
}

function requiredName(input: JsonObject): string {
  const raw = optionalString(input, 'FunctionName', 'functionName', 140);
  if (raw === undefined) throw invalidParameter("1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null");
  // CreateFunction also takes the name as an ARN; the name part is what counts.
  const parts = raw.split(':');
  const name = raw.startsWith('arn:') ? parts[6] : raw;
  if (name === undefined || !FUNCTION_NAME.test(name) || (raw.startsWith('arn:') && parts.length !== 7)) {
    throw invalidParameter(
      `1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)`,
    );
  }
  return name;
}

/** The zip of a `Code` structure (CreateFunction) or of UpdateFunctionCode's request. */
function zipSource(source: JsonObject): Buffer {
  if (source.S3Bucket !== undefined || source.S3Key !== undefined || source.ImageUri !== undefined) throw unsupportedSource();
  if (source.ZipFile === undefined || source.ZipFile === null) throw invalidParameter('Please provide a source for function code.');
  const value = source.ZipFile;
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(value)) {
    throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again. (ZipFile is not base64)');
  }
  return Buffer.from(value, 'base64');
}

function unsupportedSource(): CloudError {
  return invalidParameter('The local cloud takes code as ZipFile bytes only (S3Bucket/S3Key and ImageUri are not supported).');
}

import { RESERVED_VARIABLES } from '../emulator/environmentVariables';
import { invalidParameter } from './cloudErrors';
import { checkRuntime } from './runtimes';
import type { Architecture, FunctionSnapshot } from './model';

/**
 * Checks a request's members the way Lambda does and turns them into snapshot fields. Every
 * problem is an `InvalidParameterValueException` naming the member, in the words of AWS's
 * validation messages ("1 validation error detected: Value … at 'memorySize' failed to …").
 */

export type JsonObject = Record<string, unknown>;

/** The configuration members shared by CreateFunction and UpdateFunctionConfiguration. */
export type ConfigurationFields = Partial<
  Pick<FunctionSnapshot, 'runtime' | 'handler' | 'role' | 'description' | 'memorySize' | 'timeout' | 'environment' | 'architectures' | 'logFormat'>
>;

const ROLE = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-/]+$/;
const VARIABLE_NAME = /^[a-zA-Z]([a-zA-Z0-9_])+$/;
const ENVIRONMENT_LIMIT = 4096;
export const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
export const ALIAS_NAME = /^(?!\d+$)[a-zA-Z0-9_-]{1,128}$/;

function constraint(member: string, value: unknown, rule: string): Error {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return invalidParameter(`1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${rule}`);
}

export function optionalString(input: JsonObject, key: string, member: string, max?: number): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw constraint(member, value, 'Member must be a string');
  if (max !== undefined && value.length > max) throw constraint(member, value, `Member must have length less than or equal to ${max}`);
  return value;
}

export function optionalBoolean(input: JsonObject, key: string, member: string): boolean | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw constraint(member, value, 'Member must be a boolean');
  return value;
}

function optionalInteger(input: JsonObject, key: string, member: string, min: number, max: number): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw constraint(member, value, 'Member must be an integer');
  if (value < min) throw constraint(member, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraint(member, value, `Member must have value less than or equal to ${max}`);
  return value;
}

function optionalObject(input: JsonObject, key: string, member: string): JsonObject | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw constraint(member, value, 'Member must be a structure');
  return value as JsonObject;
}

/** A string → string map (Tags, Environment.Variables). */
export function optionalStringMap(input: JsonObject, key: string, member: string): Record<string, string> | undefined {
  const map = optionalObject(input, key, member);
  if (!map) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) {
    if (typeof v !== 'string') throw constraint(`${member}.${k}`, v, 'Member must be a string');
    out[k] = v;
  }
  return out;
}

/** Reads the configuration members present in `input` (all optional here; CreateFunction checks what it requires). */
export function parseConfiguration(input: JsonObject): ConfigurationFields {
  const fields: ConfigurationFields = {};
  const runtime = optionalString(input, 'Runtime', 'runtime');
  if (runtime !== undefined) {
    checkRuntime(runtime);
    fields.runtime = runtime;
  }
  const handler = optionalString(input, 'Handler', 'handler', 128);
  if (handler !== undefined) {
    if (!/^\S+$/.test(handler)) throw constraint('handler', handler, 'Member must satisfy regular expression pattern: [^\\s]+');
    fields.handler = handler;
  }
  const role = optionalString(input, 'Role', 'role');
  if (role !== undefined) {
    if (!ROLE.test(role)) throw constraint('role', role, 'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+');
    fields.role = role;
  }
  const description = optionalString(input, 'Description', 'description', 256);
  if (description !== undefined) fields.description = description;
  const memorySize = optionalInteger(input, 'MemorySize', 'memorySize', 128, 10240);
  if (memorySize !== undefined) fields.memorySize = memorySize;
  const timeout = optionalInteger(input, 'Timeout', 'timeout', 1, 900);
  if (timeout !== undefined) fields.timeout = timeout;
  const environment = optionalObject(input, 'Environment', 'environment');
  if (environment) fields.environment = parseVariables(environment);
  if (input.Architectures !== undefined && input.Architectures !== null) fields.architectures = parseArchitectures(input.Architectures);
  const logging = optionalObject(input, 'LoggingConfig', 'loggingConfig');
  const logFormat = logging ? optionalString(logging, 'LogFormat', 'loggingConfig.logFormat') : undefined;
  if (logFormat !== undefined) {
    if (logFormat !== 'Text' && logFormat !== 'JSON') throw constraint('loggingConfig.logFormat', logFormat, 'Member must satisfy enum value set: [Text, JSON]');
    fields.logFormat = logFormat;
  }
  return fields;
}

function parseVariables(environment: JsonObject): Record<string, string> {
  const variables = optionalStringMap(environment, 'Variables', 'environment.variables') ?? {};
  for (const key of Object.keys(variables)) {
    if (!VARIABLE_NAME.test(key)) throw constraint('environment.variables', key, 'Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+');
  }
  const reserved = Object.keys(variables).filter((key) => RESERVED_VARIABLES.has(key));
  if (reserved.length) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  if (Buffer.byteLength(JSON.stringify(variables)) > ENVIRONMENT_LIMIT) {
    throw invalidParameter('Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit.');
  }
  return variables;
}

export function parseArchitectures(value: unknown): Architecture[] {
  if (!Array.isArray(value) || value.length !== 1) throw constraint('architectures', value, 'Member must have length less than or equal to 1 and greater than or equal to 1');
  const [architecture] = value as unknown[];
  if (architecture !== 'x86_64' && architecture !== 'arm64') throw constraint('architectures', value, 'Member must satisfy enum value set: [x86_64, arm64]');
  return [architecture];
}

/** `MaxItems` of the List operations (Lambda: 1–10000; at most 50 come back per page). */
export function parseMaxItems(raw: string | null): number {
  if (raw === null) return 50;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 10000) throw constraint('maxItems', raw, 'Member must have value between 1 and 10000');
  return Math.min(value, 50);
}

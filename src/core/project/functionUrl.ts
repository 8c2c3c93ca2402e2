import { isRecord } from './cfnIntrinsics';
import type { FieldCheck } from './functionFields';
import type { FunctionUrlCors, FunctionUrlSpec } from './functionSpec';

/**
 * A function's URL as each project format declares it: SAM's `FunctionUrlConfig` (Lambda's own
 * names), serverless.yml's `url` (`true`, or `authorizer`/`invokeMode`/`cors` with the framework's
 * names), and the manifest's `url` (`true`, or FunctionUrlSpec's names).
 */

const invokeModes = ['BUFFERED', 'RESPONSE_STREAM'] as const;
const authTypes = ['NONE', 'AWS_IAM'] as const;
/** Lambda's limit on `Cors.MaxAge`. */
const maxCorsAge = 86_400;
/** What the Serverless Framework's `cors: true` allows. */
const frameworkCors: FunctionUrlCors = {
  allowOrigins: ['*'],
  allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token'],
  allowMethods: ['*'],
};

/** A function URL's CORS in Lambda's own member names (SAM's `Cors`, the Lambda API's). */
export interface LambdaCors {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

const lambdaNames = {
  allowCredentials: 'AllowCredentials',
  allowHeaders: 'AllowHeaders',
  allowMethods: 'AllowMethods',
  allowOrigins: 'AllowOrigins',
  exposeHeaders: 'ExposeHeaders',
  maxAge: 'MaxAge',
} as const satisfies Record<keyof FunctionUrlCors, keyof LambdaCors>;

const corsFields = Object.keys(lambdaNames) as (keyof FunctionUrlCors)[];

/** `cors` in Lambda's member names (what deploy sends, what the local cloud shows); lists are copied. */
export function corsInLambdaNames(cors: FunctionUrlCors): LambdaCors {
  const out: Record<string, unknown> = {};
  for (const field of corsFields) {
    const value = cors[field];
    if (value !== undefined) out[lambdaNames[field]] = Array.isArray(value) ? [...value] : value;
  }
  return out as LambdaCors;
}

/** The reverse of `corsInLambdaNames`. */
export function corsFromLambdaNames(cors: LambdaCors): FunctionUrlCors {
  const out: Record<string, unknown> = {};
  for (const field of corsFields) {
    const value = cors[lambdaNames[field]];
    if (value !== undefined) out[field] = Array.isArray(value) ? [...value] : value;
  }
  return out as FunctionUrlCors;
}

type Fail = { ok: false; problem: string };
const fail = (problem: string): Fail => ({ ok: false, problem });

function oneOf<T extends string>(label: string, value: unknown, allowed: readonly T[], fallback: T): FieldCheck<T> {
  if (value === undefined) return { ok: true, value: fallback };
  const upper = typeof value === 'string' ? value.toUpperCase() : value;
  if ((allowed as readonly unknown[]).includes(upper)) return { ok: true, value: upper as T };
  return fail(`${label} must be ${allowed.join(' or ')}, found ${JSON.stringify(value)}`);
}

/** Reads a CORS object whose keys are named by `names` (each format spells them its own way). */
function corsFrom(label: string, value: unknown, names: Record<keyof FunctionUrlCors, string>): FieldCheck<FunctionUrlCors> {
  if (!isRecord(value)) return fail(`${label} must be a mapping, found ${JSON.stringify(value)}`);
  const known = new Set(Object.values(names));
  const unknown = Object.keys(value).find((key) => !known.has(key));
  if (unknown !== undefined) return fail(`${label} has an unknown key ${unknown} (expected ${[...known].join(', ')})`);
  const cors: FunctionUrlCors = {};
  for (const field of ['allowHeaders', 'allowMethods', 'allowOrigins', 'exposeHeaders'] as const) {
    const raw = value[names[field]];
    if (raw === undefined) continue;
    const list = typeof raw === 'string' ? [raw] : raw;
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) return fail(`${label}.${names[field]} must be a list of strings`);
    cors[field] = list as string[];
  }
  const credentials = value[names.allowCredentials];
  if (credentials !== undefined) {
    if (typeof credentials !== 'boolean' && credentials !== 'true' && credentials !== 'false') return fail(`${label}.${names.allowCredentials} must be true or false`);
    cors.allowCredentials = credentials === true || credentials === 'true';
  }
  const age = value[names.maxAge];
  if (age !== undefined) {
    const n = typeof age === 'string' && age.trim() !== '' ? Number(age) : age;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > maxCorsAge) return fail(`${label}.${names.maxAge} must be a whole number of seconds from 0 to ${maxCorsAge}`);
    cors.maxAge = n;
  }
  return { ok: true, value: cors };
}

function url(authType: FieldCheck<FunctionUrlSpec['authType']>, invokeMode: FieldCheck<FunctionUrlSpec['invokeMode']>, cors?: FieldCheck<FunctionUrlCors>): FieldCheck<FunctionUrlSpec> {
  for (const check of [authType, invokeMode, cors]) if (check && !check.ok) return check;
  const spec: FunctionUrlSpec = { authType: (authType as { value: FunctionUrlSpec['authType'] }).value, invokeMode: (invokeMode as { value: FunctionUrlSpec['invokeMode'] }).value };
  if (cors?.ok) spec.cors = cors.value;
  return { ok: true, value: spec };
}

/** SAM's `FunctionUrlConfig` (`AuthType` is required, as CloudFormation requires it). */
export function checkSamFunctionUrl(label: string, value: unknown): FieldCheck<FunctionUrlSpec> {
  if (!isRecord(value)) return fail(`${label} must be a mapping with AuthType, found ${JSON.stringify(value)}`);
  if (value.AuthType === undefined) return fail(`${label} needs AuthType (NONE or AWS_IAM)`);
  const cors = value.Cors === undefined ? undefined : corsFrom(`${label}.Cors`, value.Cors, lambdaNames);
  return url(oneOf(`${label}.AuthType`, value.AuthType, authTypes, 'NONE'), oneOf(`${label}.InvokeMode`, value.InvokeMode, invokeModes, 'BUFFERED'), cors);
}


const frameworkNames = {
  allowCredentials: 'allowCredentials',
  allowHeaders: 'allowedHeaders',
  allowMethods: 'allowedMethods',
  allowOrigins: 'allowedOrigins',
  exposeHeaders: 'exposedResponseHeaders',
  maxAge: 'maxAge',
};

const manifestNames = {
  allowCredentials: 'allowCredentials',
  allowHeaders: 'allowHeaders',
  allowMethods: 'allowMethods',
  allowOrigins: 'allowOrigins',
  exposeHeaders: 'exposeHeaders',
  maxAge: 'maxAge',
};

/** serverless.yml's `url`: `true`, or `{ authorizer: aws_iam, invokeMode, cors: true | {…} }`; `false` means none. */
export function checkServerlessUrl(label: string, value: unknown): FieldCheck<FunctionUrlSpec | undefined> {
  if (value === false) return { ok: true, value: undefined };
  if (value === true) return { ok: true, value: { authType: 'NONE', invokeMode: 'BUFFERED' } };
  if (!isRecord(value)) return fail(`${label} must be true or a mapping (authorizer, invokeMode, cors), found ${JSON.stringify(value)}`);
  const unknown = Object.keys(value).find((key) => !['authorizer', 'invokeMode', 'cors'].includes(key));
  if (unknown !== undefined) return fail(`${label} has an unknown key ${unknown} (expected authorizer, invokeMode, cors)`);
  const authorizer = value.authorizer;
  const authType: FieldCheck<FunctionUrlSpec['authType']> =
    authorizer === undefined ? { ok: true, value: 'NONE' } : authorizer === 'aws_iam' ? { ok: true, value: 'AWS_IAM' } : fail(`${label}.authorizer must be aws_iam, found ${JSON.stringify(authorizer)}`);
  const cors = value.cors === undefined || value.cors === false ? undefined : value.cors === true ? { ok: true as const, value: frameworkCors } : corsFrom(`${label}.cors`, value.cors, frameworkNames);
  return url(authType, oneOf(`${label}.invokeMode`, value.invokeMode, invokeModes, 'BUFFERED'), cors);
}

/** The manifest's `url`: `true`, or `{ authType, invokeMode, cors }` with FunctionUrlSpec's names. */
export function checkManifestUrl(label: string, value: unknown): FieldCheck<FunctionUrlSpec> {
  if (value === true) return { ok: true, value: { authType: 'NONE', invokeMode: 'BUFFERED' } };
  if (!isRecord(value)) return fail(`${label} must be true or an object (authType, invokeMode, cors), found ${JSON.stringify(value)}`);
  const unknown = Object.keys(value).find((key) => !['authType', 'invokeMode', 'cors'].includes(key));
  if (unknown !== undefined) return fail(`${label} has an unknown key "${unknown}" (expected authType, invokeMode, cors)`);
  const cors = value.cors === undefined ? undefined : corsFrom(`${label}.cors`, value.cors, manifestNames);
  return url(oneOf(`${label}.authType`, value.authType, authTypes, 'NONE'), oneOf(`${label}.invokeMode`, value.invokeMode, invokeModes, 'BUFFERED'), cors);
}

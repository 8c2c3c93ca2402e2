import { checkManifestUrl } from './functionUrl';
import { RESERVED_VARIABLES } from '../emulator/environmentVariables';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { FunctionRunOptions } from '../emulator/types';
import type { DiscoveryResult, ProjectDiagnostic } from './diagnostics';
import type { FunctionEventSpec, FunctionSpec } from './functionSpec';
import { lambdaDefaults } from './functionSpec';
import { closestName, describeValue, jsonErrorPosition, keyLocator } from './manifestText';

/**
 * `serverless-workbench.json`: the project's own, minimal way to declare functions. Each function
 * is checked on its own, so one typo costs that function, never the whole file.
 */
export const manifestFileName = 'serverless-workbench.json';

export const supportedRuntimes = [
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'nodejs24.x',
  'python3.9',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'python3.14',
  'provided',
  'provided.al2',
  'provided.al2023',
] as const;

export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;

/** The manifest's functions plus the per-function run options the emulator takes (not part of `FunctionSpec`). */
export interface ManifestResult extends DiscoveryResult {
  /** Absolute path of the manifest. */
  file: string;
  runOptions: Record<string, FunctionRunOptions>;
}

type Check = (value: unknown) => string | undefined;

const oneOf =
  (allowed: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && allowed.includes(value) ? undefined : `must be one of ${allowed.join(', ')}`;

const integerIn =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : `must be a whole number from ${min} to ${max}`;

const nonEmptyString: Check = (value) => (typeof value === 'string' && value.trim() !== '' ? undefined : 'must be a non-empty string');

const lambdaEnvName = /^[a-zA-Z]\w*$/;

const environmentCheck: Check = (value) => {
  if (!isPlainObject(value)) return 'must be an object of string values';
  for (const [key, item] of Object.entries(value)) {
    if (!lambdaEnvName.test(key)) return `has an invalid variable name "${key}" (letters, digits and _, starting with a letter)`;
    if (RESERVED_VARIABLES.has(key)) return `sets "${key}", which Lambda reserves for the runtime`;
    if (typeof item !== 'string') return `"${key}" must be a string, got ${describeValue(item)}`;
  }
  return undefined;
};

const architecturesCheck: Check = (value) =>
  Array.isArray(value) && value.length === 1 && (value[0] === 'x86_64' || value[0] === 'arm64')
    ? undefined
    : 'must be ["x86_64"] or ["arm64"] (Lambda takes exactly one)';

const functionKeys: Record<string, Check> = {
  provider: oneOf(['aws', 'azure', 'gcp']),
  runtime: oneOf(supportedRuntimes),
  codeDir: nonEmptyString,
  handler: nonEmptyString,
  timeout: integerIn(1, 900),
  memorySize: integerIn(128, 10240),
  environment: environmentCheck,
  events: (value) => (Array.isArray(value) ? undefined : 'must be an array of events'),
  functionName: (value) =>
    typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? undefined : 'must be 1–64 letters, digits, - or _',
  description: (value) => (typeof value === 'string' && value.length <= 256 ? undefined : 'must be a string of at most 256 characters'),
  logFormat: oneOf(['Text', 'JSON']),
  architectures: architecturesCheck,
  concurrency: integerIn(1, 1000),
  prewarm: integerIn(0, 1000),
  isolation: oneOf(['process', 'thread', 'inline']),
  url: (value) => {
    const check = checkManifestUrl('url', value);
    return check.ok ? undefined : `is invalid (${check.problem})`;
  },
};
const requiredFunctionKeys = ['runtime', 'handler'];
const eventKeys = ['type', 'method', 'path'];
/** Names of non-HTTP event sources: `s3`, `sqs`, `schedule`, `eventBridge`, `dynamodb`, … */
const eventTypePattern = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

export function parseManifest(text: string, file: string): ManifestResult {
  const result: ManifestResult = { file, functions: [], diagnostics: [], runOptions: {} };
  const error = (message: string, line?: number, column?: number): void => {
    result.diagnostics.push({ file, line, column, message, severity: 'error' });
  };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    const where = jsonErrorPosition(text, e);
    error(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`, where?.line, where?.column);
    return result;
  }
  const locate = keyLocator(text);
  if (!isPlainObject(root)) {
    error('must be a JSON object with a "functions" object');
    return result;
  }
  for (const key of Object.keys(root)) {
    if (key !== 'functions' && key !== '$schema') error(unknownKeyMessage(`unknown top-level key "${key}"`, key, ['functions', '$schema']), locate([key]));
  }
  const functions = root.functions;
  if (!isPlainObject(functions)) {
    error(functions === undefined ? 'missing the "functions" object' : `"functions" must be an object, got ${describeValue(functions)}`, locate(['functions']));
    return result;
  }
  const baseDir = path.dirname(file);
  for (const [name, raw] of Object.entries(functions)) {
    const line = locate(['functions', name]);
    const problems: ProjectDiagnostic[] = [];
    const fail = (message: string, at: string[] = []): void => {
      problems.push({ file, line: at.length ? (locate(['functions', name, ...at]) ?? line) : line, message: `function "${name}": ${message}`, severity: 'error' });
    };
    const parsed = parseFunction(name, raw, baseDir, fail);
    result.diagnostics.push(...problems);
    if (!parsed || problems.length) continue;
    parsed.spec.source = { kind: 'manifest', file, line };
    result.functions.push(parsed.spec);
    if (parsed.runOptions) result.runOptions[name] = parsed.runOptions;
  }
  result.diagnostics.push(...duplicateRouteWarnings(result.functions, file, locate));
  return result;
}

function parseFunction(
  name: string,
  raw: unknown,
  baseDir: string,
  fail: (message: string, at?: string[]) => void,
): { spec: FunctionSpec; runOptions?: FunctionRunOptions } | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) fail('the name must be 1–64 letters, digits, - or _ (it is the Lambda function name)');
  if (!isPlainObject(raw)) {
    fail(`must be an object, got ${describeValue(raw)}`);
    return undefined;
  }
  for (const [key, value] of Object.entries(raw)) {
    const check = functionKeys[key];
    if (!check) {
      fail(unknownKeyMessage(`unknown key "${key}"`, key, Object.keys(functionKeys)), [key]);
      continue;
    }
    const problem = check(value);
    if (problem) fail(`"${key}" ${problem}, got ${describeValue(value)}`, [key]);
  }
  for (const key of requiredFunctionKeys) if (raw[key] === undefined) fail(`missing required key "${key}"`);
  const events = Array.isArray(raw.events) ? parseEvents(raw.events, (message) => fail(message, ['events'])) : [];
  if (typeof raw.handler === 'string' && typeof raw.runtime === 'string' && !raw.runtime.startsWith('provided')) {
    const dot = raw.handler.lastIndexOf('.');
    if (dot <= 0 || dot === raw.handler.length - 1) fail(`"handler" must be <file>.<function>, e.g. index.handler, got "${raw.handler}"`, ['handler']);
  }
  if (typeof raw.prewarm === 'number' && typeof raw.concurrency === 'number' && raw.prewarm > raw.concurrency) {
    fail(`"prewarm" (${raw.prewarm}) cannot exceed "concurrency" (${raw.concurrency})`, ['prewarm']);
  }
  const spec: FunctionSpec = {
    name,
    provider: (raw.provider as FunctionSpec['provider'] | undefined) ?? 'aws',
    runtime: raw.runtime as string,
    codeDir: path.resolve(baseDir, typeof raw.codeDir === 'string' ? raw.codeDir : '.'),
    handler: raw.handler as string,
    timeout: (raw.timeout as number | undefined) ?? lambdaDefaults.timeout,
    memorySize: (raw.memorySize as number | undefined) ?? lambdaDefaults.memorySize,
    environment: { ...((raw.environment as Record<string, string> | undefined) ?? {}) },
    events,
  };
  if (typeof raw.functionName === 'string') spec.functionName = raw.functionName;
  if (typeof raw.description === 'string') spec.description = raw.description;
  if (raw.logFormat === 'Text' || raw.logFormat === 'JSON') spec.logFormat = raw.logFormat;
  if (Array.isArray(raw.architectures)) spec.architectures = raw.architectures as FunctionSpec['architectures'];
  const url = raw.url === undefined ? undefined : checkManifestUrl('url', raw.url);
  if (url?.ok) spec.url = url.value;
  const runOptions: FunctionRunOptions = {};
  if (typeof raw.concurrency === 'number') runOptions.concurrency = raw.concurrency;
  if (typeof raw.prewarm === 'number') runOptions.prewarm = raw.prewarm;
  if (raw.isolation === 'process' || raw.isolation === 'thread' || raw.isolation === 'inline') runOptions.isolation = raw.isolation;
  return { spec, runOptions: Object.keys(runOptions).length ? runOptions : undefined };
}

function parseEvents(raw: unknown[], fail: (message: string) => void): FunctionEventSpec[] {
  const events: FunctionEventSpec[] = [];
  raw.forEach((event, i) => {
    const where = `events[${i}]`;
    if (!isPlainObject(event)) return fail(`${where} must be an object, got ${describeValue(event)}`);
    const { type, method, path: routePath } = event;
    if (typeof type === 'string' && type !== 'httpApi' && type !== 'http') {
      // Other sources (s3, sqs, schedule, …) are not served locally; their settings are kept as
      // written, for scaffolding, the editor and deploy.
      if (!eventTypePattern.test(type)) return fail(`${where}.type must be an event source name such as httpApi, http, s3, sqs or schedule, got ${describeValue(type)}`);
      events.push({ ...event, type });
      return;
    }
    for (const key of Object.keys(event)) {
      if (!eventKeys.includes(key)) fail(unknownKeyMessage(`${where} has unknown key "${key}"`, key, eventKeys));
    }
    if (type !== 'httpApi' && type !== 'http') return fail(`${where}.type must be "httpApi" (HTTP API, payload 2.0), "http" (REST API, payload 1.0) or another event source name (s3, sqs, schedule, …), got ${describeValue(type)}`);
    const upper = typeof method === 'string' ? method.toUpperCase() : undefined;
    if (upper === undefined || !(upper === '*' || (httpMethods as readonly string[]).includes(upper))) {
      return fail(`${where}.method must be one of ${httpMethods.join(', ')} or *, got ${describeValue(method)}`);
    }
    const pathProblem = checkRoutePath(routePath, type);
    if (pathProblem) return fail(`${where}.path ${pathProblem}`);
    events.push({ type, method: upper === '*' ? 'ANY' : upper, path: routePath as string });
  });
  return events;
}

/** API Gateway's route syntax: literal segments, `{name}` segments, and one trailing `{name+}`. */
function checkRoutePath(value: unknown, type: 'httpApi' | 'http'): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${describeValue(value)}`;
  if (value === '$default') return type === 'httpApi' ? undefined : 'can be "$default" only for httpApi events';
  if (!value.startsWith('/')) return `must start with "/", got "${value}"`;
  const segments = value.split('/').slice(1);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === '' && i !== segments.length - 1) return `has an empty segment: "${value}"`;
    if (!segment.includes('{') && !segment.includes('}')) continue;
    const param = /^\{([A-Za-z0-9._-]+)(\+?)\}$/.exec(segment);
    if (!param) return `has a malformed parameter "${segment}" (use {name} or a final {name+})`;
    if (param[2] && i !== segments.length - 1) return `may use a greedy {${param[1]}+} only as the last segment`;
  }
  return undefined;
}

function duplicateRouteWarnings(functions: FunctionSpec[], file: string, locate: (keys: string[]) => number | undefined): ProjectDiagnostic[] {
  const owners = new Map<string, string>();
  const warnings: ProjectDiagnostic[] = [];
  for (const spec of functions) {
    for (const event of spec.events) {
      if (event.type !== 'httpApi' && event.type !== 'http') continue;
      const key = `${String(event.method)} ${String(event.path)}`;
      const owner = owners.get(key);
      if (owner === undefined) owners.set(key, spec.name);
      else if (owner !== spec.name) {
        warnings.push({
          file,
          line: locate(['functions', spec.name, 'events']),
          message: `function "${spec.name}": route ${key} is already served by function "${owner}"; requests go to "${owner}"`,
          severity: 'warning',
        });
      }
    }
  }
  return warnings;
}

function unknownKeyMessage(message: string, key: string, known: string[]): string {
  const suggestion = closestName(key, known);
  return suggestion ? `${message} (did you mean "${suggestion}"?)` : message;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `serverless-workbench.json` in `dir`; undefined when there is none. Adds a warning for a
 * `codeDir` that does not exist (the function still loads: the folder may be generated later).
 */
export async function loadManifest(dir: string): Promise<ManifestResult | undefined> {
  const file = path.resolve(dir, manifestFileName);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const result = parseManifest(text, file);
  for (const spec of result.functions) {
    if (!existsSync(spec.codeDir)) {
      result.diagnostics.push({
        file,
        line: spec.source?.line,
        message: `function "${spec.name}": codeDir ${spec.codeDir} does not exist`,
        severity: 'warning',
      });
    }
  }
  return result;
}

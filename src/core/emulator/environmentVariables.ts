import * as path from 'node:path';
import type { FunctionSpec } from '../project/functionSpec';
import { lambdaLogGroupName } from '../logs/logNames';
import { layerPaths } from './layerPaths';

/**
 * The variables an execution environment starts with: a minimal base from this machine, the
 * runtime's own additions, the function's variables, then Lambda's reserved ones (which the
 * function's variables cannot override, as in Lambda).
 */

/** Keys Lambda reserves; a function's `environment` cannot set them. */
export const RESERVED_VARIABLES: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

const CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

/** What a process needs from this machine to start at all (Windows needs a few more). */
const BASE_VARIABLES =
  process.platform === 'win32'
    ? ['PATH', 'PATHEXT', 'SYSTEMROOT', 'WINDIR', 'COMSPEC', 'TEMP', 'TMP', 'USERPROFILE', 'HOME']
    : ['PATH', 'HOME', 'TMPDIR'];

export interface VariablesInput {
  spec: FunctionSpec;
  /** The deployed name (`AWS_LAMBDA_FUNCTION_NAME`). */
  functionName: string;
  region: string;
  /** `host:port` of the environment's Runtime API. */
  runtimeApi: string;
  logStreamName: string;
  runtimeDir: string;
  /** The runtime family's additions (NODE_PATH, PYTHONPATH…); the function's variables may override them. */
  runtimeVariables: Record<string, string>;
  /** Private hand-offs to our own bootstraps; never overridable. */
  privateVariables?: Record<string, string>;
  passCredentials: boolean;
  parentEnv?: NodeJS.ProcessEnv;
}

export function lambdaVariables(input: VariablesInput): Record<string, string> {
  const parent = input.parentEnv ?? process.env;
  const { spec } = input;
  const env: Record<string, string> = {};
  for (const key of BASE_VARIABLES) {
    const value = readParent(parent, key);
    if (value !== undefined) env[key] = value;
  }
  env.LANG = 'en_US.UTF-8';
  env.TZ = ':UTC';
  Object.assign(env, input.runtimeVariables);
  // A layer's bin/ is /opt/bin on Lambda, which is on PATH.
  const { bin } = layerPaths(spec);
  if (bin.length > 0) env.PATH = [...bin, ...(env.PATH ? [env.PATH] : [])].join(path.delimiter);
  for (const [key, value] of Object.entries(spec.environment ?? {})) {
    if (!RESERVED_VARIABLES.has(key)) env[key] = String(value);
  }
  Object.assign(env, {
    _HANDLER: spec.handler,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: lambdaLogGroupName(input.functionName),
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    AWS_LAMBDA_RUNTIME_API: input.runtimeApi,
    LAMBDA_TASK_ROOT: spec.codeDir,
    LAMBDA_RUNTIME_DIR: input.runtimeDir,
  });
  // OS-only runtimes (provided*) have no AWS_EXECUTION_ENV in Lambda.
  if (!spec.runtime.startsWith('provided')) env.AWS_EXECUTION_ENV = `AWS_Lambda_${spec.runtime}`;
  if (spec.logFormat === 'JSON') {
    env.AWS_LAMBDA_LOG_FORMAT = 'JSON';
    env.AWS_LAMBDA_LOG_LEVEL = readUser(spec, 'AWS_LAMBDA_LOG_LEVEL') ?? 'INFO';
  }
  if (input.passCredentials) {
    for (const key of CREDENTIAL_VARIABLES) {
      const value = parent[key];
      if (value) env[key] = value;
    }
  }
  Object.assign(env, input.privateVariables);
  return env;
}

/** The function's variables that Lambda would refuse, for a warning. */
export function reservedVariablesIn(spec: FunctionSpec): string[] {
  return Object.keys(spec.environment ?? {}).filter((key) => RESERVED_VARIABLES.has(key));
}

function readUser(spec: FunctionSpec, key: string): string | undefined {
  const value = spec.environment?.[key];
  return value === undefined ? undefined : String(value);
}

/** Windows spells PATH as Path, SYSTEMROOT as SystemRoot…; process.env hides that, plain objects don't. */
function readParent(parent: NodeJS.ProcessEnv, key: string): string | undefined {
  if (parent[key] !== undefined) return parent[key];
  if (process.platform !== 'win32') return undefined;
  const found = Object.keys(parent).find((k) => k.toUpperCase() === key);
  return found ? parent[found] : undefined;
}

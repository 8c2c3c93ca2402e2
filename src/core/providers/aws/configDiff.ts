import type { FunctionConfiguration, UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';
import type { FunctionSpec } from '../../project/functionSpec';

/**
 * What deploy manages of a function's configuration, and how it differs from what is deployed.
 * Settings the workspace does not declare (VPC, layers, dead-letter queues…) are left alone, so a
 * deploy never undoes changes made in the console to things this tool does not model.
 */
export interface ManagedConfiguration {
  runtime: string;
  handler: string;
  memorySize: number;
  timeout: number;
  description: string;
  environment: Record<string, string>;
  architectures: ('x86_64' | 'arm64')[];
  logFormat?: 'Text' | 'JSON';
}

export function managedConfiguration(spec: FunctionSpec): ManagedConfiguration {
  return {
    runtime: spec.runtime,
    // CreateFunction needs a handler for zip packages; custom runtimes conventionally name their executable.
    handler: spec.handler || (spec.runtime.startsWith('provided') ? 'bootstrap' : ''),
    memorySize: spec.memorySize,
    timeout: spec.timeout,
    description: spec.description ?? '',
    environment: { ...spec.environment },
    architectures: spec.architectures?.length ? [...spec.architectures] : ['x86_64'],
    ...(spec.logFormat ? { logFormat: spec.logFormat } : {}),
  };
}

/** The setting names changed, in a fixed order (`architectures` is changed through UpdateFunctionCode, not here). */
export type ConfigSetting = 'runtime' | 'handler' | 'memorySize' | 'timeout' | 'description' | 'environment' | 'logFormat' | 'role';

export function configurationChanges(desired: ManagedConfiguration, deployed: FunctionConfiguration, role?: string): ConfigSetting[] {
  const changes: ConfigSetting[] = [];
  if (desired.runtime !== deployed.Runtime) changes.push('runtime');
  if (desired.handler !== '' && desired.handler !== deployed.Handler) changes.push('handler');
  if (desired.memorySize !== deployed.MemorySize) changes.push('memorySize');
  if (desired.timeout !== deployed.Timeout) changes.push('timeout');
  if (desired.description !== (deployed.Description ?? '')) changes.push('description');
  if (!sameRecord(desired.environment, deployed.Environment?.Variables ?? {})) changes.push('environment');
  if (desired.logFormat !== undefined && desired.logFormat !== (deployed.LoggingConfig?.LogFormat ?? 'Text')) changes.push('logFormat');
  if (role !== undefined && role !== deployed.Role) changes.push('role');
  return changes;
}

export function architecturesChanged(desired: ManagedConfiguration, deployed: FunctionConfiguration): boolean {
  const current = deployed.Architectures?.length ? deployed.Architectures : ['x86_64'];
  return current.length !== desired.architectures.length || current.some((a, i) => a !== desired.architectures[i]);
}

/** An UpdateFunctionConfiguration request carrying only the changed settings. */
export function configurationUpdate(name: string, desired: ManagedConfiguration, changes: readonly ConfigSetting[], role?: string): UpdateFunctionConfigurationRequest {
  const request: UpdateFunctionConfigurationRequest = { FunctionName: name };
  for (const change of changes) {
    switch (change) {
      case 'runtime':
        request.Runtime = desired.runtime as UpdateFunctionConfigurationRequest['Runtime'];
        break;
      case 'handler':
        request.Handler = desired.handler;
        break;
      case 'memorySize':
        request.MemorySize = desired.memorySize;
        break;
      case 'timeout':
        request.Timeout = desired.timeout;
        break;
      case 'description':
        request.Description = desired.description;
        break;
      case 'environment':
        // Lambda replaces the whole map: send every variable, not only the changed ones.
        request.Environment = { Variables: desired.environment };
        break;
      case 'logFormat':
        request.LoggingConfig = { LogFormat: desired.logFormat };
        break;
      case 'role':
        request.Role = role;
        break;
    }
  }
  return request;
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && b[k] === a[k]);
}

import { UserError } from '../core/errors';
import { lambdaLogGroupName } from '../core/logs/logNames';
import type { LogsConnection } from '../core/logs/logsSdk';
import { defaultLocalEndpoint } from '../core/providers';
import { awsCredentialChain } from '../core/providers/aws/credentials';
import { resolveRegion } from '../core/providers/aws/sharedConfig';
import { localCredentials, normalizeEndpoint } from '../core/providers/local/localProvider';
import { stringFlag } from './args';
import type { CliIo, ParsedArgs } from './command';

/**
 * Where `swb logs` reads: the local cloud (default; `swb serve` at 127.0.0.1:3001, any
 * credentials), or CloudWatch Logs with the AWS CLI's profile, region and credentials — or, with
 * --endpoint-url, any endpoint that speaks its API, read exactly as AWS is.
 */
export interface LogsTarget {
  provider: 'aws' | 'local';
  connection: LogsConnection;
  /** One line for when nothing answers. */
  unreachable: string;
}

export function logsTargetFromFlags(args: ParsedArgs, io: CliIo): LogsTarget {
  const profile = stringFlag(args, 'profile');
  const region = stringFlag(args, 'region');
  const endpointFlag = stringFlag(args, 'endpoint-url');
  const chosen = stringFlag(args, 'provider') ?? io.env.SWB_PROVIDER ?? (profile ? 'aws' : 'local');
  if (chosen !== 'aws' && chosen !== 'local') throw new UserError(`logs are read from aws or local, not "${chosen}"`);
  if (chosen === 'local') {
    if (profile) throw new UserError('--profile applies to --provider aws; the local cloud needs no credentials');
    const endpoint = normalizeEndpoint(endpointFlag ?? io.env.SWB_LOCAL_ENDPOINT ?? defaultLocalEndpoint);
    return {
      provider: 'local',
      connection: { endpoint, region: region ?? 'us-east-1', credentials: async () => localCredentials },
      unreachable: `no local cloud at ${endpoint}: start it with \`swb serve\``,
    };
  }
  const endpoint = endpointFlag ? normalizeEndpoint(endpointFlag) : undefined;
  const resolvedRegion = resolveRegion({ region, profile, env: io.env });
  return {
    provider: 'aws',
    connection: {
      region: resolvedRegion,
      ...(endpoint ? { endpoint } : {}),
      credentials: awsCredentialChain({ profile, env: io.env }),
    },
    unreachable: `cannot reach CloudWatch Logs at ${endpoint ?? `logs.${resolvedRegion}.amazonaws.com`}`,
  };
}

/**
 * A function name (or `name:qualifier`, or its ARN) → its log group, `/aws/lambda/<name>`; a
 * name starting with `/` is a log group already.
 */
export function logGroupForFunction(name: string): string {
  if (name.startsWith('/')) return name;
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(name);
  const functionName = arn ? arn[1] : name.split(':')[0];
  if (!/^[A-Za-z0-9_-]{1,140}$/.test(functionName)) throw new UserError(`"${name}" is not a function name (letters, digits, - and _) or a log group (starting with /)`);
  return lambdaLogGroupName(functionName);
}

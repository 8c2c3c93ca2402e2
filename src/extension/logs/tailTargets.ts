import { lambdaLogGroupName } from '../../core/logs/logNames';
import type { LogsConnection } from '../../core/logs/logsSdk';
import { awsCredentialChain } from '../../core/providers/aws/credentials';
import { resolveRegion } from '../../core/providers/aws/sharedConfig';
import { localCredentials, normalizeEndpoint } from '../../core/providers/local/localProvider';
import type { ProviderTarget } from '../cloud/providerTargets';
import { targetKey, targetLabel } from '../cloud/providerTargets';

/**
 * What a tail follows and where it reads it, as plain data: a function's log group
 * (`/aws/lambda/<deployed name>`) in the local cloud or one AWS profile and region. No `vscode`.
 */

export interface TailSpec {
  /** Whose output channel, handler line and saved events: the workspace function, else the deployed name. */
  functionName: string;
  /** The name it runs under (its log group is `/aws/lambda/<name>`). */
  deployedName: string;
  target: ProviderTarget;
}

export function tailLogGroup(spec: Pick<TailSpec, 'deployedName'>): string {
  return lambdaLogGroupName(spec.deployedName);
}

/** One tail per log group and place. */
export function tailKey(spec: Pick<TailSpec, 'deployedName' | 'target'>): string {
  return `${targetKey(spec.target)}|${tailLogGroup(spec)}`;
}

/** `hello (local cloud)`, `orders-prod (AWS dev · eu-west-1)`. */
export function tailLabel(spec: TailSpec): string {
  const name = spec.functionName === spec.deployedName ? spec.functionName : `${spec.functionName} → ${spec.deployedName}`;
  return `${name} (${targetLabel(spec.target)})`;
}

export interface ConnectionSettings {
  /** The running local cloud's endpoint (for local targets). */
  localEndpoint?: string;
  /** `serverlessWorkbench.aws.endpointUrl`. */
  awsEndpointUrl?: string;
  env: NodeJS.ProcessEnv;
}

/** How the tailer connects: the local cloud takes any credentials; AWS uses the AWS CLI's chain for the profile. */
export function tailConnection(target: ProviderTarget, settings: ConnectionSettings): LogsConnection {
  if (target.provider === 'local') {
    if (!settings.localEndpoint) throw new Error('the local cloud is not running');
    return { endpoint: normalizeEndpoint(settings.localEndpoint), region: 'us-east-1', credentials: async () => localCredentials };
  }
  return {
    region: resolveRegion({ region: target.region, profile: target.profile, env: settings.env }),
    ...(settings.awsEndpointUrl ? { endpoint: normalizeEndpoint(settings.awsEndpointUrl) } : {}),
    credentials: awsCredentialChain({ profile: target.profile, env: settings.env }),
  };
}

export interface TailRate {
  label: string;
  functionName: string;
  perMinute: number;
}

/** The status bar item: `$(pulse) hello · 12 ev/min`, or `$(pulse) 3 tails`; undefined when nothing is tailed. */
export function tailStatus(tails: readonly TailRate[]): { text: string; tooltip: string } | undefined {
  if (tails.length === 0) return undefined;
  const lines = tails.map((tail) => `${tail.label} · ${tail.perMinute} ev/min`);
  if (tails.length === 1) {
    return { text: `$(pulse) ${tails[0].functionName} · ${tails[0].perMinute} ev/min`, tooltip: `Tailing logs: ${lines[0]}\nClick to stop.` };
  }
  return { text: `$(pulse) ${tails.length} tails`, tooltip: `Tailing logs:\n${lines.join('\n')}\nClick to stop one or all.` };
}

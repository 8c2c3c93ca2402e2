import { oneLine } from '../../core/errors';
import { formatBytes } from '../../core/package/limits';
import { isProviderError } from '../../core/providers/errors';
import { maskSecrets } from '../../core/providers/secrets';
import type { DeployedFunction, FunctionAlias, FunctionVersion } from '../../core/providers/types';
import type { ProviderTarget } from '../cloud/providerTargets';
import { targetKey } from '../cloud/providerTargets';
import type { TreeNode } from './functionsTree';

/**
 * The Deployed Functions view's nodes: functions with their runtime, memory, code size and age;
 * their configuration, versions and aliases; "Load more"; and failures as nodes that say what is
 * wrong and offer the fix (start the local cloud, sign in, pick another profile, retry). Only
 * types come from `vscode`, so this is unit-tested under plain Node.
 */

export const deployedCommands = {
  startLocalCloud: 'serverlessWorkbench.startLocalCloud',
  refresh: 'serverlessWorkbench.refreshDeployedFunctions',
  pickAwsProfile: 'serverlessWorkbench.pickAwsProfile',
  runFix: 'serverlessWorkbench.runFixCommand',
  openSettings: 'serverlessWorkbench.openSettings',
  deploy: 'serverlessWorkbench.deployFunction',
  loadMore: 'serverlessWorkbench.loadMoreDeployedFunctions',
} as const;

/** What a context-menu command on a deployed function (or one of its versions or aliases) acts on. */
export interface DeployedRef {
  target: ProviderTarget;
  /** The deployed name. */
  name: string;
  arn: string;
  /** A version or alias; `$LATEST` when undefined. */
  qualifier?: string;
}

export interface DeployedNode extends TreeNode {
  /** For `getParent`, so "Show in Tree" can reveal a function. */
  parent?: DeployedNode;
  /** Set on functions, versions and aliases: commands from their context menu receive the node. */
  deployed?: DeployedRef;
  /** Whether the functions of a target (by `targetKey`) are somewhere below this node. */
  contains?: (key: string) => boolean;
  /** Set on the node whose children are the functions of this target (by `targetKey`). */
  lists?: string;
}

export function isDeployedNode(value: unknown): value is DeployedNode & { deployed: DeployedRef } {
  if (typeof value !== 'object' || value === null) return false;
  const ref = (value as DeployedNode).deployed;
  return typeof ref === 'object' && ref !== null && typeof ref.name === 'string' && typeof ref.target === 'object';
}

const minute = 60_000;

/** `just now`, `5 min ago`, `3 h ago`, `12 d ago`, else the date. */
export function relativeTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const ago = now - at;
  if (ago < minute) return 'just now';
  if (ago < 60 * minute) return `${Math.floor(ago / minute)} min ago`;
  if (ago < 24 * 60 * minute) return `${Math.floor(ago / (60 * minute))} h ago`;
  if (ago < 30 * 24 * 60 * minute) return `${Math.floor(ago / (24 * 60 * minute))} d ago`;
  return new Date(at).toISOString().slice(0, 10);
}

/** `nodejs20.x · 128 MB · 1.2 KB · 5 min ago`. */
export function functionDescription(fn: DeployedFunction, now: number): string {
  return [
    fn.runtime ?? (fn.packageType === 'Image' ? 'container image' : undefined),
    fn.memorySize !== undefined ? `${fn.memorySize} MB` : undefined,
    fn.codeSize !== undefined ? formatBytes(fn.codeSize) : undefined,
    fn.lastModified ? relativeTime(fn.lastModified, now) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function functionTooltip(fn: DeployedFunction, location: string): string {
  const lines = [`${fn.name} — ${location}`, fn.arn];
  if (fn.description) lines.push(fn.description);
  if (fn.runtime) lines.push(`Runtime: ${fn.runtime}${fn.architectures?.length ? ` (${fn.architectures.join(', ')})` : ''}`);
  if (fn.handler) lines.push(`Handler: ${fn.handler}`);
  if (fn.memorySize !== undefined || fn.timeout !== undefined) lines.push(`Memory ${fn.memorySize ?? '?'} MB, timeout ${fn.timeout ?? '?'} s`);
  if (fn.codeSize !== undefined) lines.push(`Code: ${formatBytes(fn.codeSize)}`);
  if (fn.lastModified) lines.push(`Last modified: ${fn.lastModified}`);
  const state = stateText(fn);
  if (state) lines.push(`State: ${state}`);
  return lines.join('\n');
}

/** `Active`, `Pending`, `Active, update InProgress`, `Failed: <reason>`; undefined when simply Active and up to date. */
export function stateText(fn: DeployedFunction): string | undefined {
  const parts: string[] = [];
  if (fn.state && fn.state !== 'Active') parts.push(fn.state);
  if (fn.lastUpdateStatus && fn.lastUpdateStatus !== 'Successful') parts.push(`update ${fn.lastUpdateStatus}`);
  if (parts.length === 0) return undefined;
  return `${parts.join(', ')}${fn.stateReason ? `: ${fn.stateReason}` : ''}`;
}

function functionIcon(fn: DeployedFunction): string {
  if (fn.state === 'Failed' || fn.lastUpdateStatus === 'Failed') return 'error';
  if (fn.state === 'Pending' || fn.lastUpdateStatus === 'InProgress') return 'loading~spin';
  return 'symbol-function';
}

export interface FunctionNodeContext {
  target: ProviderTarget;
  /** Where it is deployed, e.g. "local cloud at http://127.0.0.1:3001". */
  location: string;
  parent?: DeployedNode;
  now: number;
  /** Versions and aliases, loaded when the function is expanded. */
  versions(): Promise<FunctionVersion[]>;
  aliases(): Promise<FunctionAlias[]>;
}

export function deployedFunctionNode(fn: DeployedFunction, context: FunctionNodeContext): DeployedNode {
  const id = `${context.parent?.id ?? `deployed:${targetKey(context.target)}`}/fn:${fn.name}`;
  const ref: DeployedRef = { target: context.target, name: fn.name, arn: fn.arn };
  const node: DeployedNode = {
    id,
    label: fn.name,
    description: functionDescription(fn, context.now),
    tooltip: functionTooltip(fn, context.location),
    icon: functionIcon(fn),
    contextValue: 'deployedFunction',
    parent: context.parent,
    deployed: ref,
  };
  node.children = async () => [
    {
      id: `${id}/configuration`,
      label: 'Configuration',
      icon: 'settings-gear',
      contextValue: 'deployedConfiguration',
      parent: node,
      children: async () => configurationNodes(fn, `${id}/configuration`),
    },
    listNode(`${id}/versions`, 'Versions', 'versions', node, context, async (parent) =>
      (await context.versions()).map((v) => versionNode(v, ref, parent)),
    ),
    listNode(`${id}/aliases`, 'Aliases', 'tag', node, context, async (parent) => (await context.aliases()).map((a) => aliasNode(a, ref, parent))),
  ];
  return node;
}

function listNode(id: string, label: string, icon: string, parent: DeployedNode, context: FunctionNodeContext, load: (self: DeployedNode) => Promise<DeployedNode[]>): DeployedNode {
  const node: DeployedNode = { id, label, icon, contextValue: `deployed${label}`, parent };
  node.children = async () => {
    try {
      const nodes = await load(node);
      return nodes.length ? nodes : [{ id: `${id}/none`, label: `No ${label.toLowerCase()}`, icon: 'info', parent: node }];
    } catch (error) {
      return errorNodes(error, context.target, node);
    }
  };
  return node;
}

function versionNode(version: FunctionVersion, fn: DeployedRef, parent: DeployedNode): DeployedNode {
  const latest = version.version === '$LATEST';
  return {
    id: `${parent.id}/${version.version}`,
    label: latest ? '$LATEST' : `Version ${version.version}`,
    description: [version.description, version.lastModified].filter(Boolean).join(' · ') || undefined,
    tooltip: [version.version, version.codeSha256 ? `CodeSha256 ${version.codeSha256}` : undefined, version.lastModified].filter(Boolean).join('\n'),
    icon: 'git-commit',
    contextValue: 'deployedVersion',
    parent,
    deployed: { ...fn, arn: latest ? fn.arn : `${fn.arn}:${version.version}`, ...(latest ? {} : { qualifier: version.version }) },
  };
}

function aliasNode(alias: FunctionAlias, fn: DeployedRef, parent: DeployedNode): DeployedNode {
  return {
    id: `${parent.id}/${alias.name}`,
    label: alias.name,
    description: `→ ${alias.version}`,
    tooltip: [alias.arn, alias.description].filter(Boolean).join('\n'),
    icon: 'tag',
    contextValue: 'deployedAlias',
    parent,
    deployed: { ...fn, arn: alias.arn || `${fn.arn}:${alias.name}`, qualifier: alias.name },
  };
}

/** One leaf per setting; environment values whose names look secret are masked. */
export function configurationNodes(fn: DeployedFunction, id: string): DeployedNode[] {
  const rows: [string, string | undefined][] = [
    ['Runtime', fn.runtime],
    ['Handler', fn.handler],
    ['Memory', fn.memorySize !== undefined ? `${fn.memorySize} MB` : undefined],
    ['Timeout', fn.timeout !== undefined ? `${fn.timeout} s` : undefined],
    ['Architectures', fn.architectures?.join(', ')],
    ['Code size', fn.codeSize !== undefined ? formatBytes(fn.codeSize) : undefined],
    ['CodeSha256', fn.codeSha256],
    ['Last modified', fn.lastModified],
    ['State', [fn.state, fn.lastUpdateStatus && `last update ${fn.lastUpdateStatus}`].filter(Boolean).join(', ') || undefined],
    ['Role', fn.role],
    ['Description', fn.description],
    ['Package type', fn.packageType],
  ];
  const nodes: DeployedNode[] = rows
    .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
    .map(([label, value]) => ({ id: `${id}/${label}`, label, description: value, tooltip: `${label}: ${value}`, contextValue: 'deployedSetting' }));
  const environment = Object.entries(maskSecrets(fn.environment ?? {}));
  if (environment.length) {
    const leaves = environment.map(([name, value]) => ({ id: `${id}/env/${name}`, label: name, description: value, contextValue: 'deployedSetting' }));
    nodes.push({ id: `${id}/env`, label: 'Environment', description: `${environment.length} variable${environment.length === 1 ? '' : 's'}`, icon: 'symbol-variable', children: async () => leaves });
  }
  return nodes;
}

export function loadMoreNode(key: string, parent: DeployedNode | undefined, loaded: number): DeployedNode {
  return {
    id: `${parent?.id ?? key}/more`,
    label: 'Load more…',
    description: `${loaded} shown`,
    icon: 'ellipsis',
    contextValue: 'deployedLoadMore',
    parent,
    command: { command: deployedCommands.loadMore, title: 'Load More', arguments: [key] },
  };
}

export function noFunctionsNode(location: string, parent: DeployedNode | undefined): DeployedNode {
  return {
    id: `${parent?.id ?? 'deployed'}/none`,
    label: 'No functions deployed yet',
    description: 'Deploy…',
    tooltip: `Nothing is deployed to ${location}. Click to deploy a workspace function.`,
    icon: 'info',
    contextValue: 'deployedEmpty',
    parent,
    command: { command: deployedCommands.deploy, title: 'Deploy Function…' },
  };
}

export function localStoppedNode(parent: DeployedNode | undefined, why?: string): DeployedNode {
  return {
    id: `${parent?.id ?? 'deployed:local'}/stopped`,
    label: 'Local cloud is not running — Start',
    tooltip: `${why ? `${why}\n` : ''}Click to start the local cloud (no account needed); deploy and invoke start it too.`,
    icon: 'debug-start',
    contextValue: 'deployedLocalStopped',
    parent,
    command: { command: deployedCommands.startLocalCloud, title: 'Start Local Cloud' },
  };
}

/**
 * A failure as nodes: what went wrong (label and tooltip) and what fixes it (the node's click and,
 * for credentials, a second node to pick another profile). Never an empty list.
 */
export function errorNodes(error: unknown, target: ProviderTarget, parent?: DeployedNode): DeployedNode[] {
  const message = oneLine(error);
  const id = `${parent?.id ?? `deployed:${targetKey(target)}`}/error`;
  const retry = { command: deployedCommands.refresh, title: 'Retry' };
  const node = (label: string, icon: string, tooltip: string, command: NonNullable<TreeNode['command']>): DeployedNode => ({
    id,
    label,
    description: message,
    tooltip: `${message}\n${tooltip}`,
    icon,
    contextValue: 'deployedError',
    parent,
    command,
  });
  const pickProfile: DeployedNode = {
    id: `${id}/pick`,
    label: 'Pick another AWS profile or region…',
    icon: 'account',
    contextValue: 'deployedError',
    parent,
    command: { command: deployedCommands.pickAwsProfile, title: 'Pick AWS Profile' },
  };
  if (isProviderError(error)) {
    switch (error.kind) {
      case 'network':
        if (target.provider === 'local') return [localStoppedNode(parent, message)];
        return [node('Cannot reach AWS Lambda', 'debug-disconnect', 'Click to retry.', retry)];
      case 'credentials':
        return error.fix
          ? [node('No usable AWS credentials', 'key', `Click to run \`${error.fix}\` in a terminal.`, { command: deployedCommands.runFix, title: 'Run', arguments: [error.fix] }), pickProfile]
          : [node('No usable AWS credentials', 'key', 'Click to pick another profile.', pickProfile.command!), pickProfile];
      case 'access-denied':
        return [node('Access denied', 'lock', 'The profile may not list or read Lambda functions here. Click to pick another profile or region.', pickProfile.command!)];
      case 'throttled':
        return [node('Throttled by Lambda', 'watch', 'Click to retry.', retry)];
      default:
        break;
    }
  }
  return [node('Could not load', 'error', 'Click to retry. Details are in the Serverless Workbench log.', retry)];
}

import * as path from 'node:path';
import type { FunctionSpec } from '../../core/project/functionSpec';
import type { LocalFunction } from '../project/localFunction';
import type { LastResult } from '../run/lastResults';
import { resultBadge } from '../run/runText';
import type { TreeNode } from './functionsTree';

/**
 * The Local Functions view's nodes: one group per project file that declares functions (its
 * path relative to the workspace folder), each function with its runtime and last result.
 * Only types come from `vscode`, so this is unit-tested under plain Node.
 */

export const openHandlerCommand = 'serverlessWorkbench.openHandler';

type SourceKind = NonNullable<FunctionSpec['source']>['kind'];

const kindLabels: Record<SourceKind, string> = {
  sam: 'AWS SAM',
  serverless: 'Serverless Framework',
  manifest: 'Serverless Workbench',
};

const kindIcons: Record<SourceKind, string> = { sam: 'cloud', serverless: 'zap', manifest: 'json' };

export interface NodeOptions {
  lastResult(functionName: string): LastResult | undefined;
  /** Several workspace folders: group labels start with the folder's name. */
  multiRoot?: boolean;
}

export function localFunctionNodes(functions: readonly LocalFunction[], options: NodeOptions): TreeNode[] {
  const groups = new Map<string, LocalFunction[]>();
  for (const fn of functions) {
    const key = fn.spec.source?.file ?? '';
    groups.set(key, [...(groups.get(key) ?? []), fn]);
  }
  return [...groups.entries()].map(([file, members]) => groupNode(file, members, options));
}

function groupNode(file: string, members: LocalFunction[], options: NodeOptions): TreeNode {
  const first = members[0];
  const kind = first.spec.source?.kind;
  const children = members.map((fn) => functionNode(fn, options));
  return {
    id: `localGroup:${file}`,
    label: file ? groupLabel(file, first.root, options.multiRoot) : 'Other',
    description: kind ? kindLabels[kind] : undefined,
    tooltip: file ? `${file}\n${members.length} function${members.length === 1 ? '' : 's'}` : undefined,
    icon: kind ? kindIcons[kind] : 'folder',
    contextValue: 'localFunctionGroup',
    expanded: true,
    children: () => Promise.resolve(children),
  };
}

/** `api/template.yaml`, or `backend: api/template.yaml` with several workspace folders. */
export function groupLabel(file: string, root: string, multiRoot = false): string {
  const relative = path.relative(root, file);
  const shown = relative && !relative.startsWith('..') ? relative.split(path.sep).join('/') : file;
  return multiRoot ? `${path.basename(root)}: ${shown}` : shown;
}

export function functionNode(fn: LocalFunction, options: NodeOptions): TreeNode {
  const { spec } = fn;
  const last = options.lastResult(spec.name);
  return {
    id: `localFunction:${spec.name}`,
    label: spec.name,
    description: last ? `${spec.runtime} · ${resultBadge(last.invocation)}` : spec.runtime,
    tooltip: functionTooltip(fn, last),
    icon: 'symbol-function',
    contextValue: 'localFunction',
    command: { command: openHandlerCommand, title: 'Open Handler', arguments: [spec.name] },
    fn,
  };
}

export function functionTooltip(fn: LocalFunction, last?: LastResult): string {
  const { spec, root } = fn;
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/') || '.';
  const handlerAt = fn.handlerFile ? ` (${relative(fn.handlerFile)}${fn.handlerLine !== undefined ? `:${fn.handlerLine + 1}` : ''})` : ' (file not found)';
  const lines = [
    `${spec.name} — ${spec.runtime}`,
    `Handler: ${spec.handler}${handlerAt}`,
    `Code: ${relative(spec.codeDir)}`,
    `Timeout ${spec.timeout} s, memory ${spec.memorySize} MB`,
  ];
  if (spec.source) lines.push(`Declared in: ${relative(spec.source.file)}${spec.source.line ? `:${spec.source.line}` : ''}`);
  if (last) {
    const event = last.eventName ? ` with event "${last.eventName}"` : ' with event {}';
    lines.push(`Last run: ${resultBadge(last.invocation)}${event} at ${new Date(last.finishedAt).toLocaleTimeString()}`);
  }
  return lines.join('\n');
}

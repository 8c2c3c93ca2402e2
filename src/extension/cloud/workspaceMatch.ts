import * as path from 'node:path';
import { deployTags } from '../../core/providers/types';
import type { LocalFunction } from '../project/localFunction';

/**
 * Which workspace function a deployed one was deployed from: the `serverless-workbench:function`
 * and `…:project` tags that deploy writes, else the deployed name (`functionName ?? name`), so a
 * function created by another tool with the same name is found too. No `vscode` here.
 */

/** The project tag deploy writes: the folder of the project file that declares the function (as `swb deploy`). */
export function projectTag(fn: LocalFunction): string {
  return path.basename(fn.spec.source ? path.dirname(fn.spec.source.file) : fn.root);
}

export function deployedNameOf(fn: LocalFunction): string {
  return fn.spec.functionName ?? fn.spec.name;
}

export function findWorkspaceFunction(functions: readonly LocalFunction[], deployedName: string, tags?: Readonly<Record<string, string>>): LocalFunction | undefined {
  const tagged = tags?.[deployTags.function];
  if (tagged) {
    const named = functions.filter((fn) => fn.spec.name === tagged);
    const project = tags?.[deployTags.project];
    const inProject = project ? named.find((fn) => projectTag(fn) === project) : undefined;
    if (inProject ?? named[0]) return inProject ?? named[0];
  }
  return functions.find((fn) => deployedNameOf(fn) === deployedName);
}

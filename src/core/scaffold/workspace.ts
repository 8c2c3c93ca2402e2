import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UserError } from '../errors';
import { discoverFunctions } from '../project/discover';
import { manifestFileName } from '../project/manifest';
import { manifestFunctionNames } from './manifestEdit';
import { parseTemplate } from './samEdit';

/** SAM template names at a workspace root, in discovery's order of preference. */
const samTemplateNames = ['template.yaml', 'template.yml'];

/** Where a new function of a workspace is declared, and which names are taken. */
export interface ScaffoldTarget {
  kind: 'manifest' | 'sam';
  /** Absolute path of the manifest or template (the manifest may not exist yet). */
  file: string;
  /** Its current text; undefined when the manifest is still to be created. */
  text: string | undefined;
  /** Names a new function cannot take: every function of the workspace, plus the template's resource IDs. */
  usedNames: Set<string>;
}

/**
 * A SAM template at the root (one that is a CloudFormation template) receives new functions;
 * otherwise serverless-workbench.json does, created when missing.
 */
export async function scaffoldTarget(root: string): Promise<ScaffoldTarget> {
  const usedNames = new Set((await discoverFunctions(root)).functions.map((spec) => spec.name));
  for (const name of samTemplateNames) {
    const file = path.join(root, name);
    const text = await readIfExists(file);
    if (text === undefined) continue;
    const template = parseTemplate(text, name);
    if (!template) continue;
    for (const id of template.resourceIds) usedNames.add(id);
    return { kind: 'sam', file, text, usedNames };
  }
  const file = path.join(root, manifestFileName);
  const text = await readIfExists(file);
  if (text !== undefined) for (const name of manifestFunctionNames(text, manifestFileName)) usedNames.add(name);
  return { kind: 'manifest', file, text, usedNames };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new UserError(`cannot read ${file}: ${code ?? (error as Error).message}`);
  }
}

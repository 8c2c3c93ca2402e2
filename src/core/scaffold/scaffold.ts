import { existsSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UserError } from '../errors';
import { generateEvent, savedEventPath } from '../events';
import { languageLayouts, scaffoldRuntimes } from './languages';
import { addManifestFunction } from './manifestEdit';
import type { ManifestEntry } from './manifestEdit';
import { functionNameProblem, nameInUseProblem } from './names';
import { addSamResources } from './samEdit';
import type { TemplateResource } from './samEdit';
import { triggerTemplates } from './templates';
import type {
  ScaffoldOptions,
  ScaffoldResult,
  ScaffoldRuntime,
  ScaffoldRuntimeId,
  ScaffoldTriggerId,
  TemplateInfo,
  TriggerTemplate,
} from './types';
import { scaffoldRuntimeIds, scaffoldTriggerIds } from './types';
import { scaffoldTarget } from './workspace';
import type { ScaffoldTarget } from './workspace';

/** Files of the new function that already exist; the front end asks before overwriting them. */
export class ScaffoldConflictError extends UserError {
  constructor(
    /** Absolute paths. */
    readonly existing: string[],
    root: string,
  ) {
    const shown = existing.map((file) => path.relative(root, file));
    super(`${shown.join(', ')} already exist${shown.length === 1 ? 's' : ''}; overwrite to replace ${shown.length === 1 ? 'it' : 'them'}`);
  }
}

/** Every runtime × trigger combination, for pickers. */
export function listTemplates(): TemplateInfo[] {
  return scaffoldRuntimeIds.flatMap((runtimeId) =>
    scaffoldTriggerIds.map((triggerId) => {
      const runtime = scaffoldRuntimes[runtimeId];
      const trigger = triggerTemplates[triggerId];
      return {
        provider: 'aws' as const,
        runtime: runtimeId,
        runtimeLabel: runtime.label,
        lambdaRuntime: runtime.lambdaRuntime,
        language: runtime.language,
        trigger: triggerId,
        triggerLabel: trigger.label,
        description: trigger.description,
      };
    }),
  );
}

const providerNames: Record<string, string> = { azure: 'Azure Functions', gcp: 'Google Cloud Functions' };

/** Checks provider, runtime and trigger; unknown values are one-line errors listing the valid ones. */
export function checkScaffoldChoices(options: Pick<ScaffoldOptions, 'provider' | 'runtime' | 'trigger'>): {
  runtime: ScaffoldRuntime;
  trigger: TriggerTemplate;
} {
  if (options.provider !== 'aws') {
    const known = providerNames[options.provider];
    throw new UserError(
      known
        ? `${known} templates arrive with the ${options.provider === 'azure' ? 'Azure' : 'Google Cloud'} provider; valid providers: aws`
        : `unknown provider "${options.provider}"; valid providers: aws`,
    );
  }
  if (!(scaffoldRuntimeIds as readonly string[]).includes(options.runtime)) {
    throw new UserError(`unknown runtime "${options.runtime}"; valid runtimes: ${scaffoldRuntimeIds.join(', ')}`);
  }
  if (!(scaffoldTriggerIds as readonly string[]).includes(options.trigger)) {
    throw new UserError(`unknown trigger "${options.trigger}"; valid triggers: ${scaffoldTriggerIds.join(', ')}`);
  }
  return { runtime: scaffoldRuntimes[options.runtime as ScaffoldRuntimeId], trigger: triggerTemplates[options.trigger as ScaffoldTriggerId] };
}

/**
 * Writes a new function: its handler and unit test under `functions/<name>/` (with package.json
 * and tsconfig.json for Node), a sample event in `.events/<name>/<trigger>.json`, and its
 * declaration in the workspace's SAM template or serverless-workbench.json. Nothing is written
 * when the name is invalid or taken, or when a file exists and `overwrite` is not set.
 */
export async function scaffoldFunction(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const { runtime, trigger } = checkScaffoldChoices(options);
  const root = path.resolve(options.root);
  if (!(await stat(root).then((s) => s.isDirectory(), () => false))) throw new UserError(`no such folder: ${root}`);
  const target = await scaffoldTarget(root);
  const name = options.name;
  const declaredIn = path.relative(root, target.file) || target.file;
  const problem = functionNameProblem(name, target.kind) ?? nameInUseProblem(name, target.usedNames, `this workspace (${declaredIn} or another project file)`);
  if (problem) throw new UserError(problem);

  const layout = languageLayouts[runtime.language];
  const codeDirRelative = `functions/${name}`;
  const codeDir = path.join(root, codeDirRelative);
  const description = trigger.manifest(name).description;
  const code = trigger.code[runtime.language](name);
  const files = new Map<string, string>([
    [path.join(codeDir, layout.handlerFile), code.handler],
    [path.join(codeDir, layout.testFile), code.test],
  ]);
  for (const [file, text] of Object.entries(layout.projectFiles(name, description))) files.set(path.join(codeDir, file), text);
  const sample = trigger.sampleEvent(name);
  const eventFile = savedEventPath(root, name, trigger.id);
  files.set(eventFile, `${JSON.stringify(generateEvent(sample.catalogueName, sample.params), null, 2)}\n`);

  const declaration = declare(target, root, name, runtime, trigger, codeDirRelative, layout.handler);
  const existing = [...files.keys()].filter((file) => existsSync(file));
  if (existing.length && !options.overwrite) throw new ScaffoldConflictError(existing, root);

  await writeAll(files, options.overwrite === true);
  await writeFile(target.file, declaration, 'utf8');
  return {
    files: [...files.keys(), target.file],
    functionName: name,
    handlerFile: path.join(codeDir, layout.handlerFile),
    eventFile,
    manifestFile: target.file,
    manifestKind: target.kind,
  };
}

/** The manifest or template text declaring the new function. */
function declare(
  target: ScaffoldTarget,
  root: string,
  name: string,
  runtime: ScaffoldRuntime,
  trigger: TriggerTemplate,
  codeDir: string,
  handler: string,
): string {
  const label = path.relative(root, target.file);
  if (target.kind === 'manifest') {
    const { description, events } = trigger.manifest(name);
    const entry: ManifestEntry = { runtime: runtime.lambdaRuntime, codeDir, handler, description };
    if (events.length) entry.events = events;
    return addManifestFunction(target.text, label, name, entry);
  }
  const sam = trigger.sam(name);
  for (const id of Object.keys(sam.resources)) {
    const taken = nameInUseProblem(id, target.usedNames, label);
    if (taken) throw new UserError(`the ${trigger.label} trigger adds the resource ${id}, but ${taken}`);
  }
  const fn: TemplateResource = {
    Type: 'AWS::Serverless::Function',
    Properties: {
      CodeUri: `${codeDir}/`,
      Handler: handler,
      Runtime: runtime.lambdaRuntime,
      Description: trigger.manifest(name).description,
      Events: { [sam.eventName]: sam.event },
    },
  };
  // `sam build` compiles TypeScript with esbuild when told to; the emulator does it on its own.
  if (runtime.language === 'typescript') fn.Metadata = { BuildMethod: 'esbuild', BuildProperties: { EntryPoints: [languageLayouts.typescript.handlerFile] } };
  return addSamResources(target.text ?? '', label, { [name]: fn, ...sam.resources });
}

/** Writes every file; when one fails, the files this call created are removed again. */
async function writeAll(files: Map<string, string>, overwrite: boolean): Promise<void> {
  const created: string[] = [];
  try {
    for (const [file, text] of files) {
      await mkdir(path.dirname(file), { recursive: true });
      const existed = existsSync(file);
      await writeFile(file, text, { encoding: 'utf8', flag: overwrite ? 'w' : 'wx' });
      if (!existed) created.push(file);
    }
  } catch (error) {
    await Promise.all(created.map((file) => rm(file, { force: true })));
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UserError(`${(error as NodeJS.ErrnoException).path ?? 'a file'} appeared while writing; nothing was overwritten`);
    throw error;
  }
}

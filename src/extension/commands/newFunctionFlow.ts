import * as path from 'node:path';
import { CancelledError, UserError } from '../../core/errors';
import {
  functionNameProblem,
  nameInUseProblem,
  ScaffoldConflictError,
  scaffoldFunction,
  scaffoldRuntimeIds,
  scaffoldRuntimes,
  scaffoldTarget,
  scaffoldTriggerIds,
  triggerTemplates,
} from '../../core/scaffold';
import type { ScaffoldResult, ScaffoldRuntimeId, ScaffoldTarget, ScaffoldTriggerId } from '../../core/scaffold';
import type { Ui } from '../ui';

/**
 * The steps of "New Function…" (folder → provider → runtime → trigger → name), kept free of the
 * `vscode` module so they run, and are tested, under plain Node with a scripted `Ui`.
 */

export interface FolderChoice {
  name: string;
  /** Absolute path. */
  path: string;
}

export interface NewFunctionFlowDeps {
  ui: Ui;
  /** The workspace folders on disk. */
  folders: readonly FolderChoice[];
  /** Replaceable in tests; the real scaffolder by default. */
  scaffold?: typeof scaffoldFunction;
}

const title = 'New Function';
const totalSteps = 4;

type ProviderChoice = 'aws' | 'azure' | 'gcp';

/** Azure and Google Cloud are listed so users see they are planned; picking one explains, and stops. */
const providerItems = [
  { label: 'AWS Lambda', description: 'aws', value: 'aws' as ProviderChoice },
  { label: 'Azure Functions', description: '(coming with the Azure provider)', value: 'azure' as ProviderChoice },
  { label: 'Google Cloud Functions', description: '(coming with the GCP provider)', value: 'gcp' as ProviderChoice },
];

const comingLater: Record<Exclude<ProviderChoice, 'aws'>, string> = {
  azure: 'Azure Functions templates arrive with the Azure provider; for now New Function writes AWS Lambda functions.',
  gcp: 'Google Cloud Functions templates arrive with the GCP provider; for now New Function writes AWS Lambda functions.',
};

/** Names offered first; letters only, so they suit SAM logical IDs too. */
const suggestedNames: Record<ScaffoldTriggerId, string> = {
  http: 'hello',
  s3: 'onUpload',
  sqs: 'processMessages',
  schedule: 'scheduledJob',
  dynamodb: 'onTableChange',
};

/** Runs the steps and writes the function; undefined when the user picked a provider without templates yet. */
export async function runNewFunctionFlow(deps: NewFunctionFlowDeps): Promise<ScaffoldResult | undefined> {
  const { ui } = deps;
  const folder = await pickFolder(ui, deps.folders);

  const provider = await ui.pick(providerItems, { title, placeholder: 'Cloud provider', step: 1, totalSteps });
  if (provider !== 'aws') {
    await ui.info(comingLater[provider]);
    return undefined;
  }
  const runtime = await ui.pick(
    scaffoldRuntimeIds.map((id) => ({ label: scaffoldRuntimes[id].label, description: id, detail: scaffoldRuntimes[id].description, value: id })),
    { title, placeholder: 'Language and runtime', step: 2, totalSteps },
  );
  const trigger = await ui.pick(
    scaffoldTriggerIds.map((id) => ({ label: triggerTemplates[id].label, description: triggerTemplates[id].description, value: id })),
    { title, placeholder: 'What invokes the function', step: 3, totalSteps },
  );

  const target = await scaffoldTarget(folder.path);
  const where = path.basename(target.file);
  const name = await ui.input({
    title: `${title} (4/${totalSteps})`,
    prompt: `The function's name; it is declared in ${where} and written to functions/<name>/`,
    value: freeName(suggestedNames[trigger], target),
    validate: (value) => functionNameProblem(value, target.kind) ?? nameInUseProblem(value, target.usedNames, 'this workspace'),
  });
  return scaffoldWithConfirmation(deps, { root: folder.path, name, runtime, trigger });
}

async function pickFolder(ui: Ui, folders: readonly FolderChoice[]): Promise<FolderChoice> {
  if (folders.length === 0) throw new UserError('open a folder first: a new function is written into a workspace folder');
  if (folders.length === 1) return folders[0];
  return ui.pick(
    folders.map((folder) => ({ label: folder.name, description: folder.path, value: folder })),
    { title, placeholder: 'Workspace folder to add the function to' },
  );
}

/** The suggestion itself, or with the first number that makes it unused. */
function freeName(base: string, target: ScaffoldTarget): string {
  if (!target.usedNames.has(base)) return base;
  for (let n = 2; ; n++) if (!target.usedNames.has(`${base}${n}`)) return `${base}${n}`;
}

async function scaffoldWithConfirmation(
  deps: NewFunctionFlowDeps,
  choice: { root: string; name: string; runtime: ScaffoldRuntimeId; trigger: ScaffoldTriggerId },
): Promise<ScaffoldResult> {
  const scaffold = deps.scaffold ?? scaffoldFunction;
  const options = { ...choice, provider: 'aws' };
  try {
    return await scaffold(options);
  } catch (error) {
    if (!(error instanceof ScaffoldConflictError)) throw error;
    const files = error.existing.map((file) => path.relative(choice.root, file)).join(', ');
    const overwrite = await deps.ui.confirm(`These files already exist: ${files}. Overwrite them?`, 'Overwrite');
    if (!overwrite) throw new CancelledError();
    return scaffold({ ...options, overwrite: true });
  }
}

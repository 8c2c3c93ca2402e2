import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { DiscoveryResult, ProjectDiagnostic } from './diagnostics';
import type { FunctionSpec } from './functionSpec';
import { parseSamTemplate } from './sam';
import type { SamOptions, SamTemplateResult } from './sam';
import { parseSamConfig, samConfigNames } from './samConfig';
import type { SamConfig } from './samConfig';
import { writeInlineCode } from './samInlineCode';

/**
 * The AWS SAM project of one folder, as the SAM CLI sees it from there: the template samconfig's
 * `template_file` names (else template.yaml, .yml or .json), samconfig's parameters and stack,
 * the nested applications' templates (functions named `<Application>/<Function>`, as
 * `sam local invoke` names them), and inline code written where it can run.
 */

export const samTemplateNames = ['template.yaml', 'template.yml', 'template.json'];

export interface SamFileResult extends DiscoveryResult {
  /** The template read (one result per template: the project's, then each nested one). */
  file: string;
  /** Other files the result depends on (samconfig), for watchers. */
  dependencies?: string[];
}

/** Nested applications deeper than this are not followed (CloudFormation allows more, templates rarely use them). */
const maxNesting = 5;

export async function readSamFolder(dir: string, files: ReadonlySet<string>, options: SamOptions = {}): Promise<SamFileResult[]> {
  const configName = samConfigNames.find((name) => files.has(name));
  const config = configName ? await readConfig(path.join(dir, configName)) : undefined;
  const fallback = samTemplateNames.find((name) => files.has(name));
  const configured = await configuredTemplate(config, dir);
  const template = configured ?? (fallback ? path.join(dir, fallback) : undefined);
  if (!template) return config?.diagnostics.length ? [{ file: config.file, functions: [], diagnostics: config.diagnostics }] : [];

  const samOptions: SamOptions = {
    ...options,
    parameterOverrides: { ...config?.parameterOverrides, ...options.parameterOverrides },
    ...(options.stackName ?? config?.stackName ? { stackName: options.stackName ?? config?.stackName } : {}),
    ...(options.region ?? config?.region ? { region: options.region ?? config?.region } : {}),
  };
  const results = await readTemplate(template, samOptions, '', [], config?.diagnostics ?? []);
  if (samOptions.region) for (const result of results) for (const spec of result.functions) spec.region = samOptions.region;
  const main = results[0]!;
  if (config) main.dependencies = [config.file];
  // A template.json may be any JSON, so only YAML templates are worth a word.
  const shadowed = configured ? ['template.yaml', 'template.yml'] : fallback === 'template.yaml' ? ['template.yml'] : [];
  for (const name of shadowed) {
    const other = path.join(dir, name);
    if (!files.has(name) || other === template) continue;
    const why = configured ? `${path.basename(config!.file)} names ${path.relative(dir, template)} (template_file), which is read instead` : `${fallback} in the same folder is read instead`;
    main.diagnostics.push({ file: other, message: `Ignored: ${why}`, severity: 'warning' });
  }
  return results;
}

/** samconfig's `template_file`, unless it is build output or missing (then the folder's own template is read, as a warning says). */
async function configuredTemplate(config: SamConfig | undefined, dir: string): Promise<string | undefined> {
  const file = config?.templateFile;
  if (!config || !file || isBuildOutput(file, dir)) return undefined;
  if (await isFile(file)) return file;
  config.diagnostics.push({ file: config.file, message: `samconfig: template_file ${path.relative(dir, file)} does not exist; it is ignored`, severity: 'warning' });
  return undefined;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function readConfig(file: string): Promise<SamConfig | undefined> {
  try {
    return parseSamConfig(await readFile(file, 'utf8'), file);
  } catch (error) {
    return { file, parameterOverrides: {}, diagnostics: [{ file, message: `Cannot read the file: ${(error as Error).message}`, severity: 'warning' }] };
  }
}

/** `sam build` writes a copy of the template into .aws-sam/build: never a project of its own. */
function isBuildOutput(file: string, dir: string): boolean {
  return path.relative(dir, file).split(/[\\/]/).includes('.aws-sam');
}

/** The template at `file` and, recursively, its nested applications' templates. */
async function readTemplate(file: string, options: SamOptions, prefix: string, chain: string[], extra: ProjectDiagnostic[]): Promise<SamFileResult[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return [{ file, functions: [], diagnostics: [...extra, { file, message: `Cannot read the file: ${(error as Error).message}`, severity: 'error' }] }];
  }
  let parsed: SamTemplateResult;
  try {
    parsed = parseSamTemplate(text, file, options);
  } catch (error) {
    // A parser bug must cost this template only, never the whole workspace.
    return [{ file, functions: [], diagnostics: [...extra, { file, message: `Cannot read the file: ${(error as Error).message}`, severity: 'error' }] }];
  }
  const diagnostics = [...extra, ...parsed.diagnostics];
  for (const failure of await writeInlineCode(parsed.inlineCode)) {
    diagnostics.push({ file, message: `Cannot write inline code to ${failure.file.dir}: ${failure.error}`, severity: 'warning' });
  }
  const functions = parsed.functions.map((spec): FunctionSpec => (prefix ? { ...spec, name: `${prefix}${spec.name}` } : spec));
  const results: SamFileResult[] = [{ file, functions, diagnostics }];
  for (const application of parsed.applications) {
    const child = application.templateFile;
    const where = { file, ...(application.line ? { line: application.line } : {}), severity: 'warning' as const };
    if (!(await isFile(child))) {
      diagnostics.push({ ...where, message: `Nested application ${application.id}: ${path.relative(path.dirname(file), child)} is not a template file; its functions are not listed` });
      continue;
    }
    if (chain.includes(child) || child === file) {
      diagnostics.push({ ...where, message: `Nested application ${application.id} includes ${path.relative(path.dirname(file), child)}, which includes it back; it is not read again` });
      continue;
    }
    if (chain.length + 1 >= maxNesting) {
      diagnostics.push({ ...where, message: `Nested application ${application.id} is nested more than ${maxNesting} deep; its functions are not listed` });
      continue;
    }
    const childOptions: SamOptions = {
      ...options,
      parameterOverrides: application.parameters,
      stackName: `${options.stackName ?? path.basename(path.dirname(file))}-${application.id}`,
    };
    results.push(...(await readTemplate(child, childOptions, `${prefix}${application.id}/`, [...chain, file], [])));
  }
  return results;
}

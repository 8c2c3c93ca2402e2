import * as path from 'node:path';
import { describeProjectFiles } from '../core/emulator/localServer';
import { mentions } from '../core/emulator/reloadRules';
import { UserError } from '../core/errors';
import type { ProjectDiagnostic } from '../core/project/diagnostics';
import { formatDiagnostic } from '../core/project/diagnostics';
import type { DiscoverOptions } from '../core/project/discover';
import { discoverFunctions, findFunction } from '../core/project/discover';
import type { FunctionRunOptions } from '../core/emulator/types';
import type { FunctionSpec } from '../core/project/functionSpec';
import { keyValueListFlag, stringFlag } from './args';
import type { CliIo, FlagOptions, ParsedArgs } from './command';

/**
 * How `swb invoke`, `swb serve` and `swb package` find a function by name: project discovery
 * (SAM logical ID, serverless.yml key, manifest key) from the current folder down.
 */

/** The flags that change what discovery reads. */
export const discoveryFlags: FlagOptions = {
  stage: { type: 'string' },
  parameter: { type: 'string', multiple: true },
};

export const discoveryHelp = [
  "  --stage STAGE           serverless.yml's stage, for ${opt:stage} and ${sls:stage} (default provider.stage, else dev)",
  '  --parameter NAME=VALUE  a SAM template parameter value, like sam --parameter-overrides (repeatable)',
];

export function discoverOptionsFrom(args: ParsedArgs, io: CliIo): DiscoverOptions {
  const parameterOverrides = keyValueListFlag(args, 'parameter', 'NAME=VALUE');
  const stage = stringFlag(args, 'stage');
  return {
    sam: { parameterOverrides },
    // `${env:NAME}` reads the environment swb runs in, as the framework does.
    serverless: { ...(stage !== undefined ? { stage } : {}), env: io.env },
    // The CLI runs what the user points it at, so a serverless.ts is read by running it.
    trusted: true,
  };
}

export interface ProjectFunction {
  spec: FunctionSpec;
  /** What to tell the user: every error of the project, and the warnings of the function's own file. */
  diagnostics: ProjectDiagnostic[];
  /** The manifest's emulator options for it (`isolation`, `concurrency`…), if any. */
  runOptions?: FunctionRunOptions;
}

/**
 * The function called `name`. Problems elsewhere in the project do not stop a function that
 * loaded (the caller prints them); an unknown name is a one-line error listing the names there are.
 */
export async function findProjectFunction(name: string, io: CliIo, options: DiscoverOptions, alternative: string): Promise<ProjectFunction> {
  const root = io.cwd;
  const found = await discoverFunctions(root, options);
  const spec = findFunction(found, name);
  if (spec) {
    const diagnostics = found.diagnostics.filter((d) => d.severity === 'error' || d.file === spec.source?.file);
    return { spec, diagnostics, runOptions: found.runOptions[spec.name] };
  }
  if (found.files.length === 0) {
    throw new UserError(`no project files in ${root} to look up function "${name}" (looked for ${describeProjectFiles()}; ${alternative})`);
  }
  const errors = found.diagnostics.filter((d) => d.severity === 'error');
  const own = errors.filter((d) => mentions(d.message, name));
  if (own.length) {
    const files = [...new Set(own.map((d) => shownPath(d.file, root)))].join(', ');
    throw new UserError(`function "${name}" in ${files} has errors`, own.map((d) => formatDiagnostic(relativeTo(d, root))).join('\n'));
  }
  const known = found.functions.map((f) => f.name);
  // A file that could not be read may be where the function is declared: show why.
  throw new UserError(
    `no function "${name}" in ${root} (${known.length ? `functions: ${known.join(', ')}` : 'no function loaded'})`,
    errors.length ? errors.map((d) => formatDiagnostic(relativeTo(d, root))).join('\n') : undefined,
  );
}

/** Diagnostics as `file:line: severity: message`, one a line on stderr, with paths relative to `root` when inside it. */
export function printDiagnostics(io: CliIo, diagnostics: readonly ProjectDiagnostic[], root: string): void {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(relativeTo(d, root))}\n`);
}

function relativeTo(d: ProjectDiagnostic, root: string): ProjectDiagnostic {
  return { ...d, file: shownPath(d.file, root) };
}

/** `api/template.yaml` for a file under `root`, the absolute path otherwise. */
export function shownPath(file: string, root: string): string {
  const relative = path.relative(root, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { FunctionRunOptions } from '../emulator/types';
import type { DiscoveryResult, ProjectDiagnostic } from './diagnostics';
import type { FunctionSpec } from './functionSpec';
import { manifestFileName, parseManifest } from './manifest';
import type { SamOptions } from './sam';
import { readSamFolder, samTemplateNames } from './samProject';
import { missingServerlessHandlers } from './serverlessHandlers';
import { parseServerlessYmlRunningJs } from './serverlessJsFiles';
import { readServerlessScript } from './serverlessProgram';
import type { ServerlessOptions } from './serverlessYml';

/**
 * Finds every function of a workspace: serverless-workbench.json, AWS SAM templates and
 * serverless.yml files, at the root and in sub-folders down to `maxDepth`. Names are unique in a
 * workspace (they are how the CLI and the editor address a function): the first declaration of
 * a name wins and each later one is reported, never merged.
 */
export interface DiscoverOptions {
  /** Sub-folder levels searched below the root (the root is level 0). Default 3. */
  maxDepth?: number;
  sam?: SamOptions;
  serverless?: ServerlessOptions;
  /**
   * The workspace is trusted, so discovery may run its code: serverless.ts / serverless.js are
   * programs, read by running them (in a child process), and so are the JavaScript files of
   * `${file(./x.js)}` variables. Default false: they are reported, not run.
   * The CLI is trusted; the extension passes Workspace Trust.
   */
  trusted?: boolean;
}

export interface WorkspaceDiscovery extends DiscoveryResult {
  /** Per-function emulator options from serverless-workbench.json (`concurrency`, `prewarm`). */
  runOptions: Record<string, FunctionRunOptions>;
  /** The project files read, in the order they were read. */
  files: string[];
  // `dependencies` (from DiscoveryResult) is always set by discoverFunctions: the other files the
  // functions depend on, such as `functions/users.yml`, `.env.<stage>`, the modules a serverless.ts
  // imports. Watchers should treat a change to one (or its creation) like a change to `files`.
}

/** Build output, dependencies and tool state: never project sources, and often huge. Dot-folders are skipped too. */
export const skippedFolders: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.aws-sam',
  '.serverless',
  'dist',
  'build',
  'cdk.out',
  '__pycache__',
  'venv',
]);

const serverlessNames = ['serverless.yml', 'serverless.yaml', 'serverless.json'];
/** Serverless configs that are programs: reading them would mean running workspace code. */
const serverlessScriptNames = ['serverless.ts', 'serverless.js', 'serverless.cjs', 'serverless.mjs'];
/** Every file name discovery reads (or reports), for watchers that must notice a new or changed one. */
export const projectFileNames: readonly string[] = [manifestFileName, ...samTemplateNames, 'samconfig.toml', ...serverlessNames, ...serverlessScriptNames];

export async function discoverFunctions(root: string, options: DiscoverOptions = {}): Promise<WorkspaceDiscovery> {
  const dependencies: string[] = [];
  const result: WorkspaceDiscovery = { functions: [], diagnostics: [], runOptions: {}, files: [], dependencies };
  const absoluteRoot = path.resolve(root);
  const folders = await projectFolders(absoluteRoot, options.maxDepth ?? 3, result.diagnostics);
  const firstDeclaration = new Map<string, FunctionSpec>();
  for (const folder of folders) {
    for (const found of await readFolder(folder, options)) {
      // A nested SAM template, or one samconfig.toml points at, is read once, from its parent.
      if (result.files.includes(found.file)) continue;
      result.files.push(found.file);
      result.diagnostics.push(...found.diagnostics);
      for (const dependency of found.dependencies ?? []) if (!dependencies.includes(dependency)) dependencies.push(dependency);
      for (const spec of found.functions) {
        const first = firstDeclaration.get(spec.name);
        if (first) {
          result.diagnostics.push(duplicateDiagnostic(first, spec, found.file));
          continue;
        }
        firstDeclaration.set(spec.name, spec);
        result.functions.push(spec);
        const runOptions = found.runOptions?.[spec.name];
        if (runOptions) result.runOptions[spec.name] = runOptions;
      }
    }
  }
  result.diagnostics.push(...(await codeDirProblems(result.functions)));
  result.diagnostics.push(...(await missingServerlessHandlers(result.functions)));
  return result;
}

export function findFunction(result: DiscoveryResult, name: string): FunctionSpec | undefined {
  return result.functions.find((spec) => spec.name === name);
}

const sourceKinds = { manifest: 'Serverless Workbench manifest', sam: 'AWS SAM', serverless: 'Serverless Framework' } as const;

/** Where a function is declared, for lists and messages: `api/template.yaml:14 (AWS SAM)`; relative to `root` when given. */
export function describeSource(spec: FunctionSpec, root?: string): string {
  if (!spec.source) return 'declared in code (no project file)';
  const { file, line, kind } = spec.source;
  const shown = root ? path.relative(root, file) || path.basename(file) : file;
  return `${shown}${line ? `:${line}` : ''} (${sourceKinds[kind]})`;
}

interface Folder {
  dir: string;
  files: Set<string>;
}

interface FileResult extends DiscoveryResult {
  file: string;
  runOptions?: Record<string, FunctionRunOptions>;
}

/** Breadth-first, sorted, so "first declaration" means the shallowest, then alphabetical. Symlinked folders are not followed. */
async function projectFolders(root: string, maxDepth: number, diagnostics: ProjectDiagnostic[]): Promise<Folder[]> {
  const folders: Folder[] = [];
  let level = [root];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (dir === root) diagnostics.push({ file: dir, message: `Cannot read the folder: ${(error as Error).message}`, severity: 'error' });
        continue;
      }
      const files = new Set(entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name));
      folders.push({ dir, files });
      const subfolders = entries
        .filter((e) => e.isDirectory() && !skippedFolders.has(e.name) && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort();
      next.push(...subfolders.map((name) => path.join(dir, name)));
    }
    level = next;
  }
  return folders;
}

async function readFolder(folder: Folder, options: DiscoverOptions): Promise<FileResult[]> {
  const results: FileResult[] = [];
  const has = (name: string): boolean => folder.files.has(name);
  const file = (name: string): string => path.join(folder.dir, name);

  if (has(manifestFileName)) {
    results.push(await readProjectFile(file(manifestFileName), (text, f) => parseManifest(text, f)));
  }

  results.push(...(await readSamFolder(folder.dir, folder.files, options.sam)));

  const serverless = serverlessNames.find(has);
  if (serverless) {
    const trusted = options.trusted === true;
    results.push(await readProjectFile(file(serverless), (text, f) => parseServerlessYmlRunningJs(text, f, options.serverless, { trusted })));
  } else {
    const script = serverlessScriptNames.find(has);
    if (script) results.push(await readServerlessScript(file(script), options));
  }
  return results;
}

type ParsedFile = DiscoveryResult & { runOptions?: Record<string, FunctionRunOptions> };

async function readProjectFile(
  file: string,
  parse: (text: string, file: string) => ParsedFile | Promise<ParsedFile>,
): Promise<FileResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { file, functions: [], diagnostics: [{ file, message: `Cannot read the file: ${(error as Error).message}`, severity: 'error' }] };
  }
  // Any parser bug must cost this file only, never the whole workspace.
  try {
    return { file, ...(await parse(text, file)) };
  } catch (error) {
    return { file, functions: [], diagnostics: [{ file, message: `Cannot read the file: ${(error as Error).message}`, severity: 'error' }] };
  }
}

function place(spec: FunctionSpec, fallbackFile: string): string {
  const file = spec.source?.file ?? fallbackFile;
  return spec.source?.line ? `${file}:${spec.source.line}` : file;
}

function duplicateDiagnostic(first: FunctionSpec, second: FunctionSpec, file: string): ProjectDiagnostic {
  return {
    file: second.source?.file ?? file,
    line: second.source?.line,
    message: `Function name "${second.name}" is declared twice: in ${place(first, file)} and in ${place(second, file)}; only the first is used (rename one of them)`,
    severity: 'error',
  };
}

/** Missing code folders are warnings, not errors: the folder may be generated (a build step) before the function runs. */
async function codeDirProblems(functions: FunctionSpec[]): Promise<ProjectDiagnostic[]> {
  const problems: ProjectDiagnostic[] = [];
  for (const spec of functions) {
    const problem = await stat(spec.codeDir).then(
      (s) => (s.isDirectory() ? undefined : `is a file, not a folder (archives cannot run locally)`),
      () => 'does not exist',
    );
    if (problem && spec.source) {
      problems.push({
        file: spec.source.file,
        line: spec.source.line,
        message: `The code folder of ${spec.name}, ${spec.codeDir}, ${problem}`,
        severity: 'warning',
      });
    }
  }
  return problems;
}

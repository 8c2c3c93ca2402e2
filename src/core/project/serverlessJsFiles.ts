import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isRecord } from './cfnIntrinsics';
import { lastLine, runNodeScript } from './nodeChild';
import type { DiscoveryResult } from './diagnostics';
import { jsFileChildScript } from './serverlessJsFileChild';
import { bundleProgram } from './serverlessScript';
import { getPath, VariableResolver } from './serverlessVariables';
import type { JsFileOutcome, JsFileValues } from './serverlessVariables';
import { parseServerlessYml, readServerlessConfig, serviceVariableSources } from './serverlessYml';
import type { ServerlessOptions } from './serverlessYml';
import { loadYamlSource } from './yamlSource';
import type { YamlSource } from './yamlSource';

/**
 * `${file(./config.js):tableName}`: the framework runs the file. Variables resolve synchronously,
 * so this runs first: the service is resolved once with every JavaScript file answering "not run",
 * which lists the `(file, address)` pairs it needs (in serverless.yml, its fallbacks, the YAML files
 * it includes), then one child `node` in the service folder runs them all, with the environment
 * the variables see. Never in this process (it may be the editor's extension host), and only in a
 * trusted workspace: callers decide that.
 */
export interface JsFileRunOptions {
  /** The child is killed after this long; unanswered variables say so. Default 30 s. */
  timeoutMs?: number;
}

export interface ComputedJsFiles {
  values: JsFileValues;
  /** The files run and the project modules they loaded, for watchers. */
  dependencies: string[];
}

interface Request {
  file: string;
  address: string;
}

/** serverless.yml text: JavaScript file variables are run first when `trusted`; otherwise they stay unresolved, with a warning saying why. */
export async function parseServerlessYmlRunningJs(text: string, file: string, options: ServerlessOptions = {}, run: JsFileRunOptions & { trusted: boolean }): Promise<DiscoveryResult> {
  // Included YAML files may hold the JavaScript references, so any `file(` is worth the in-process first pass.
  if (!run.trusted || !/\bfile\s*\(/.test(text)) return parseServerlessYml(text, file, options);
  const loaded = loadYamlSource(text, file);
  if (!loaded.ok) return { functions: [], diagnostics: [loaded.diagnostic] };
  return readServerlessConfigRunningJs(loaded.source, options, run);
}

/** For a trusted service already parsed (serverless.yml, or the object a serverless.ts exported). */
export async function readServerlessConfigRunningJs(source: YamlSource, options: ServerlessOptions, run: JsFileRunOptions = {}): Promise<DiscoveryResult> {
  const computed = await computeJsFileValues(source, options, run);
  const result = readServerlessConfig(source, { ...options, jsFileValues: computed.values });
  return { ...result, dependencies: [...new Set([...(result.dependencies ?? []), ...computed.dependencies])] };
}

export async function computeJsFileValues(source: YamlSource, options: ServerlessOptions, run: JsFileRunOptions = {}): Promise<ComputedJsFiles> {
  const root = source.value;
  const outcomes = new Map<string, JsFileOutcome>();
  const values: JsFileValues = { get: (file, address) => outcomes.get(pairKey(file, address)) };
  if (!isRecord(root)) return { values, dependencies: [] };

  const { sources } = serviceVariableSources(root, path.dirname(source.file), options);
  const requests = new Map<string, Request>();
  const listing = new VariableResolver({ ...sources, jsFiles: { get: (file, address) => void requests.set(pairKey(file, address), { file, address }) } });
  listing.resolve(root, []);
  if (requests.size === 0) return { values, dependencies: [] };

  // What the code may ask for through resolveVariable / resolveConfigurationProperty.
  const providerValue = (key: string): string | undefined => {
    const raw = getPath(root, `provider.${key}`);
    const value = raw === undefined || raw === null ? undefined : listing.resolve(raw, []);
    return typeof value === 'string' && !value.includes('${') ? value : undefined;
  };
  const properties: Record<string, string> = {};
  for (const key of ['stage', 'region']) {
    const value = providerValue(key);
    if (value !== undefined) properties[`provider.${key}`] = value;
  }
  const job = { stage: listing.stage(), options: sources.options, properties };
  const answers = await runJsFiles([...requests.values()], job, sources.env, path.dirname(source.file), run.timeoutMs ?? 30_000);
  for (const [key, outcome] of answers.outcomes) outcomes.set(key, outcome);
  return { values, dependencies: answers.dependencies };
}

function pairKey(file: string, address: string): string {
  return `${file}\u0000${address}`;
}

interface Job {
  stage: string;
  options: Record<string, string | undefined>;
  properties: Record<string, string>;
}

interface ModuleSpec {
  file: string;
  esm: boolean;
  code?: string;
}

async function runJsFiles(
  requests: Request[],
  job: Job,
  env: Record<string, string | undefined>,
  serviceDir: string,
  timeoutMs: number,
): Promise<{ outcomes: Map<string, JsFileOutcome>; dependencies: string[] }> {
  const outcomes = new Map<string, JsFileOutcome>();
  const dependencies = new Set(requests.map((r) => r.file));
  const files = [...new Set(requests.map((r) => r.file))];
  const modules: ModuleSpec[] = [];
  const moduleIndex = new Map<string, number>();
  for (const file of files) {
    if (/\.[cm]?ts$/i.test(file)) {
      // TypeScript is compiled here (as serverless.ts is); the child runs the bundle at the file's path.
      const built = await bundleProgram(file);
      for (const dependency of built.dependencies) dependencies.add(dependency);
      if (!built.ok) {
        for (const r of requests) if (r.file === file) outcomes.set(pairKey(r.file, r.address), { ok: false, message: built.message });
        continue;
      }
      moduleIndex.set(file, modules.push({ file, esm: false, code: built.code }) - 1);
    } else {
      moduleIndex.set(file, modules.push({ file, esm: isEsModule(file) }) - 1);
    }
  }
  const runnable = requests.filter((r) => moduleIndex.has(r.file));
  if (runnable.length === 0) return { outcomes, dependencies: [...dependencies] };

  const marker = `\u0000swb-js-variable-${randomBytes(4).toString('hex')}\u0000`;
  const input = {
    ...job,
    marker,
    modules,
    requests: runnable.map((r, id) => ({ id, module: moduleIndex.get(r.file), address: r.address })),
  };
  const run = await runChild(JSON.stringify(input), marker, env, serviceDir, timeoutMs);
  runnable.forEach((r, id) => {
    const answer = run.answers.get(id);
    outcomes.set(pairKey(r.file, r.address), answer ?? { ok: false, message: run.failure });
  });
  for (const file of run.files) dependencies.add(file);
  return { outcomes, dependencies: [...dependencies] };
}

/** `.mjs`, or `.js` in a `"type": "module"` package: loaded with `import()`, as Node would. */
function isEsModule(file: string): boolean {
  if (/\.mjs$/i.test(file)) return true;
  if (/\.cjs$/i.test(file)) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

interface ChildRun {
  answers: Map<number, JsFileOutcome>;
  files: string[];
  /** Why a request has no answer. */
  failure: string;
}

async function runChild(input: string, marker: string, env: Record<string, string | undefined>, cwd: string, timeoutMs: number): Promise<ChildRun> {
  const run = await runNodeScript(jsFileChildScript, [], { cwd, env, input, timeoutMs });
  const failure =
    run.startError !== undefined
      ? `cannot start node: ${run.startError}`
      : run.timedOut
        ? `it did not finish within ${Math.round(timeoutMs / 1000)} s`
        : run.code === 0
          ? 'it exited before answering (does the code call process.exit?)'
          : `running it failed (exit ${run.code ?? run.signal})${lastLine(run.stderr)}`;
  return { ...parseAnswers(run.stdout, marker), failure };
}

/** Only lines that start with the marker are answers: the user code may write to stdout itself. */
function parseAnswers(stdout: string, marker: string): { answers: Map<number, JsFileOutcome>; files: string[] } {
  const answers = new Map<number, JsFileOutcome>();
  let files: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(marker)) continue;
    let record: { id?: number; ok?: boolean; value?: unknown; message?: string; files?: string[] };
    try {
      record = JSON.parse(line.slice(marker.length)) as typeof record;
    } catch {
      continue;
    }
    if (Array.isArray(record.files)) files = record.files.filter((f): f is string => typeof f === 'string');
    else if (typeof record.id === 'number') {
      answers.set(record.id, record.ok ? { ok: true, value: record.value } : { ok: false, message: String(record.message ?? 'it failed') });
    }
  }
  return { answers, files };
}


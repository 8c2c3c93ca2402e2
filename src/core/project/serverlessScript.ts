import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { lastLine, runNodeScript } from './nodeChild';
import type { YamlSource } from './yamlSource';

/**
 * serverless.ts / serverless.js / .cjs / .mjs are programs: the framework runs them and reads the
 * object they export. Here the file is bundled by esbuild (its own modules inlined, TypeScript and
 * tsconfig `paths` such as the `aws-nodejs-typescript` template's `@functions/*` resolved; packages
 * left to `require` from the service's node_modules) and run in a child `node` in the service
 * folder, which prints the exported object as JSON. Never in this process: it may be the editor's
 * extension host, and the code is the workspace's. Callers run this only for trusted workspaces.
 */
export interface ScriptConfigOptions {
  /** The environment of the child: the real one with the service's `.env` values under it. */
  env: Record<string, string | undefined>;
  /** The child is killed after this long. Default 30 s. */
  timeoutMs?: number;
}

export type ScriptConfigResult =
  | { ok: true; source: YamlSource; dependencies: string[] }
  | { ok: false; message: string; dependencies: string[] };

const resultMarker = '\u0000swb-serverless-config\u0000';

export async function loadServerlessScript(file: string, options: ScriptConfigOptions): Promise<ScriptConfigResult> {
  const built = await bundleProgram(file);
  if (!built.ok) return built;
  const { code, dependencies } = built;
  const text = await readFile(file, 'utf8').catch(() => '');
  const run = await runConfig(file, code, options);
  if (!run.ok) return { ok: false, message: run.message, dependencies };
  return { ok: true, source: { file, value: run.value, lineOf: (at) => scriptLineOf(text, at) }, dependencies };
}

export type BundleResult = { ok: true; code: string; dependencies: string[] } | { ok: false; message: string; dependencies: string[] };

/**
 * One CommonJS file to run at `file`'s path in a child `node` (see moduleLocationPlugin), and the
 * project modules it is made of. Also used for `${file(./x.ts)}` variables (serverlessJsFiles.ts).
 */
export async function bundleProgram(file: string): Promise<BundleResult> {
  const serviceDir = path.dirname(file);
  const esbuild = await import('esbuild');
  try {
    const built = await esbuild.build({
      entryPoints: [file],
      absWorkingDir: serviceDir,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      packages: 'external',
      sourcemap: 'inline',
      metafile: true,
      logLevel: 'silent',
      plugins: [moduleLocationPlugin()],
    });
    const dependencies = Object.keys(built.metafile.inputs)
      .map((input) => path.resolve(serviceDir, input))
      .filter((input) => !input.split(path.sep).includes('node_modules'));
    return { ok: true, code: built.outputFiles[0]!.text, dependencies };
  } catch (error) {
    return { ok: false, message: `cannot compile it: ${firstBuildError(error)}`, dependencies: [file] };
  }
}

/**
 * Bundling puts every module in one file, so `__dirname`, `__filename` and `import.meta.url` would
 * all name serverless.ts. Project modules get their own (the template's `handlerPath(__dirname)`
 * builds each handler path from it). Packages are external and keep theirs anyway.
 */
function moduleLocationPlugin(): Plugin {
  return {
    name: 'swb-module-location',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        if (args.path.split(path.sep).includes('node_modules')) return undefined;
        let contents = await readFile(args.path, 'utf8');
        const url = JSON.stringify(pathToFileURL(args.path).href);
        contents = contents
          .replace(/\bimport\.meta\.url\b/g, url)
          .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(path.dirname(args.path)))
          .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path));
        // On the first line, so that line numbers (and the source map) stay those of the file.
        const prefix = [
          ['__dirname', path.dirname(args.path)],
          ['__filename', args.path],
        ]
          .filter(([name]) => new RegExp(`\\b${name}\\b`).test(contents) && !new RegExp(`\\b(?:var|let|const|function|class)\\s+${name}\\b`).test(contents))
          .map(([name, value]) => `var ${name} = ${JSON.stringify(value)};`)
          .join(' ');
        if (prefix) {
          const shebang = /^#![^\n]*/.exec(contents)?.[0];
          contents = shebang ? `${prefix} //${shebang}${contents.slice(shebang.length)}` : `${prefix} ${contents}`;
        }
        return { contents, loader: loaderFor(args.path), resolveDir: path.dirname(args.path) };
      });
    },
  };
}

function loaderFor(file: string): 'ts' | 'tsx' | 'js' | 'jsx' {
  const ext = path.extname(file);
  if (ext === '.tsx') return 'tsx';
  if (ext === '.jsx') return 'jsx';
  return /^\.[cm]?ts$/.test(ext) ? 'ts' : 'js';
}

function firstBuildError(error: unknown): string {
  const first = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors?.[0];
  if (!first) return error instanceof Error ? error.message : String(error);
  return first.location ? `${first.location.file}:${first.location.line}: ${first.text}` : first.text;
}

/**
 * What runs in the child: compile the bundle as a module at the config's own path (so packages
 * resolve from the service's node_modules), take the export (`module.exports`, `export default`,
 * or a promise of one) and print it as JSON after a marker. The config's own console output goes to
 * stderr, so it can never be taken for the result.
 */
const childScript = `
const Module = require('node:module');
const path = require('node:path');
const util = require('node:util');
const file = process.argv[1];
const toStderr = (...args) => process.stderr.write(util.format(...args) + '\\n');
console.log = console.info = console.debug = toStderr;
let code = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { code += chunk; });
process.stdin.on('end', async () => {
  const finish = (kind, body) => process.stdout.write('\\n' + ${JSON.stringify(resultMarker)} + kind + JSON.stringify(body) + '\\n', () => process.exit(0));
  try {
    const m = new Module(file, null);
    m.filename = file;
    m.paths = Module._nodeModulePaths(path.dirname(file));
    m._compile(code, file);
    let config = m.exports;
    if (config && config.__esModule && 'default' in config) config = config.default;
    config = await config;
    finish('ok', config === undefined ? null : config);
  } catch (error) {
    finish('error', (error && error.message) || String(error));
  }
});
`;

interface RunResult {
  ok: boolean;
  value?: unknown;
  message: string;
}

async function runConfig(file: string, code: string, options: ScriptConfigOptions): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const run = await runNodeScript(childScript, [file], { cwd: path.dirname(file), env: options.env, input: code, timeoutMs });
  if (run.startError !== undefined) return { ok: false, message: `cannot start node: ${run.startError}` };
  const result = parseResult(run.stdout);
  if (result?.ok) return { ok: true, value: result.value };
  if (result) return { ok: false, message: `running it failed: ${result.message}` };
  if (run.timedOut) return { ok: false, message: `it did not finish within ${Math.round(timeoutMs / 1000)} s` };
  if (run.code === 0) return { ok: false, message: 'it exited before its export was ready (a promise that never settles?)' };
  return { ok: false, message: `running it failed (exit ${run.code ?? run.signal})${lastLine(run.stderr)}` };
}

function parseResult(stdout: string): RunResult | undefined {
  const at = stdout.lastIndexOf(resultMarker);
  if (at < 0) return undefined;
  const rest = stdout.slice(at + resultMarker.length);
  const kind = rest.startsWith('ok') ? 'ok' : rest.startsWith('error') ? 'error' : undefined;
  if (!kind) return undefined;
  try {
    const body: unknown = JSON.parse(rest.slice(kind.length).trim());
    return kind === 'ok' ? { ok: true, value: body, message: '' } : { ok: false, message: String(body).split('\n')[0] ?? '' };
  } catch (error) {
    return { ok: false, message: `its export is not JSON: ${(error as Error).message}` };
  }
}

/**
 * Best-effort lines in the program's text for "Reveal in Template" and diagnostics: each key of
 * the path is looked for from the line of the previous one (`functions: { hello }`, `hello: {`,
 * `'hello':`). Keys that are not written there (built in code, imported) keep the last line found.
 */
export function scriptLineOf(text: string, at: readonly (string | number)[]): number | undefined {
  const lines = text.split(/\r?\n/);
  let from = 0;
  let found: number | undefined;
  for (const segment of at) {
    if (typeof segment === 'number') continue;
    const key = segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`(?:^|[\\s{,])['"\`]?${key}['"\`]?\\s*(?:[:,}(]|$)`);
    const index = lines.findIndex((line, i) => i >= from && !/^\s*(?:import|\/\/|\*)/.test(line) && pattern.test(line));
    if (index < 0) break;
    found = index + 1;
    from = index;
  }
  return found;
}

import { readFileSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
// Types only: esbuild itself is loaded when a TypeScript handler first needs compiling.
import type { BuildContext, BuildOptions } from 'esbuild';
import type { FunctionSpec } from '../project/functionSpec';
import { InitError } from './lambdaErrors';

/**
 * TypeScript handlers are compiled here, in the emulator, so the child stays dependency-free: one
 * esbuild bundle of the handler's own files (packages stay external) with a source map, which the
 * child loads with `--enable-source-maps` so stack traces point at `.ts` lines.
 */

/** Lambda loads these first, so a `.js` beside the `.ts` (a build output) wins. */
const JAVASCRIPT_EXTENSIONS = ['', '.js', '.mjs', '.cjs'];
const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts'];

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The TypeScript file a handler string points at, when no JavaScript file answers it. */
export function typeScriptEntry(codeDir: string, handler: string): string | undefined {
  if (handler.includes('..')) return undefined;
  const name = path.basename(handler);
  const match = /^([^.]*)\.(.*)$/.exec(name);
  if (!match) return undefined;
  const base = path.resolve(codeDir, handler.slice(0, handler.length - name.length), match[1]);
  if (JAVASCRIPT_EXTENSIONS.some((ext) => isFile(base + ext))) return undefined;
  return TYPESCRIPT_EXTENSIONS.map((ext) => base + ext).find(isFile);
}

function nearestPackageType(dir: string): string | undefined {
  for (let current = dir; ; ) {
    try {
      return (JSON.parse(readFileSync(path.join(current, 'package.json'), 'utf8')) as { type?: string }).type;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * The output goes under the code folder's node_modules/.cache so that the packages it imports
 * resolve from there exactly as from the source (ES modules ignore NODE_PATH).
 */
export function compiledHandlerPath(spec: FunctionSpec, entry: string, esm: boolean): string {
  const relative = path.relative(spec.codeDir, entry).replace(/\.[cm]?ts$/, esm ? '.mjs' : '.cjs');
  return path.join(compiledOutputDir(spec), relative);
}

/** The folder a function's compiled handler is written to (a debugger's `outFiles`). */
export function compiledOutputDir(spec: Pick<FunctionSpec, 'name' | 'codeDir'>): string {
  const folder = spec.name.replace(/[^A-Za-z0-9._-]/g, '_');
  return path.join(spec.codeDir, 'node_modules', '.cache', 'serverless-workbench', folder);
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number; lineText: string } | null;
}

/**
 * Keeps one esbuild context per compiled handler, so a recompile after an edit is an incremental
 * `rebuild()` (a few milliseconds) rather than a fresh build: the edit-to-result loop pays it on
 * every save. Owned by an emulator, which disposes the contexts when it closes.
 */
export class TypeScriptCompilers {
  private readonly contexts = new Map<string, { key: string; context: Promise<BuildContext> }>();
  /** Contexts kept at most (each holds esbuild's state for one handler). */
  private static readonly MAX = 32;
  /**
   * Live contexts keep esbuild's child process, and so this process, alive: after this long
   * without a build they are disposed (so a host that never closes its emulator still exits).
   */
  private static readonly IDLE_MS = 60_000;
  private idleTimer?: NodeJS.Timeout;

  async build(options: BuildOptions & { outfile: string }): Promise<void> {
    const key = JSON.stringify(options);
    let entry = this.contexts.get(options.outfile);
    if (entry && entry.key !== key) {
      this.contexts.delete(options.outfile);
      void entry.context.then((context) => context.dispose()).catch(() => undefined);
      entry = undefined;
    }
    if (!entry) {
      const esbuild = await import('esbuild');
      entry = { key, context: esbuild.context(options) };
      this.contexts.set(options.outfile, entry);
      this.evict();
    } else {
      // Most recently used last.
      this.contexts.delete(options.outfile);
      this.contexts.set(options.outfile, entry);
    }
    let context: BuildContext;
    try {
      context = await entry.context;
    } catch (err) {
      this.contexts.delete(options.outfile);
      throw err;
    }
    try {
      await context.rebuild();
    } finally {
      this.armIdle();
    }
  }

  async dispose(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const entries = [...this.contexts.values()];
    this.contexts.clear();
    await Promise.all(entries.map((entry) => entry.context.then((context) => context.dispose()).catch(() => undefined)));
  }

  private armIdle(): void {
    if (this.idleTimer) this.idleTimer.refresh();
    else {
      this.idleTimer = setTimeout(() => void this.dispose(), TypeScriptCompilers.IDLE_MS);
      this.idleTimer.unref();
    }
  }

  private evict(): void {
    while (this.contexts.size > TypeScriptCompilers.MAX) {
      const [oldest, entry] = this.contexts.entries().next().value as [string, { context: Promise<BuildContext> }];
      this.contexts.delete(oldest);
      void entry.context.then((context) => context.dispose()).catch(() => undefined);
    }
  }
}

/** Compiles the handler's entry; a compile error becomes the init error Lambda would give for the JS. */
export async function compileTypeScriptHandler(spec: FunctionSpec, entry: string, compilers?: TypeScriptCompilers): Promise<string> {
  const ext = path.extname(entry);
  const esm = ext === '.mts' || (ext === '.ts' && nearestPackageType(path.dirname(entry)) === 'module');
  const outfile = compiledHandlerPath(spec, entry, esm);
  const options: BuildOptions & { outfile: string } = {
    entryPoints: [entry],
    outfile,
    absWorkingDir: spec.codeDir,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: esm ? 'esm' : 'cjs',
    target: 'node18',
    sourcemap: true,
    logLevel: 'silent',
    // Bundled CommonJS code inside an ES module still calls require().
    banner: esm ? { js: "import { createRequire as __swbCreateRequire } from 'node:module'; const require = __swbCreateRequire(import.meta.url);" } : undefined,
  };
  try {
    if (compilers) await compilers.build(options);
    else await (await import('esbuild')).build(options);
  } catch (err) {
    throw new InitError(compileError(((err as { errors?: EsbuildMessage[] }).errors ?? [])[0], err));
  }
  await absoluteSources(`${outfile}.map`);
  return outfile;
}

/**
 * esbuild writes `sources` relative to the map. Absolute file URLs keep the map pointing at the
 * .ts files wherever a debugger (VS Code's js-debug) or stack trace reads it from, and js-debug's
 * path checks on them need no knowledge of the cache folder.
 */
async function absoluteSources(mapFile: string): Promise<void> {
  let map: { sources?: string[]; sourceRoot?: string };
  try {
    map = JSON.parse(await readFile(mapFile, 'utf8')) as typeof map;
  } catch {
    return;
  }
  if (!Array.isArray(map.sources)) return;
  const base = path.resolve(path.dirname(mapFile), map.sourceRoot ?? '');
  map.sources = map.sources.map((source) => (/^[a-z][a-z0-9+.-]*:/i.test(source) ? source : pathToFileURL(path.resolve(base, source)).href));
  delete map.sourceRoot;
  await writeFile(mapFile, JSON.stringify(map));
}

function compileError(first: EsbuildMessage | undefined, err: unknown) {
  const text = first?.text ?? (err instanceof Error ? err.message : String(err));
  const where = first?.location ? [`    at ${first.location.file}:${first.location.line}:${first.location.column}`, `    ${first.location.lineText}`] : [];
  const unresolved = /^Could not resolve "([^"]+)"/.exec(text);
  if (unresolved) {
    const errorMessage = `Error: Cannot find module '${unresolved[1]}'`;
    return { errorType: 'Runtime.ImportModuleError', errorMessage, trace: [`Runtime.ImportModuleError: ${errorMessage}`, ...where] };
  }
  const errorMessage = `SyntaxError: ${text}`;
  return { errorType: 'Runtime.UserCodeSyntaxError', errorMessage, trace: [`Runtime.UserCodeSyntaxError: ${errorMessage}`, ...where] };
}

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BuildFailure, BuildOptions, Message, Plugin } from 'esbuild';
import { CancelledError, UserError } from '../errors';
import type { FunctionSpec } from '../project/functionSpec';
import { resolveHandlerFile } from './handlerModule';
import type { NodeBundleOptions, PackageFile } from './types';

export interface NodeBundle {
  files: PackageFile[];
  warnings: string[];
  format: 'cjs' | 'esm';
  /** Path of the bundle inside the zip, e.g. `handlers/orders.js`. */
  entry: string;
}

/** `nodejs20.x` → 20. */
export function nodeMajor(runtime: string): number {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) throw new UserError(`runtime "${runtime}" is not a Node.js Lambda runtime (e.g. nodejs20.x)`);
  return Number(match[1]);
}

/** ESM for `.mjs`/`.mts` or a `"type": "module"` package, CJS otherwise — as Node itself would load the source. */
export function moduleFormat(entryFile: string): 'cjs' | 'esm' {
  const extension = path.extname(entryFile);
  if (extension === '.mjs' || extension === '.mts') return 'esm';
  if (extension === '.cjs' || extension === '.cts') return 'cjs';
  for (let dir = path.dirname(entryFile); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type === 'module' ? 'esm' : 'cjs';
      } catch {
        return 'cjs';
      }
    }
    if (path.dirname(dir) === dir) return 'cjs';
  }
}

/**
 * Bundles a Node.js handler and its imports into one file with esbuild, named so the handler
 * string still resolves in Lambda (`handlers/orders.ts` → `handlers/orders.js`, or `.mjs` for ESM).
 * `@aws-sdk/*` stays external on nodejs18.x+ (the runtime ships SDK v3) unless `bundleAwsSdk`.
 */
export async function bundleNode(spec: Pick<FunctionSpec, 'codeDir' | 'handler' | 'runtime'>, options: NodeBundleOptions & { signal?: AbortSignal } = {}): Promise<NodeBundle> {
  const major = nodeMajor(spec.runtime);
  const { file, modulePath } = resolveHandlerFile(spec.codeDir, spec.handler);
  const format = moduleFormat(file);
  const entry = `${modulePath}${format === 'esm' ? '.mjs' : '.js'}`;
  const warnings: string[] = [];
  const external = [...(options.external ?? [])];
  if (major >= 18 && !options.bundleAwsSdk) external.push('@aws-sdk/*');

  const buildOptions: BuildOptions = {
    entryPoints: [file],
    outfile: path.join(spec.codeDir, entry),
    absWorkingDir: spec.codeDir,
    bundle: true,
    write: false,
    platform: 'node',
    target: `node${major}`,
    format,
    minify: options.minify ?? false,
    sourcemap: options.sourcemap ? 'linked' : false,
    sourcesContent: false,
    treeShaking: true,
    external,
    logLevel: 'silent',
    plugins: [nativeAddonPlugin(spec.codeDir, options.nativeAddons ?? 'error', warnings)],
  };

  // Lazily: esbuild is heavy and only packaging needs it.
  const esbuild = await import('esbuild');
  let result = await esbuild.build(buildOptions).catch((error: unknown) => {
    throw bundleError(spec.handler, spec.codeDir, error);
  });
  if (options.signal?.aborted) throw new CancelledError();
  if (format === 'esm' && (result.outputFiles ?? []).some((f) => f.path.endsWith(entry) && f.text.includes('Dynamic require of "'))) {
    // CommonJS dependencies inside an ES module bundle call require() (e.g. for node builtins),
    // which ES modules lack: give the bundle one, only when it needs it, so user code that
    // declares its own `require` is left alone otherwise.
    warnings.length = 0;
    result = await esbuild.build({ ...buildOptions, banner: { js: esmRequireBanner } }).catch((error: unknown) => {
      throw bundleError(spec.handler, spec.codeDir, error);
    });
  }
  warnings.push(...result.warnings.map((w) => `esbuild: ${formatMessage(spec.codeDir, w)}`));
  const files = (result.outputFiles ?? []).map((output) => ({
    path: path.relative(spec.codeDir, output.path).split(path.sep).join('/'),
    data: Buffer.from(output.contents),
    mode: 0o644,
    size: output.contents.length,
  }));
  return { files, warnings, format, entry };
}

const esmRequireBanner = "import { createRequire as __swbCreateRequire } from 'node:module';\nconst require = __swbCreateRequire(import.meta.url);";

/** Native `.node` addons are platform binaries esbuild cannot inline: fail with advice, or leave them external and say so. */
function nativeAddonPlugin(codeDir: string, mode: 'error' | 'external', warnings: string[]): Plugin {
  return {
    name: 'swb-native-addons',
    setup(build) {
      build.onResolve({ filter: /\.node$/ }, (args) => {
        const from = path.relative(codeDir, args.importer) || args.importer;
        if (mode === 'external') {
          warnings.push(`native addon ${args.path} (imported by ${from}) was left out of the bundle; the function fails where it is loaded unless a layer provides it`);
          return { path: args.path, external: true };
        }
        return {
          errors: [
            {
              text: `native addon ${args.path} (imported by ${from}) cannot be bundled: mark its package external, or package without bundling (bundle: false) with Linux binaries installed`,
            },
          ],
        };
      });
    },
  };
}

function formatMessage(codeDir: string, message: Message): string {
  const where = message.location ? `${path.relative(codeDir, path.resolve(codeDir, message.location.file)) || message.location.file}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${where}${message.text}`;
}

function bundleError(handler: string, codeDir: string, error: unknown): Error {
  const failure = error as Partial<BuildFailure>;
  if (Array.isArray(failure.errors) && failure.errors.length) {
    const more = failure.errors.length > 1 ? ` (and ${failure.errors.length - 1} more error${failure.errors.length > 2 ? 's' : ''})` : '';
    return new UserError(`bundling ${handler} failed: ${formatMessage(codeDir, failure.errors[0])}${more}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CancelledError, UserError } from '../errors';
import type { FunctionSpec } from '../project/functionSpec';
import { bundleNode } from './bundleNode';
import { computeCodeSha256 } from './codeSha256';
import { collectFiles } from './collectFiles';
import { nodeOutputExtensions, nodeSourceExtensions, resolveHandlerFile, splitHandler } from './handlerModule';
import { checkUnzippedSize, checkZippedSize, formatBytes, resolveLimits } from './limits';
import { productionDependencies, productionOnlyFilter } from './nodeDependencies';
import { packagePython } from './packagePython';
import type { PackageFile, PackageOptions, PackageResult } from './types';
import { writeZip } from './zip';

export { computeCodeSha256 } from './codeSha256';

type Spec = Pick<FunctionSpec, 'name' | 'runtime' | 'codeDir' | 'handler'> & Partial<Pick<FunctionSpec, 'architectures'>>;

/**
 * Builds the deployment zip of a function, ready for Lambda's `ZipFile` or the local cloud:
 * Node.js is bundled with esbuild (or zipped with production node_modules when `bundle: false`),
 * Python gets requirements.txt vendored, custom runtimes need an executable `bootstrap`.
 * The bytes depend only on the packaged content, so `sha256` identifies an unchanged build.
 */
export async function packageFunction(spec: Spec, options: PackageOptions = {}): Promise<PackageResult> {
  const { signal, onProgress } = options;
  const checkAborted = (): void => {
    if (signal?.aborted) throw new CancelledError();
  };
  checkAborted();
  if (!existsSync(spec.codeDir) || !statSync(spec.codeDir).isDirectory()) {
    throw new UserError(`code folder of ${spec.name} not found: ${spec.codeDir}`);
  }
  const limits = resolveLimits(options.limits);
  const warnings: string[] = [];

  let files: PackageFile[];
  let method: string;
  if (spec.runtime.startsWith('nodejs')) {
    if (options.bundle === false) {
      files = await nodeFolderFiles(spec, options, warnings);
      method = 'zipped with production node_modules';
    } else {
      onProgress?.('bundle', spec.handler);
      const bundle = await bundleNode(spec, options);
      warnings.push(...bundle.warnings);
      files = bundle.files;
      if (options.include?.length) {
        // With a bundle, `include` names extra files the code reads at run time (templates, data).
        const bundled = new Set(files.map((f) => f.path));
        const extra = await collectFiles(spec.codeDir, { ...options, warnings });
        files.push(...extra.filter((f) => !bundled.has(f.path)));
      }
      method = `bundled with esbuild (${bundle.format === 'esm' ? 'ES module' : 'CommonJS'})`;
    }
  } else if (spec.runtime.startsWith('python')) {
    files = await packagePython(spec, { ...options, warnings });
    method = requirementsNote(spec.codeDir);
  } else if (spec.runtime.startsWith('provided')) {
    onProgress?.('collect', spec.codeDir);
    files = await collectFiles(spec.codeDir, { ...options, warnings });
    requireBootstrap(spec, files, warnings);
    method = 'zipped with its bootstrap';
  } else {
    throw new UserError(`packaging the ${spec.runtime} runtime is not supported yet (Node.js, Python and provided runtimes are)`);
  }
  checkAborted();
  if (files.length === 0) throw new UserError(`nothing to package for ${spec.name}: every file in ${spec.codeDir} is excluded`);

  const unzippedSize = checkUnzippedSize(files, limits);
  onProgress?.('zip', `${files.length} files, ${formatBytes(unzippedSize)}`);
  const inputs = [];
  for (const file of files) {
    checkAborted();
    inputs.push({ path: file.path, mode: file.mode, data: file.data ?? (await readFile(file.source!)) });
  }
  const zip = writeZip(inputs);
  checkZippedSize(zip.length, limits);
  checkAborted();
  onProgress?.('hash', formatBytes(zip.length));
  const sha256 = computeCodeSha256(zip);
  onProgress?.('done', sha256);
  return {
    zip,
    sha256,
    size: zip.length,
    unzippedSize,
    files: files.map((f) => f.path).sort(),
    warnings,
    method,
  };
}

function requirementsNote(codeDir: string): string {
  return existsSync(path.join(codeDir, 'requirements.txt')) ? 'zipped with requirements.txt vendored by pip' : 'zipped';
}

/** Unbundled Node.js: the code folder, with node_modules reduced to what `dependencies` needs. */
async function nodeFolderFiles(spec: Spec, options: PackageOptions, warnings: string[]): Promise<PackageFile[]> {
  try {
    resolveHandlerFile(spec.codeDir, spec.handler, nodeOutputExtensions);
  } catch (error) {
    const { modulePath } = splitHandler(spec.handler);
    const typescript = nodeSourceExtensions.filter((e) => e.endsWith('ts')).find((e) => existsSync(path.join(spec.codeDir, modulePath + e)));
    if (typescript) throw new UserError(`handler ${modulePath}${typescript} is TypeScript, which Lambda cannot run: package with bundling, or point the handler at compiled JavaScript`);
    throw error;
  }
  options.onProgress?.('collect', spec.codeDir);
  const dependencies = await productionDependencies(spec.codeDir);
  if (dependencies?.missing.length) {
    warnings.push(`dependencies not installed in ${spec.codeDir}/node_modules: ${dependencies.missing.join(', ')} (run npm install --omit=dev there)`);
  }
  return collectFiles(spec.codeDir, {
    ...options,
    warnings,
    keep: dependencies ? productionOnlyFilter(dependencies.packageDirs) : undefined,
  });
}

/** Lambda starts a custom runtime by executing `bootstrap` at the root of the package. */
function requireBootstrap(spec: Spec, files: PackageFile[], warnings: string[]): void {
  const bootstrap = files.find((f) => f.path === 'bootstrap');
  if (!bootstrap) {
    throw new UserError(`${spec.runtime} needs an executable file named bootstrap at the root of ${spec.codeDir}; none is packaged`);
  }
  if ((bootstrap.mode & 0o111) === 0) warnings.push('bootstrap is not executable on disk; it is packaged as executable (0755)');
  bootstrap.mode = 0o755;
}

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CancelledError, UserError } from '../errors';
import type { FunctionSpec } from '../project/functionSpec';
import { collectFiles } from './collectFiles';
import type { FileSelectionOptions, PackageFile, ProgressCallback, PythonPackageOptions } from './types';

export interface PythonPackageContext extends FileSelectionOptions, PythonPackageOptions {
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  warnings: string[];
  ignorePaths?: string[];
}

/** `python3.12` → `3.12`. */
export function pythonVersion(runtime: string): string {
  const match = /^python(\d+\.\d+)$/.exec(runtime);
  if (!match) throw new UserError(`runtime "${runtime}" is not a Python Lambda runtime (e.g. python3.12)`);
  return match[1];
}

/** The `pip install` arguments that vendor requirements.txt into `target`. */
export function pipInstallArgs(spec: Pick<FunctionSpec, 'runtime' | 'architectures'>, requirements: string, target: string, options: PythonPackageOptions = {}): string[] {
  const args = ['-m', 'pip', 'install', '-r', requirements, '--target', target, '--no-input', '--disable-pip-version-check', '--no-compile'];
  if (options.crossPlatform) {
    // Lambda runs Amazon Linux: take manylinux wheels built for its CPU and Python, never this machine's.
    const machine = spec.architectures?.includes('arm64') ? 'aarch64' : 'x86_64';
    args.push('--platform', `manylinux2014_${machine}`, '--implementation', 'cp', '--python-version', pythonVersion(spec.runtime), '--only-binary=:all:');
  }
  return [...args, ...(options.pipArgs ?? [])];
}

/**
 * The files of a Python function: its code folder, plus requirements.txt's dependencies installed
 * by pip at the zip's root (where Lambda's Python path looks). The code's own files win a clash.
 */
export async function packagePython(spec: Pick<FunctionSpec, 'codeDir' | 'runtime' | 'architectures'>, context: PythonPackageContext): Promise<PackageFile[]> {
  pythonVersion(spec.runtime);
  context.onProgress?.('collect', spec.codeDir);
  const code = await collectFiles(spec.codeDir, { ...context, warnings: context.warnings });
  const requirements = path.join(spec.codeDir, 'requirements.txt');
  if (!existsSync(requirements)) return code;

  context.onProgress?.('vendor', 'pip install -r requirements.txt');
  const target = await mkdtemp(path.join(tmpdir(), 'swb-pip-'));
  try {
    await runPip(context.python ?? 'python3', pipInstallArgs(spec, requirements, target, context), spec.codeDir, context.signal);
    const installed = await collectFiles(target, { exclude: context.exclude, dependencies: true, signal: context.signal, warnings: context.warnings });
    const own = new Set(code.map((f) => f.path));
    const vendored: PackageFile[] = [];
    for (const file of installed) {
      if (own.has(file.path)) {
        context.warnings.push(`${file.path} from requirements.txt is shadowed by the file of the same name in the code folder`);
        continue;
      }
      // Read now: the pip folder is removed before the zip is written.
      vendored.push({ path: file.path, mode: file.mode, size: file.size, data: await readFile(file.source!) });
    }
    return [...code, ...vendored];
  } finally {
    await rm(target, { recursive: true, force: true });
  }
}

async function runPip(python: string, args: string[], cwd: string, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) throw new CancelledError();
  const output = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve, reject) => {
    const child = spawn(python, args, {
      cwd,
      signal,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PIP_NO_INPUT: '1', PIP_ROOT_USER_ACTION: 'ignore', PYTHONDONTWRITEBYTECODE: '1' },
    });
    let stdout = '';
    let stderr = '';
    // Only the tail matters (the error is at the end); bound memory on chatty installs.
    child.stdout.on('data', (chunk: Buffer) => void (stdout = (stdout + chunk.toString()).slice(-65536)));
    child.stderr.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-65536)));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') reject(new CancelledError());
      else if (error.code === 'ENOENT') reject(new UserError(`cannot install requirements.txt: ${python} was not found (install Python 3 or set the interpreter for this runtime)`));
      else reject(error);
    });
    child.on('close', (code) => resolve({ code, stderr, stdout }));
  });
  if (signal?.aborted) throw new CancelledError();
  if (output.code === 0) return;
  if (/No module named pip\b/.test(output.stderr)) {
    throw new UserError(`cannot install requirements.txt: ${python} has no pip (install python3-pip or use a Python with pip)`);
  }
  throw new UserError(`pip could not install requirements.txt: ${lastPipError(output.stderr, output.stdout)}`);
}

/** pip's last `ERROR:` line, else the last meaningful line it printed. */
export function lastPipError(stderr: string, stdout = ''): string {
  const lines = `${stdout}\n${stderr}`.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const errors = lines.filter((l) => /^ERROR:/.test(l));
  const line = errors.at(-1) ?? lines.filter((l) => !/^(WARNING|Hint|hint|note):/.test(l)).at(-1) ?? 'pip failed without a message';
  return line.replace(/^ERROR:\s*/, '');
}

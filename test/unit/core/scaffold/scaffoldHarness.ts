import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Emulator } from '../../../../src/core/emulator';
import type { Invocation } from '../../../../src/core/emulator/types';
import { discoverFunctions } from '../../../../src/core/project/discover';
import { before, test } from 'node:test';
import { scaffoldFunction, scaffoldTriggerIds } from '../../../../src/core/scaffold';
import type { ScaffoldResult, ScaffoldRuntimeId, ScaffoldTriggerId } from '../../../../src/core/scaffold';

/** Shared by the scaffolding tests: temp workspaces, invoking scaffolded functions, running their own tests. */

export const repoRoot = path.resolve(__dirname, '../../../..');

/**
 * A temp workspace, removed after the test file. With `linkNodeModules`, its node_modules is a link
 * to this repository's, so generated TypeScript finds tsx, typescript and @types as after `npm install`.
 */
export function tempWorkspace(after: (fn: () => void) => void, options: { linkNodeModules?: boolean } = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'swb-scaffold-'));
  if (options.linkNodeModules) symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  after(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

/**
 * Reads the functions back through discovery (so the manifest or template entry is what is
 * tested) and invokes each with its sample event, all at once in one emulator.
 */
export async function invokeWithSampleEvents(
  emulator: Emulator,
  root: string,
  functions: { name: string; eventFile: string }[],
): Promise<Map<string, Invocation>> {
  const discovered = await discoverFunctions(root);
  const errors = discovered.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], 'discovery reports no errors');
  // A few at a time: the emulator limits a cold start's init to 10 s, and ten interpreters starting
  // at once on a shared two-core machine can take that long.
  const invocations = await inPool(
    4,
    functions.map(({ name, eventFile }) => async () => {
      const spec = discovered.functions.find((f) => f.name === name);
      assert.ok(spec, `discovery finds ${name}`);
      // A generous timeout: the machine is shared, and a slow cold start is not what is tested here.
      emulator.register({ ...spec, timeout: 60 });
      return [name, await emulator.invoke(name, { payload: readFileSync(eventFile) })] as const;
    }),
  );
  return new Map(invocations);
}

/** The result each template's handler gives for its sample event. */
export function checkSampleResult(trigger: ScaffoldTriggerId, name: string, invocation: Invocation, eventFile: string): void {
  assert.equal(invocation.error, undefined, `${name} failed: ${invocation.payload.toString()}\n${invocation.logs}`);
  const result = JSON.parse(invocation.payload.toString('utf8')) as Record<string, unknown>;
  const event = JSON.parse(readFileSync(eventFile, 'utf8')) as { Records: { s3: { bucket: { name: string } } }[] };
  switch (trigger) {
    case 'http':
      assert.equal(result.statusCode, 200);
      assert.deepEqual(JSON.parse(result.body as string), { message: 'Hello, Serverless!' });
      break;
    case 's3':
      assert.deepEqual(result, { objects: [`s3://${event.Records[0].s3.bucket.name}/uploads/hello world.txt`] });
      break;
    case 'sqs':
      assert.deepEqual(result, { batchItemFailures: [] });
      assert.ok(event.Records.length > 1, 'the sample is a batch');
      break;
    case 'schedule':
      assert.equal(result.rule, `${name}-schedule`);
      break;
    case 'dynamodb':
      assert.deepEqual(result, { INSERT: 1, MODIFY: 0, REMOVE: 0 });
      break;
  }
  assert.match(invocation.logs, /^START RequestId/m);
}

export interface CommandResult {
  code: number | null;
  output: string;
}

/** Runs a shell command line (a generated package.json script) in `cwd`. */
export function runCommand(command: string, cwd: string, timeoutMs = 120_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, shell: true, env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The generated package.json's `test` script. */
export function testScript(codeDir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(codeDir, 'package.json'), 'utf8')) as { scripts: { test: string } };
  return manifest.scripts.test;
}

/** Runs `tasks` with at most `limit` at a time (the machine has two cores, shared with other tests). */
export async function inPool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** node:test's summary: at least one test passed and none failed. */
export function assertNodeTestsPassed(result: CommandResult, label: string): void {
  assert.equal(result.code, 0, `${label}: ${result.output}`);
  assert.match(result.output, /^# pass [1-9]/m, label);
  assert.match(result.output, /^# fail 0$/m, label);
}

/**
 * Declares one test per trigger for a runtime: each template is scaffolded into one workspace,
 * read back through discovery and invoked with its sample event (all invocations at once).
 * Returns the scaffolded functions, filled in once the tests have run their `before`.
 */
export function templateInvocationTests(runtime: ScaffoldRuntimeId, root: string, emulator: Emulator): Map<ScaffoldTriggerId, ScaffoldResult> {
  const scaffolded = new Map<ScaffoldTriggerId, ScaffoldResult>();
  let invocations: Map<string, Invocation>;
  before(async () => {
    for (const trigger of scaffoldTriggerIds) {
      scaffolded.set(trigger, await scaffoldFunction({ root, name: `${runtime.replace(/\W/g, '')}-${trigger}`, provider: 'aws', runtime, trigger }));
    }
    invocations = await invokeWithSampleEvents(emulator, root, [...scaffolded.values()].map((r) => ({ name: r.functionName, eventFile: r.eventFile })));
  });
  for (const trigger of scaffoldTriggerIds) {
    test(`${runtime} ${trigger}: the scaffolded function invokes successfully with its sample event`, () => {
      const result = scaffolded.get(trigger)!;
      checkSampleResult(trigger, result.functionName, invocations.get(result.functionName)!, result.eventFile);
    });
  }
  return scaffolded;
}

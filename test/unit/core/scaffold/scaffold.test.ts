import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { UserError } from '../../../../src/core/errors';
import { functionNameProblem, listTemplates, ScaffoldConflictError, scaffoldFunction } from '../../../../src/core/scaffold';
import type { ScaffoldOptions } from '../../../../src/core/scaffold';
import { tempWorkspace } from './scaffoldHarness';

function options(root: string, overrides: Partial<ScaffoldOptions> = {}): ScaffoldOptions {
  return { root, name: 'hello', provider: 'aws', runtime: 'nodejs20.x', trigger: 'http', ...overrides };
}

/** Every file under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

test('listTemplates offers every runtime × trigger with labels for the pickers', () => {
  const templates = listTemplates();
  assert.equal(templates.length, 20);
  assert.deepEqual([...new Set(templates.map((t) => t.runtimeLabel))], ['Node.js TypeScript', 'Node.js JavaScript', 'Python 3.12', 'Python 3.11']);
  assert.deepEqual([...new Set(templates.map((t) => t.trigger))], ['http', 's3', 'sqs', 'schedule', 'dynamodb']);
  const ts = templates.find((t) => t.runtime === 'nodejs20.x-ts' && t.trigger === 'sqs');
  assert.deepEqual(ts, {
    provider: 'aws',
    runtime: 'nodejs20.x-ts',
    runtimeLabel: 'Node.js TypeScript',
    lambdaRuntime: 'nodejs20.x',
    language: 'typescript',
    trigger: 'sqs',
    triggerLabel: 'SQS',
    description: 'SQS queue messages in batches, with partial batch responses',
  });
});

test('writes exactly the function folder, the sample event and the manifest', async () => {
  const root = tempWorkspace(after);
  const result = await scaffoldFunction(options(root, { runtime: 'nodejs20.x-ts' }));
  assert.deepEqual(tree(root), [
    '.events/hello/http.json',
    'functions/hello/index.test.ts',
    'functions/hello/index.ts',
    'functions/hello/package.json',
    'functions/hello/tsconfig.json',
    'serverless-workbench.json',
  ]);
  assert.deepEqual(result.files.map((f) => path.relative(root, f)).sort(), tree(root));
  assert.equal(result.handlerFile, path.join(root, 'functions/hello/index.ts'));
  assert.equal(result.manifestKind, 'manifest');
  const event = JSON.parse(readFileSync(result.eventFile, 'utf8')) as { routeKey: string; rawPath: string; queryStringParameters: unknown };
  assert.equal(event.routeKey, 'GET /hello');
  assert.equal(event.rawPath, '/hello');
  assert.deepEqual(event.queryStringParameters, { name: 'Serverless' });
  const pkg = JSON.parse(readFileSync(path.join(root, 'functions/hello/package.json'), 'utf8')) as { name: string; scripts: Record<string, string>; devDependencies: Record<string, string> };
  assert.equal(pkg.name, 'hello');
  assert.ok(pkg.devDependencies['@types/aws-lambda'] && pkg.devDependencies.tsx && pkg.devDependencies.typescript);
});

test('Python functions get only their handler and test', async () => {
  const root = tempWorkspace(after);
  await scaffoldFunction(options(root, { name: 'worker', runtime: 'python3.12', trigger: 'sqs' }));
  assert.deepEqual(tree(root), ['.events/worker/sqs.json', 'functions/worker/app.py', 'functions/worker/test_app.py', 'serverless-workbench.json']);
});

test('invalid names are refused with the reason, and nothing is written', async () => {
  const root = tempWorkspace(after);
  const cases: [string, RegExp][] = [
    ['', /^the function name must not be empty$/],
    ['api/hello', /^"api\/hello" must not contain path separators/],
    ['..\\hello', /must not contain path separators/],
    ['..', /^"\.\." must be letters, digits, - and _, starting with a letter or digit$/],
    ['-hello', /starting with a letter or digit/],
    ['hello world', /must be letters, digits, - and _/],
    ['x'.repeat(65), /is longer than 64 characters/],
  ];
  for (const [name, message] of cases) {
    await assert.rejects(scaffoldFunction(options(root, { name })), (error: unknown) => {
      assert.ok(error instanceof UserError, name);
      assert.match(error.message, message, name);
      return true;
    });
  }
  assert.deepEqual(tree(root), []);
  assert.equal(functionNameProblem('my_fn-2', 'manifest'), undefined);
  assert.equal(functionNameProblem('MyFn2', 'sam'), undefined);
});

test('a name used in the manifest or by any project file of the workspace is refused', async () => {
  const root = tempWorkspace(after);
  await scaffoldFunction(options(root));
  const manifest = readFileSync(path.join(root, 'serverless-workbench.json'), 'utf8');
  await assert.rejects(scaffoldFunction(options(root, { runtime: 'python3.11' })), {
    message: '"hello" is already declared in this workspace (serverless-workbench.json or another project file); choose another name',
  });
  // A serverless.yml in a sub-folder: discovery would report two functions of one name.
  mkdirSync(path.join(root, 'legacy'));
  writeFileSync(path.join(root, 'legacy', 'serverless.yml'), 'service: legacy\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  report:\n    handler: report.handler\n');
  await assert.rejects(scaffoldFunction(options(root, { name: 'report' })), { message: /"report" is already declared/ });
  assert.equal(readFileSync(path.join(root, 'serverless-workbench.json'), 'utf8'), manifest);
  assert.equal(existsSync(path.join(root, 'functions', 'report')), false);
});

test('existing files are never overwritten without overwrite; with it they are', async () => {
  const root = tempWorkspace(after);
  mkdirSync(path.join(root, 'functions', 'hello'), { recursive: true });
  mkdirSync(path.join(root, '.events', 'hello'), { recursive: true });
  writeFileSync(path.join(root, 'functions', 'hello', 'index.mjs'), '// mine\n');
  writeFileSync(path.join(root, '.events', 'hello', 'http.json'), '{"mine":true}\n');
  await assert.rejects(scaffoldFunction(options(root)), (error: unknown) => {
    assert.ok(error instanceof ScaffoldConflictError);
    assert.ok(error instanceof UserError);
    assert.deepEqual(error.existing, [path.join(root, 'functions/hello/index.mjs'), path.join(root, '.events/hello/http.json')]);
    assert.equal(error.message, 'functions/hello/index.mjs, .events/hello/http.json already exist; overwrite to replace them');
    return true;
  });
  assert.deepEqual(tree(root), ['.events/hello/http.json', 'functions/hello/index.mjs'], 'nothing written');
  assert.equal(readFileSync(path.join(root, 'functions', 'hello', 'index.mjs'), 'utf8'), '// mine\n');

  const result = await scaffoldFunction(options(root, { overwrite: true }));
  assert.match(readFileSync(result.handlerFile, 'utf8'), /export const handler/);
  assert.match(readFileSync(result.eventFile, 'utf8'), /"routeKey": "GET \/hello"/);
});

test('unknown provider, runtime and trigger are one-line errors listing the valid values', async () => {
  const root = tempWorkspace(after);
  await assert.rejects(scaffoldFunction(options(root, { runtime: 'java21' })), { message: 'unknown runtime "java21"; valid runtimes: nodejs20.x-ts, nodejs20.x, python3.12, python3.11' });
  await assert.rejects(scaffoldFunction(options(root, { trigger: 'sns' })), { message: 'unknown trigger "sns"; valid triggers: http, s3, sqs, schedule, dynamodb' });
  await assert.rejects(scaffoldFunction(options(root, { provider: 'ibm' })), { message: 'unknown provider "ibm"; valid providers: aws' });
  await assert.rejects(scaffoldFunction(options(root, { provider: 'azure' })), { message: 'Azure Functions templates arrive with the Azure provider; valid providers: aws' });
  await assert.rejects(scaffoldFunction(options(path.join(root, 'missing'))), { message: `no such folder: ${path.join(root, 'missing')}` });
  assert.deepEqual(tree(root), []);
});

test('a manifest that is not valid JSON is left alone', async () => {
  const root = tempWorkspace(after);
  writeFileSync(path.join(root, 'serverless-workbench.json'), '{ "functions": { ');
  await assert.rejects(scaffoldFunction(options(root)), { message: /^cannot add the function to serverless-workbench\.json: it is not valid JSON/ });
  assert.deepEqual(tree(root), ['serverless-workbench.json']);
});

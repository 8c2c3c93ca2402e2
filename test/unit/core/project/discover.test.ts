import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { describeSource, discoverFunctions, findFunction, skippedFolders } from '../../../../src/core/project/discover';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';

const run = promisify(execFile);
const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'projects');

function lineStarting(file: string, prefix: string): number {
  const index = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((line) => line.startsWith(prefix));
  assert.ok(index >= 0, `no line of ${file} starts with ${JSON.stringify(prefix)}`);
  return index + 1;
}

const minimalTemplate = (name: string, codeUri = '.'): string =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  ${name}:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ${codeUri}\n      Handler: app.handler\n      Runtime: nodejs20.x\n`;

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, text] of Object.entries(files)) {
    const path = join(root, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
}

let scratch: string;
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'swb-discover-'));
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

test('every fixture project is found in sub-folders, shallowest first, in name order', async () => {
  const result = await discoverFunctions(fixtures);
  assert.deepEqual(
    result.functions.map((f) => f.name),
    [
      'HelloWorldFunction',
      'ProcessOrderFunction',
      'ReportFunction',
      'createOrder',
      'getOrder',
      'processQueue',
      'nightlyReport',
      'Hello',
      'Status',
      'work',
      'GoodFunction',
    ],
  );
  assert.deepEqual(
    result.files.map((f) => f.slice(fixtures.length + 1)),
    [
      'sam-hello-world/template.yaml',
      'sam-python-orders/template.yaml',
      'serverless-orders/serverless.yml',
      'duplicate-names/api/template.yaml',
      'duplicate-names/worker/serverless.yml',
      'malformed-workspace/broken-app/template.yaml',
      'malformed-workspace/good-app/template.yaml',
    ],
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file.slice(fixtures.length + 1));
  assert.deepEqual(errors, ['duplicate-names/worker/serverless.yml', 'malformed-workspace/broken-app/template.yaml']);
});

test('two functions with one name: the first is kept, the second is an error naming both files', async () => {
  const root = join(fixtures, 'duplicate-names');
  const samFile = join(root, 'api', 'template.yaml');
  const slsFile = join(root, 'worker', 'serverless.yml');
  const result = await discoverFunctions(root);
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.source?.file]),
    [
      ['Hello', samFile],
      ['Status', samFile],
      ['work', slsFile],
    ],
  );
  assert.equal(findFunction(result, 'Hello')?.handler, 'app.handler', 'the serverless.yml Hello was not merged in');
  assert.deepEqual(result.diagnostics, [
    {
      file: slsFile,
      line: lineStarting(slsFile, '  Hello:'),
      message: `Function name "Hello" is declared twice: in ${samFile}:${lineStarting(samFile, '  Hello:')} and in ${slsFile}:${lineStarting(slsFile, '  Hello:')}; only the first is used (rename one of them)`,
      severity: 'error',
    },
  ]);
});

test('a malformed template is one diagnostic with its line; the project next to it still loads', async () => {
  const root = join(fixtures, 'malformed-workspace');
  const result = await discoverFunctions(root);
  assert.deepEqual(
    result.functions.map((f) => f.name),
    ['GoodFunction'],
  );
  const broken = join(root, 'broken-app', 'template.yaml');
  assert.deepEqual(result.diagnostics, [
    {
      file: broken,
      line: lineStarting(broken, '     Runtime:'),
      column: 1,
      message: 'YAML syntax error: All mapping items must start at the same column',
      severity: 'error',
    },
  ]);
});

test('build output, dependencies and dot-folders are skipped; sub-folders are searched 3 levels deep', async () => {
  const root = join(scratch, 'skips');
  const files: Record<string, string> = {
    'template.yaml': minimalTemplate('AtRoot'),
    'a/b/c/template.yaml': minimalTemplate('ThreeDown'),
    'a/b/c/d/template.yaml': minimalTemplate('FourDown'),
    '.idea/template.yaml': minimalTemplate('InDotFolder'),
  };
  for (const skipped of skippedFolders) files[`${skipped}/pkg/template.yaml`] = minimalTemplate(`In_${skipped.replace(/\W/g, '')}`);
  await writeTree(root, files);
  const result = await discoverFunctions(root);
  assert.deepEqual(
    result.functions.map((f) => f.name),
    ['AtRoot', 'ThreeDown'],
  );
  assert.deepEqual(result.diagnostics, []);
  const deeper = await discoverFunctions(root, { maxDepth: 4 });
  assert.deepEqual(
    deeper.functions.map((f) => f.name),
    ['AtRoot', 'ThreeDown', 'FourDown'],
  );
  const rootOnly = await discoverFunctions(root, { maxDepth: 0 });
  assert.deepEqual(
    rootOnly.functions.map((f) => f.name),
    ['AtRoot'],
  );
});

test('serverless-workbench.json, SAM and serverless.yml in one folder all load, with run options', async () => {
  const root = join(scratch, 'mixed');
  await writeTree(root, {
    'serverless-workbench.json': JSON.stringify({
      functions: { fromManifest: { runtime: 'nodejs20.x', codeDir: 'fn', handler: 'index.handler', concurrency: 2 } },
    }),
    'fn/index.js': 'exports.handler = async () => 1;\n',
    'template.yaml': minimalTemplate('FromSam'),
    'serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  fromServerless:\n    handler: h.main\n',
    'h.js': 'exports.main = async () => 1;\n',
  });
  const result = await discoverFunctions(root);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.source?.kind]),
    [
      ['fromManifest', 'manifest'],
      ['FromSam', 'sam'],
      ['fromServerless', 'serverless'],
    ],
  );
  assert.equal(result.runOptions.fromManifest?.concurrency, 2);
});

test('template.yml beside template.yaml, serverless.ts and missing code folders are warnings', async () => {
  const root = join(scratch, 'warnings');
  await writeTree(root, {
    'template.yaml': minimalTemplate('Kept', 'missing-dir/'),
    'template.yml': minimalTemplate('Ignored'),
    'not-a-folder.zip': 'PK',
    'zipped/template.yaml': minimalTemplate('Zipped', '../not-a-folder.zip'),
    'ts-service/serverless.ts': 'export default {};\n',
  });
  const result = await discoverFunctions(root);
  assert.deepEqual(
    result.functions.map((f) => f.name),
    ['Kept', 'Zipped'],
  );
  const messages = result.diagnostics.map((d) => `${d.severity} ${d.file.slice(root.length + 1)}:${d.line ?? ''} ${d.message}`);
  assert.deepEqual(messages, [
    'warning template.yml: Ignored: template.yaml in the same folder is read instead',
    'warning ts-service/serverless.ts: serverless.ts was not read: it is a program, and discovery runs workspace code only in a trusted workspace (trust the workspace to list its functions, or declare them in serverless.yml)',
    `warning template.yaml:3 The code folder of Kept, ${join(root, 'missing-dir')}, does not exist`,
    `warning zipped/template.yaml:3 The code folder of Zipped, ${join(root, 'not-a-folder.zip')}, is a file, not a folder (archives cannot run locally)`,
  ]);
});

test('discovery options reach the parsers (SAM parameter overrides, serverless stage)', async () => {
  const result = await discoverFunctions(fixtures, {
    sam: { parameterOverrides: { Stage: 'prod' } },
    serverless: { stage: 'qa', env: {} },
  });
  assert.equal(findFunction(result, 'ReportFunction')?.functionName, 'orders-report-prod');
  assert.equal(findFunction(result, 'processQueue')?.functionName, 'orders-api-qa-process-queue');
});

test('an unreadable root is one error, not an exception', async () => {
  const missing = join(scratch, 'does-not-exist');
  const result = await discoverFunctions(missing);
  assert.deepEqual(result.functions, []);
  assert.equal(result.diagnostics.length, 1);
  assert.equal(result.diagnostics[0]!.file, missing);
  assert.match(result.diagnostics[0]!.message, /Cannot read the folder: ENOENT/);
});

test('findFunction and describeSource', async () => {
  const result = await discoverFunctions(join(fixtures, 'sam-hello-world'));
  const spec = findFunction(result, 'HelloWorldFunction');
  assert.ok(spec);
  assert.equal(findFunction(result, 'Nope'), undefined);
  const template = join(fixtures, 'sam-hello-world', 'template.yaml');
  const line = lineStarting(template, '  HelloWorldFunction:');
  assert.equal(describeSource(spec), `${template}:${line} (AWS SAM)`);
  assert.equal(describeSource(spec, fixtures), `sam-hello-world/template.yaml:${line} (AWS SAM)`);
  const bare: FunctionSpec = { ...spec, source: undefined };
  assert.equal(describeSource(bare), 'declared in code (no project file)');
  assert.equal(describeSource({ ...spec, source: { kind: 'serverless', file: '/s/serverless.yml' } }, '/s'), 'serverless.yml (Serverless Framework)');
});

/** Calls a discovered Node.js handler in a real `node` process, as Lambda would find it: codeDir + handler string. */
async function invokeNode(spec: FunctionSpec, event: unknown): Promise<unknown> {
  const dot = spec.handler.lastIndexOf('.');
  const base = join(spec.codeDir, spec.handler.slice(0, dot));
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f) => existsSync(f));
  assert.ok(file, `no module for handler ${spec.handler} in ${spec.codeDir}`);
  const script =
    "const [file, name, event] = process.argv.slice(1); import(require('url').pathToFileURL(file).href)" +
    '.then((m) => (m[name] ?? m.default[name])(JSON.parse(event), { awsRequestId: "req-1" }))' +
    '.then((r) => process.stdout.write(JSON.stringify(r)));';
  const { stdout } = await run(process.execPath, ['-e', script, file, spec.handler.slice(dot + 1), JSON.stringify(event)], {
    env: { ...process.env, ...spec.environment },
    timeout: 20_000,
  });
  return JSON.parse(stdout);
}

async function invokePython(spec: FunctionSpec, event: unknown): Promise<unknown> {
  const dot = spec.handler.lastIndexOf('.');
  const script =
    'import importlib, json, sys\nsys.path.insert(0, sys.argv[1])\nmodule = importlib.import_module(sys.argv[2])\n' +
    'print(json.dumps(getattr(module, sys.argv[3])(json.loads(sys.argv[4]), None)))';
  const { stdout } = await run('python3', ['-c', script, spec.codeDir, spec.handler.slice(0, dot).replace(/\//g, '.'), spec.handler.slice(dot + 1), JSON.stringify(event)], {
    env: { ...process.env, ...spec.environment },
    timeout: 20_000,
  });
  return JSON.parse(stdout);
}

test('the fixture handlers run from their discovered codeDir and handler', async () => {
  const result = await discoverFunctions(fixtures, { serverless: { env: {} } });
  const get = (name: string): FunctionSpec => {
    const spec = findFunction(result, name);
    assert.ok(spec, name);
    return spec;
  };
  const hello = (await invokeNode(get('HelloWorldFunction'), { path: '/hello' })) as { statusCode: number; body: string };
  assert.equal(hello.statusCode, 200);
  assert.deepEqual(JSON.parse(hello.body), { message: 'hello world', path: '/hello', requestId: 'req-1' });

  const created = (await invokeNode(get('createOrder'), { body: '{"id":"o-1"}' })) as { statusCode: number; body: string };
  assert.equal(created.statusCode, 201);
  assert.deepEqual(JSON.parse(created.body), { created: { id: 'o-1' }, table: 'orders-api-dev-orders' });
  assert.deepEqual(await invokeNode(get('processQueue'), { Records: [{ messageId: 'm1', body: '{' }, { messageId: 'm2', body: '{}' }] }), {
    batchItemFailures: [{ itemIdentifier: 'm1' }],
  });
  assert.deepEqual(await invokeNode(get('nightlyReport'), { time: '2024-01-01T02:00:00Z' }), {
    report: 'nightly',
    time: '2024-01-01T02:00:00Z',
    service: 'orders-api',
  });
  assert.deepEqual(await invokeNode(get('GoodFunction'), { a: 1 }), { ok: true, received: { a: 1 } });
  assert.deepEqual(await invokeNode(get('work'), { w: 1 }), { worked: true, event: { w: 1 } });

  assert.deepEqual(await invokePython(get('ProcessOrderFunction'), { Records: [{ body: '{"id": "o-7"}' }] }), {
    table: 'orders-table',
    stage: 'dev',
    processed: ['o-7'],
  });
  const report = (await invokePython(get('ReportFunction'), {})) as { statusCode: number; body: string };
  assert.equal(report.statusCode, 200);
  assert.equal(JSON.parse(report.body).report, 'orders');
});

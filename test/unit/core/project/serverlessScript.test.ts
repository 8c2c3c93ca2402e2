import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { discoverFunctions, findFunction } from '../../../../src/core/project/discover';
import { loadServerlessScript, scriptLineOf } from '../../../../src/core/project/serverlessScript';
import { scratchFolder } from '../../../helpers/scratchFolder';

/** Modelled on `serverless create --template aws-nodejs-typescript`: serverless.ts, tsconfig paths, handlerPath(__dirname). */
const typescriptConfig = join(__dirname, '..', '..', '..', 'fixtures', 'project', 'sls-typescript-config');

function scratch(files: Record<string, string>): string {
  return scratchFolder(after, 'swb-sls-script-', files);
}

test('untrusted: serverless.ts is not run, and a warning says why', async () => {
  const result = await discoverFunctions(typescriptConfig, { serverless: { env: {} } });
  assert.deepEqual(result.functions, []);
  assert.deepEqual(result.diagnostics, [
    {
      file: join(typescriptConfig, 'serverless.ts'),
      message:
        'serverless.ts was not read: it is a program, and discovery runs workspace code only in a trusted workspace (trust the workspace to list its functions, or declare them in serverless.yml)',
      severity: 'warning',
    },
  ]);
});

test('trusted: the aws-nodejs-typescript shape loads (tsconfig paths, per-module __dirname, .env before it runs)', async () => {
  const file = join(typescriptConfig, 'serverless.ts');
  const result = await discoverFunctions(typescriptConfig, { trusted: true, serverless: { env: {}, stage: 'qa' } });
  assert.deepEqual(result.diagnostics, []);
  const hello = findFunction(result, 'hello');
  assert.deepEqual(hello, {
    name: 'hello',
    provider: 'aws',
    runtime: 'nodejs20.x',
    codeDir: typescriptConfig,
    handler: 'src/functions/hello/handler.main',
    timeout: 15,
    memorySize: 1024,
    environment: { AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1', STAGE: 'qa', WELCOME_TEXT: 'welcome from .env' },
    events: [{ type: 'http', method: 'POST', path: '/hello' }],
    source: { kind: 'serverless', file, line: readFileSync(file, 'utf8').split('\n').indexOf('  functions: { hello },') + 1 },
  });
  assert.deepEqual(result.files, [file]);
  for (const module of ['src/functions/index.ts', 'src/functions/hello/index.ts', 'src/libs/handler-resolver.ts', '.env']) {
    assert.ok((result.dependencies ?? []).includes(join(typescriptConfig, module)), `${module} is a dependency: ${String(result.dependencies)}`);
  }
  const shell = await discoverFunctions(typescriptConfig, { trusted: true, serverless: { env: { WELCOME_TEXT: 'from the shell' } } });
  assert.equal(findFunction(shell, 'hello')?.environment.WELCOME_TEXT, 'from the shell', 'the real environment wins over .env');
});

test('serverless.js: CommonJS with require, process.env and console output; variables in it resolve', async () => {
  const dir = scratch({
    'serverless.js': [
      "const { memoryFor } = require('./config/memory');",
      "console.log('building the configuration…');",
      'module.exports = {',
      "  service: 'js-service',",
      "  provider: { name: 'aws', runtime: 'nodejs20.x', stage: \"${opt:stage, 'dev'}\" },",
      '  functions: {',
      '    worker: {',
      "      handler: 'src/worker.run',",
      '      memorySize: memoryFor(process.env.SIZE),',
      "      environment: { STAGE: '${sls:stage}', FROM_DOTENV: process.env.FROM_DOTENV },",
      '    },',
      '  },',
      '};',
    ].join('\n'),
    'config/memory.js': "exports.memoryFor = (size) => (size === 'large' ? 2048 : 512);\n",
    'src/worker.js': 'exports.run = async () => 1;\n',
    '.env.prod': 'FROM_DOTENV=prod-file\n',
  });
  const result = await discoverFunctions(dir, { trusted: true, serverless: { stage: 'prod', env: { SIZE: 'large' } } });
  assert.deepEqual(result.diagnostics, []);
  const worker = findFunction(result, 'worker');
  assert.deepEqual([worker?.memorySize, worker?.environment], [2048, { STAGE: 'prod', FROM_DOTENV: 'prod-file' }]);
  assert.equal(worker?.source?.line, 7);
});

test('serverless.mjs with export default, top-level imports and import.meta.url', async () => {
  const dir = scratch({
    'serverless.mjs': [
      "import { readFileSync } from 'node:fs';",
      "const names = JSON.parse(readFileSync(new URL('./names.json', import.meta.url), 'utf8'));",
      'export default {',
      "  service: 'esm',",
      "  provider: { name: 'aws', runtime: 'nodejs20.x' },",
      "  functions: Object.fromEntries(names.map((n) => [n, { handler: `handlers/${n}.main` }])),",
      '};',
    ].join('\n'),
    'names.json': '["alpha", "beta"]',
    'handlers/alpha.mjs': 'export const main = async () => 1;\n',
    'handlers/beta.mjs': 'export const main = async () => 2;\n',
  });
  const result = await discoverFunctions(dir, { trusted: true, serverless: { env: {} } });
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.handler]),
    [
      ['alpha', 'handlers/alpha.main'],
      ['beta', 'handlers/beta.main'],
    ],
  );
});

test('a program that throws or does not compile is one error; other projects still load', async () => {
  const root = scratch({
    'throws/serverless.js': "throw new Error('missing AWS_PROFILE');\n",
    'broken/serverless.ts': 'export default { service: ;\n',
    'fine/serverless.yml': 'service: fine\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  ok:\n    handler: h.ok\n',
    'fine/h.js': 'exports.ok = async () => 1;\n',
  });
  const result = await discoverFunctions(root, { trusted: true, serverless: { env: {} } });
  assert.deepEqual(
    result.functions.map((f) => f.name),
    ['ok'],
  );
  const messages = result.diagnostics.map((d) => `${d.severity} ${d.file.slice(root.length + 1)} ${d.message}`);
  assert.equal(messages.length, 2, messages.join('\n'));
  assert.match(messages[0]!, /^error broken\/serverless\.ts serverless\.ts: cannot compile it: .*serverless\.ts:1: /);
  assert.equal(messages[1], 'error throws/serverless.js serverless.js: running it failed: missing AWS_PROFILE');
});

test('a program whose export never settles, or that never returns, fails with a reason instead of hanging', async () => {
  const dir = scratch({
    'never/serverless.js': 'module.exports = new Promise(() => {});\n',
    'hangs/serverless.js': 'setInterval(() => {}, 1000);\nmodule.exports = new Promise(() => {});\n',
  });
  const never = await loadServerlessScript(join(dir, 'never', 'serverless.js'), { env: {} });
  assert.deepEqual(never.ok ? 'loaded' : never.message, 'it exited before its export was ready (a promise that never settles?)');
  const started = Date.now();
  const hangs = await loadServerlessScript(join(dir, 'hangs', 'serverless.js'), { env: {}, timeoutMs: 1500 });
  assert.deepEqual(hangs.ok ? 'loaded' : hangs.message, 'it did not finish within 2 s');
  assert.ok(Date.now() - started < 20_000, 'the child is killed at the timeout');
});

test('scriptLineOf finds keys written in the program, from the line of the key before', () => {
  const text = ["import hello from './hello';", 'export default {', "  service: 'x',", '  functions: {', '    hello,', "    'other-fn': { handler: 'a.b' },", '  },', '};'].join('\n');
  assert.equal(scriptLineOf(text, ['functions']), 4);
  assert.equal(scriptLineOf(text, ['functions', 'hello']), 5, 'not the import line');
  assert.equal(scriptLineOf(text, ['functions', 'other-fn']), 6);
  assert.equal(scriptLineOf(text, ['functions', 'other-fn', 'handler']), 6);
  assert.equal(scriptLineOf(text, ['functions', 'built-in-code']), 4, 'a key not written there keeps the last line found');
  assert.equal(scriptLineOf(text, ['provider']), undefined);
});

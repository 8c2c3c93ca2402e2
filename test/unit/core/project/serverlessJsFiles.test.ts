import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { discoverFunctions, findFunction } from '../../../../src/core/project/discover';
import { parseServerlessYmlRunningJs } from '../../../../src/core/project/serverlessJsFiles';
import { scratchFolder } from '../../../helpers/scratchFolder';

/** serverless.yml reading config.js (values, functions, async work, console output), an .mjs, a .cjs, a .ts and a file that throws. */
const fixture = join(__dirname, '..', '..', '..', 'fixtures', 'project', 'sls-js-variables');
const yml = join(fixture, 'serverless.yml');

const markers = mkdtempSync(join(tmpdir(), 'swb-js-marker-'));
after(() => rmSync(markers, { recursive: true, force: true }));
let markerCount = 0;

/** config.js writes this file when it is loaded: whether discovery ran workspace code. */
function markerFile(): string {
  return join(markers, `ran-${++markerCount}`);
}

function scratch(files: Record<string, string>): string {
  return scratchFolder(after, 'swb-sls-js-', files);
}

test('trusted: JS file variables resolve (plain value, sync and async functions, nested address, .mjs, .cjs, .ts, an included YAML file, .env)', async () => {
  const marker = markerFile();
  const result = await discoverFunctions(fixture, { trusted: true, serverless: { env: { SWB_JS_MARKER: marker } } });
  assert.ok(existsSync(marker), 'config.js ran');
  const api = findFunction(result, 'api');
  assert.equal(api?.memorySize, 256, 'provider.memorySize from limits.ts');
  assert.deepEqual(api?.environment, {
    TABLE: 'app-orders',
    SYNC: 'computed-sync',
    ASYNC: 'dev-no-option-eu-west-1',
    DB_NAME: 'orders-db-dev',
    FROM_DOTENV: 'from the .env file',
    GREETING: 'hello from an ES module',
    WHOLE: 'whole-export-default',
    MISSING_KEY: 'the-fallback',
    MISSING_FILE: 'no-such-file',
    FN_FN: '${file(./config.js):makesAFunction}',
    REMOTE: '${file(./config.js):remote}',
    THROWS: '${file(./broken.js):anything}',
  });
  assert.deepEqual(findFunction(result, 'worker')?.environment, { TABLE: 'app-orders', QUEUE: 'jobs-queue' }, 'a reference in an included YAML file');
  assert.deepEqual(
    result.diagnostics.map((d) => [d.file, d.line, d.severity, d.message]),
    [
      [yml, 25, 'warning', '${file(./config.js):makesAFunction} cannot be resolved locally (file(./config.js):makesAFunction: the value is a function (the framework calls one function per variable), not data); it is left as is'],
      [
        yml,
        26,
        'warning',
        '${file(./config.js):remote} cannot be resolved locally (file(./config.js):remote: remote failed: ssm:/team/secret is not available locally (Serverless Workbench answers sls:stage, opt:, env:, self:provider.stage and self:provider.region)); it is left as is',
      ],
      [yml, 27, 'warning', '${file(./broken.js):anything} cannot be resolved locally (file(./broken.js):anything: loading it failed: config service unreachable); it is left as is'],
    ],
  );
});

test('--stage prod changes what the code computes (sls:stage, options.stage, provider.stage)', async () => {
  const result = await discoverFunctions(fixture, { trusted: true, serverless: { stage: 'prod', env: {} } });
  const env = findFunction(result, 'api')?.environment;
  assert.deepEqual([env?.ASYNC, env?.DB_NAME, env?.WHOLE], ['prod-prod-eu-west-1', 'orders-db-prod', 'whole-export-prod']);
});

test('untrusted: no JavaScript runs, and each JS variable warns that it needs a trusted workspace', async () => {
  const marker = markerFile();
  const result = await discoverFunctions(fixture, { trusted: false, serverless: { env: { SWB_JS_MARKER: marker } } });
  assert.equal(existsSync(marker), false, 'config.js was not run');
  const api = findFunction(result, 'api');
  assert.equal(api?.environment.TABLE, '${file(./config.js):tableName}');
  assert.equal(api?.environment.MISSING_KEY, 'the-fallback');
  const table = result.diagnostics.find((d) => d.line === 11);
  assert.equal(table?.message, '${file(./config.js):tableName} cannot be resolved locally (file(./config.js) runs code: only in a trusted workspace); it is left as is');
  assert.ok(
    result.diagnostics.some((d) => d.file === join(fixture, 'more-functions.yml') && d.message.includes('file(./config.js) runs code: only in a trusted workspace')),
    'the included file warns too',
  );
});

test('dependencies: the JS files run (and a missing one), and the project modules they require', async () => {
  const result = await discoverFunctions(fixture, { trusted: true, serverless: { env: {} } });
  for (const file of ['config.js', 'lib/names.js', 'settings.mjs', 'whole.cjs', 'limits.ts', 'broken.js', 'absent.js', 'more-functions.yml', '.env']) {
    assert.ok(result.dependencies?.includes(join(fixture, file)), `${file} is a dependency: ${String(result.dependencies)}`);
  }
  const untrusted = await discoverFunctions(fixture, { serverless: { env: {} } });
  assert.ok(untrusted.dependencies?.includes(join(fixture, 'config.js')), 'watched before trust too, so granting it is not needed to notice an edit');
});

test('a "type": "module" package: named and default exports, a path built from ${sls:stage}, opt: options, env: with a fallback, stdout noise', async () => {
  const dir = scratch({
    'package.json': '{ "type": "module" }\n',
    'serverless.yml': [
      'service: esm',
      'provider: { name: aws, runtime: nodejs20.x }',
      'functions:',
      '  fn:',
      '    handler: index.handler',
      '    environment:',
      '      NAMED: ${file(./values.js):named}',
      '      DOMAIN: ${file(./values.js):domain}',
      '      COLOR: ${file(./values.js):color}',
      '      FROM_STRING: "prefix-${file(./values.js):count}"',
      '      STAGED: ${file(./values.${sls:stage}.js):which}',
    ].join('\n'),
    'values.dev.js': "export default { which: 'the dev file' };\n",
    'values.js': [
      "process.stdout.write('no newline here');",
      "export const named = 'named export';",
      "export const domain = ({ resolveVariable }) => resolveVariable('opt:domain');",
      "export const color = async ({ resolveVariable }) => resolveVariable('env:SWB_UNSET_COLOR, \"blue\"');",
      'export const count = 3;',
    ].join('\n'),
    'index.js': 'export const handler = async () => 1;\n',
  });
  const result = await discoverFunctions(dir, { trusted: true, serverless: { env: {}, options: { domain: 'api.example.test' } } });
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(findFunction(result, 'fn')?.environment, { NAMED: 'named export', DOMAIN: 'api.example.test', COLOR: 'blue', FROM_STRING: 'prefix-3', STAGED: 'the dev file' });
});

test('a function that never settles is cut off at the timeout without holding back the others; process.exit is reported', async () => {
  const dir = scratch({
    'serverless.yml': [
      'service: slow',
      'provider: { name: aws, runtime: nodejs20.x }',
      'functions:',
      '  fn:',
      '    handler: index.handler',
      '    environment:',
      '      QUICK: ${file(./slow.js):quick}',
      "      HANGS: ${file(./slow.js):hangs, 'gave up'}",
    ].join('\n'),
    'slow.js': ['exports.quick = async () => "quick value";', 'exports.hangs = () => new Promise(() => setInterval(() => undefined, 1000));'].join('\n'),
    'exits.yml': 'service: exits\nprovider: { name: aws }\nfunctions: { fn: { handler: index.handler, environment: { X: "${file(./exits.js):x}" } } }\n',
    'exits.js': 'process.exit(0);\n',
  });
  const text = readFileSync(join(dir, 'serverless.yml'), 'utf8');
  const slow = await parseServerlessYmlRunningJs(text, join(dir, 'serverless.yml'), { env: {} }, { trusted: true, timeoutMs: 5000 });
  assert.deepEqual(slow.functions[0]?.environment, { QUICK: 'quick value', HANGS: 'gave up' });
  assert.deepEqual(
    slow.diagnostics.map((d) => d.message),
    ["${file(./slow.js):hangs, 'gave up'}: file(./slow.js):hangs: it did not finish within 5 s; using the fallback 'gave up'"],
  );

  const exitsText = readFileSync(join(dir, 'exits.yml'), 'utf8');
  const exits = await parseServerlessYmlRunningJs(exitsText, join(dir, 'exits.yml'), { env: {} }, { trusted: true });
  assert.match(exits.diagnostics[0]?.message ?? '', /file\(\.\/exits\.js\):x: it exited before answering \(does the code call process\.exit\?\)/);
});

test('serverless.js programs: `${file(./x.js)}` strings in the exported object resolve too', async () => {
  const dir = scratch({
    'serverless.js': [
      'module.exports = {',
      "  service: 'program',",
      "  provider: { name: 'aws', runtime: 'nodejs20.x' },",
      "  functions: { fn: { handler: 'index.handler', environment: { TABLE: '${file(./config.js):table}' } } },",
      '};',
    ].join('\n'),
    'config.js': "module.exports = { table: async ({ resolveVariable }) => 'table-' + (await resolveVariable('sls:stage')) };\n",
    'index.js': 'exports.handler = async () => 1;\n',
  });
  const result = await discoverFunctions(dir, { trusted: true, serverless: { env: {}, stage: 'qa' } });
  assert.deepEqual(result.diagnostics, []);
  assert.equal(findFunction(result, 'fn')?.environment.TABLE, 'table-qa');
  assert.ok(result.dependencies?.includes(join(dir, 'config.js')));
});

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import type { WorkspaceDiscovery } from '../../../../src/core/project/discover';
import { discoverFunctions, findFunction } from '../../../../src/core/project/discover';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';
import type { ServerlessOptions } from '../../../../src/core/project/serverlessYml';
import { scratchFolder } from '../../../helpers/scratchFolder';

/** Serverless Framework projects shaped like the framework's templates and docs (test/fixtures/project/). */
const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'project');
const run = promisify(execFile);

function lineOf(file: string, prefix: string): number {
  const index = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((line) => line.startsWith(prefix));
  assert.ok(index >= 0, `no line of ${file} starts with ${JSON.stringify(prefix)}`);
  return index + 1;
}

/** The real environment is empty unless a test gives one, so the machine's variables never leak in. */
function discover(name: string, serverless: ServerlessOptions = {}): Promise<WorkspaceDiscovery> {
  return discoverFunctions(join(fixtures, name), { serverless: { env: {}, ...serverless } });
}

function get(result: WorkspaceDiscovery, name: string): FunctionSpec {
  const spec = findFunction(result, name);
  assert.ok(spec, `${name} not found; diagnostics: ${JSON.stringify(result.diagnostics)}`);
  return spec;
}

function scratch(files: Record<string, string>): string {
  return scratchFolder(after, 'swb-sls-project-', files);
}

test('v3 service with useDotenv: .env feeds ${env:…}; provider defaults merge; functions come from files', async () => {
  const dir = join(fixtures, 'sls-v3-users');
  const result = await discover('sls-v3-users');
  const create = get(result, 'createUser');
  const providerEnv = {
    STAGE: 'dev',
    REGION: 'eu-central-1',
    ACCOUNT_ID: '000000000000',
    DATABASE_URL: 'postgres://app:s3cr3t-dev@localhost:5432/users',
    USERS_TABLE: 'users-dev',
    LOG_LEVEL: 'info',
    SIGNUP_ENABLED: 'true',
    JWT_SECRET: 'local-jwt-secret',
  };
  assert.deepEqual(create, {
    name: 'createUser',
    provider: 'aws',
    region: 'eu-central-1',
    runtime: 'nodejs20.x',
    codeDir: dir,
    handler: 'src/handlers/users.create',
    timeout: 10,
    memorySize: 512,
    // The function's own LOG_LEVEL overrides the provider's.
    environment: { ...providerEnv, LOG_LEVEL: 'debug' },
    events: [{ type: 'httpApi', method: 'POST', path: '/users' }],
    architectures: ['arm64'],
    // Declared in functions/users.yml (through `- ${file(./functions/users.yml)}`): that is where it is revealed.
    source: { kind: 'serverless', file: join(dir, 'functions', 'users.yml'), line: lineOf(join(dir, 'functions', 'users.yml'), 'createUser:') },
  });
  const list = get(result, 'listUsers');
  assert.deepEqual([list.memorySize, list.timeout, list.environment], [256, 10, providerEnv]);
  assert.equal(list.source?.line, lineOf(join(dir, 'functions', 'users.yml'), 'listUsers:'));
  assert.equal(get(result, 'health').timeout, 3);

  assert.deepEqual(result.files, [join(dir, 'serverless.yml')]);
  assert.deepEqual(result.dependencies, [
    join(dir, '.env.dev'),
    join(dir, '.env'),
    join(dir, 'functions', 'users.yml'),
    join(dir, 'functions', 'health.yml'),
    join(dir, 'config.dev.json'),
  ]);
});

test('v3 service: --stage picks .env.<stage> alone and config.<stage>.json; the real environment wins over .env', async () => {
  const prod = await discover('sls-v3-users', { stage: 'prod' });
  const env = get(prod, 'listUsers').environment;
  assert.equal(env.DATABASE_URL, 'postgres://app:s3cr3t-prod@db.internal:5432/users');
  assert.equal(env.SIGNUP_ENABLED, 'false', 'FEATURE_SIGNUP is only in .env, which v3 does not read when .env.prod exists');
  assert.equal(env.LOG_LEVEL, 'warn');
  assert.equal(env.USERS_TABLE, 'users-prod');
  assert.ok((prod.dependencies ?? []).includes(join(fixtures, 'sls-v3-users', 'config.prod.json')));

  const shell = await discover('sls-v3-users', { env: { DATABASE_URL: 'postgres://from-the-shell/users', FEATURE_SIGNUP: '0' } });
  assert.equal(get(shell, 'createUser').environment.DATABASE_URL, 'postgres://from-the-shell/users');
  assert.equal(get(shell, 'createUser').environment.SIGNUP_ENABLED, 'false');
});

test('unresolvable sources use their fallback or warn at their own line (in the included file); secrets never appear in messages', async () => {
  const dir = join(fixtures, 'sls-v3-users');
  const result = await discover('sls-v3-users');
  assert.equal(get(result, 'health').environment.PAGER_KEY, '${ssm:/users-api/pager-key}');
  assert.deepEqual(
    result.diagnostics.map((d) => [d.severity, d.file, d.line, d.message]),
    [
      [
        'warning',
        join(dir, 'serverless.yml'),
        lineOf(join(dir, 'serverless.yml'), '    JWT_SECRET:'),
        "${ssm:/users-api/${sls:stage}/jwt-secret, 'local-jwt-secret'}: the ssm source is not read locally; using the fallback 'local-jwt-secret'",
      ],
      [
        'warning',
        join(dir, 'functions', 'health.yml'),
        lineOf(join(dir, 'functions', 'health.yml'), '    PAGER_KEY:'),
        '${ssm:/users-api/pager-key} cannot be resolved locally (the ssm source is not read locally); it is left as is',
      ],
    ],
  );
  const everything = JSON.stringify((await discover('sls-v3-users', { stage: 'prod' })).diagnostics) + JSON.stringify(result.diagnostics);
  assert.doesNotMatch(everything, /s3cr3t/);
});

test('v4 service: .env.<stage> wins over .env key by key without useDotenv; stages params; TypeScript handler found', async () => {
  const dir = join(fixtures, 'sls-v4-typescript');
  const result = await discover('sls-v4-typescript');
  assert.deepEqual(result.diagnostics, [], 'build.esbuild and logRetentionInDays are accepted silently; src/handler.ts is the handler file');
  const hello = get(result, 'hello');
  assert.deepEqual(hello.environment, { GREETING: 'Hello', APP_NAME: 'greeter-local', API_TOKEN: 'token-from-dotenv-dev', DEBUG_MODE: 'off' });
  assert.deepEqual([hello.handler, hello.runtime, hello.memorySize, hello.timeout], ['src/handler.hello', 'nodejs20.x', 256, 6]);
  assert.deepEqual(hello.events, [{ type: 'httpApi', method: 'GET', path: '/hello' }]);
  assert.deepEqual(result.dependencies, [join(dir, '.env.dev'), join(dir, '.env')]);

  const prod = await discover('sls-v4-typescript', { stage: 'prod', env: { DEBUG_MODE: 'on' } });
  assert.deepEqual(get(prod, 'hello').environment, { GREETING: 'Good day', APP_NAME: 'greeter-local', API_TOKEN: 'token-from-dotenv', DEBUG_MODE: 'on' });
});

test('serverless.yaml with Python handlers: path and dotted forms; a missing handler file is a warning at the function', async () => {
  const dir = join(fixtures, 'sls-python');
  const file = join(dir, 'serverless.yaml');
  const result = await discover('sls-python');
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.runtime, f.handler, f.timeout, f.source?.file]),
    [
      ['daily', 'python3.11', 'app/main.handler', 20, file],
      ['export', 'python3.11', 'reports.export.handler', 20, file],
      ['archive', 'python3.11', 'app/archive.handler', 20, file],
    ],
  );
  assert.deepEqual(result.diagnostics, [
    {
      file,
      line: lineOf(file, '  archive:'),
      message: `The handler file of archive was not found: no app/archive.py in ${dir} (handler: app/archive.handler)`,
      severity: 'warning',
    },
  ]);
});

test('the Python handlers import as Lambda imports them: app/ without __init__.py and a regular package', async () => {
  const result = await discover('sls-python', { stage: 'qa' });
  const call = async (spec: FunctionSpec, event: unknown): Promise<unknown> => {
    const dot = spec.handler.lastIndexOf('.');
    const script =
      'import importlib, json, sys\nsys.path.insert(0, sys.argv[1])\nmodule = importlib.import_module(sys.argv[2])\n' +
      'print(json.dumps(getattr(module, sys.argv[3])(json.loads(sys.argv[4]), None)))';
    const { stdout } = await run('python3', ['-c', script, spec.codeDir, spec.handler.slice(0, dot).replace(/\//g, '.'), spec.handler.slice(dot + 1), JSON.stringify(event)], {
      env: { PATH: process.env.PATH ?? '', ...spec.environment },
      timeout: 20_000,
    });
    return JSON.parse(stdout);
  };
  assert.deepEqual(await call(get(result, 'daily'), { time: 't1' }), { report: 'daily', bucket: 'reports-qa', time: 't1' });
  assert.deepEqual(await call(get(result, 'export'), { rows: [1, 2] }), { format: 'csv', bucket: 'reports-qa', rows: 2 });
});

test('serverless.json loads like serverless.yml', async () => {
  const dir = join(fixtures, 'sls-json');
  const result = await discover('sls-json');
  assert.deepEqual(result.diagnostics, []);
  const ping = get(result, 'ping');
  assert.deepEqual([ping.handler, ping.timeout, ping.environment, ping.source?.file], ['handler.ping', 5, { STAGE: 'local' }, join(dir, 'serverless.json')]);
  assert.equal(ping.source?.line, lineOf(join(dir, 'serverless.json'), '    "ping"'));
});

test('handlers in nested folders and TypeScript under serverless-esbuild / serverless-plugin-typescript are found; a typo is a warning', async () => {
  for (const plugin of ['serverless-esbuild', 'serverless-plugin-typescript']) {
    const dir = scratch({
      'serverless.yml': `service: s\nplugins:\n  - ${plugin}\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  create:\n    handler: src/handlers/users.create\n  typo:\n    handler: src/handlers/user.create\n`,
      'src/handlers/users.ts': 'export const create = async () => ({ statusCode: 201 });\n',
    });
    const result = await discoverFunctions(dir, { serverless: { env: {} } });
    assert.deepEqual(
      result.functions.map((f) => f.name),
      ['create', 'typo'],
    );
    assert.deepEqual(
      result.diagnostics.map((d) => [d.line, d.message]),
      [[lineOf(join(dir, 'serverless.yml'), '  typo:'), `The handler file of typo was not found: no src/handlers/user.js, .mjs, .cjs, .ts, .mts or .cts in ${dir} (handler: src/handlers/user.create)`]],
      plugin,
    );
  }
});

test('variables: nested self, file per stage, strToBool, params, aws:accountId, sls:instanceId; the project loads around unresolved ones', async () => {
  const dir = scratch({
    'serverless.yml': `service: vars
frameworkVersion: '3'
params:
  default:
    domain: \${sls:stage}.preview.example.com
  prod:
    domain: example.com
custom:
  memory:
    dev: 256
    prod: 1024
  verbose: \${strToBool(\${env:VERBOSE, 'false'})}
provider:
  name: aws
  runtime: nodejs20.x
  memorySize: \${self:custom.memory.\${opt:stage, 'dev'}}
  timeout: \${file(./limits.\${sls:stage}.json):timeout}
  environment:
    DOMAIN: \${param:domain}
    VERBOSE: \${self:custom.verbose}
    ACCOUNT: \${aws:accountId}
    INSTANCE: \${sls:instanceId}
    FROM_CF: \${cf:shared-\${sls:stage}.QueueUrl, 'http://localhost:9324/queue'}
    FROM_S3: \${s3:config-bucket/\${sls:stage}.json}
    NO_PARAM: \${param:missing}
    BAD_BOOL: \${strToBool(maybe)}
functions:
  f:
    handler: f.handler
`,
    'limits.dev.json': '{ "timeout": 12 }',
    'limits.prod.json': '{ "timeout": 29 }',
    'f.js': 'exports.handler = async () => 1;\n',
  });
  const dev = await discoverFunctions(dir, { serverless: { env: { VERBOSE: '1' } } });
  const f = get(dev, 'f');
  assert.deepEqual([f.memorySize, f.timeout], [256, 12]);
  assert.equal(f.environment.DOMAIN, 'dev.preview.example.com');
  assert.equal(f.environment.VERBOSE, 'true');
  assert.equal(f.environment.ACCOUNT, '000000000000');
  assert.match(f.environment.INSTANCE!, /^[0-9a-f]{8}$/);
  assert.equal(f.environment.FROM_CF, 'http://localhost:9324/queue');
  assert.equal(f.environment.FROM_S3, '${s3:config-bucket/${sls:stage}.json}');
  const file = join(dir, 'serverless.yml');
  assert.deepEqual(
    dev.diagnostics.map((d) => [d.line, d.message]),
    [
      [lineOf(file, '    FROM_CF:'), "${cf:shared-${sls:stage}.QueueUrl, 'http://localhost:9324/queue'}: the cf source is not read locally; using the fallback 'http://localhost:9324/queue'"],
      [lineOf(file, '    FROM_S3:'), '${s3:config-bucket/${sls:stage}.json} cannot be resolved locally (the s3 source is not read locally); it is left as is'],
      [lineOf(file, '    NO_PARAM:'), '${param:missing} cannot be resolved locally (param:missing is not set for stage dev in serverless.yml (Serverless Dashboard parameters are not read locally)); it is left as is'],
      [lineOf(file, '    BAD_BOOL:'), '${strToBool(maybe)} cannot be resolved locally (strToBool takes true, false, 1 or 0 (the value is not shown: it may be a secret)); it is left as is'],
    ],
  );
  const prod = await discoverFunctions(dir, { serverless: { stage: 'prod', env: {}, accountId: '123456789012' } });
  const p = get(prod, 'f');
  assert.deepEqual([p.memorySize, p.timeout, p.environment.DOMAIN, p.environment.VERBOSE, p.environment.ACCOUNT], [1024, 29, 'example.com', 'false', '123456789012']);
});

test('v3 without useDotenv: .env is not read, and a missing ${env:…} says why', async () => {
  const dir = scratch({
    'serverless.yml': "service: s\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  environment:\n    TOKEN: ${env:TOKEN, 'none'}\nfunctions:\n  f:\n    handler: f.handler\n",
    '.env': 'TOKEN=hidden-value\n',
    'f.js': 'exports.handler = async () => 1;\n',
  });
  const result = await discoverFunctions(dir, { serverless: { env: {} } });
  assert.equal(get(result, 'f').environment.TOKEN, 'none');
  assert.deepEqual(
    result.diagnostics.map((d) => d.message),
    ["${env:TOKEN, 'none'}: .env sets TOKEN, but Serverless Framework v3 loads .env files only with useDotenv: true; using the fallback 'none'"],
  );
});

test('.env values reach functions only through ${env:…}, as in the framework', async () => {
  const dir = scratch({
    'serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  f:\n    handler: f.handler\n    environment:\n      USED: ${env:USED}\n',
    '.env': 'USED=yes\nUNUSED=never-passed\n',
    'f.js': 'exports.handler = async () => 1;\n',
  });
  const result = await discoverFunctions(dir, { serverless: { env: {} } });
  assert.deepEqual(get(result, 'f').environment, { USED: 'yes' });
});

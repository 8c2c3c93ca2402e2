import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseServerlessYml, serverlessDefaults } from '../../../../src/core/project/serverlessYml';
import type { ServerlessOptions } from '../../../../src/core/project/serverlessYml';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'projects');
const serviceDir = join(fixtures, 'serverless-orders');
const fixtureFile = join(serviceDir, 'serverless.yml');
const fixtureText = readFileSync(fixtureFile, 'utf8');
const file = '/work/svc/serverless.yml';

function lineStarting(text: string, prefix: string): number {
  const index = text.split('\n').findIndex((line) => line.startsWith(prefix));
  assert.ok(index >= 0, `no line starts with ${JSON.stringify(prefix)}`);
  return index + 1;
}

/** Parses with an empty process environment unless the test gives one, so the machine's variables never leak in. */
function parse(text: string, options: ServerlessOptions = {}, at = file) {
  return parseServerlessYml(text, at, { env: {}, ...options });
}

const service = (functions: string, provider = '  runtime: nodejs20.x\n'): string =>
  `service: svc\nprovider:\n  name: aws\n${provider}functions:\n${functions}`;

test('the fixture service loads: variables resolved, provider settings merged, events mapped', () => {
  const result = parse(fixtureText, {}, fixtureFile);
  const providerEnv = { SERVICE_NAME: 'orders-api', STAGE: 'dev', TABLE_NAME: 'orders-api-dev-orders', REGION: 'eu-west-1' };
  assert.deepEqual(result.functions[0], {
    name: 'createOrder',
    provider: 'aws',
    runtime: 'nodejs20.x',
    codeDir: serviceDir,
    handler: 'src/handlers/orders.create',
    timeout: 10,
    memorySize: 256,
    environment: providerEnv,
    events: [{ type: 'httpApi', method: 'POST', path: '/orders' }],
    source: { kind: 'serverless', file: fixtureFile, line: lineStarting(fixtureText, '  createOrder:') },
    region: 'eu-west-1',
  });
  const [, getOrder, processQueue, nightly] = result.functions;
  assert.deepEqual(getOrder.events, [{ type: 'httpApi', method: 'GET', path: '/orders/{id}' }]);
  assert.equal(getOrder.source?.line, lineStarting(fixtureText, '  getOrder:'));

  assert.equal(processQueue.functionName, 'orders-api-dev-process-queue');
  assert.deepEqual([processQueue.timeout, processQueue.memorySize], [30, 512]);
  assert.deepEqual(processQueue.environment, { ...providerEnv, BATCH_SIZE: '5', QUEUE_URL: '!Ref OrdersQueue' });
  assert.deepEqual(processQueue.events, [{ type: 'sqs', arn: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] }, batchSize: 5 }]);

  assert.equal(nightly.handler, 'src/handlers/report.nightly');
  assert.deepEqual(nightly.events, [
    { type: 'schedule', schedule: 'rate(1 day)' },
    { type: 'schedule', rate: 'cron(0 2 * * ? *)', enabled: false, schedule: 'cron(0 2 * * ? *)' },
  ]);

  // The one unresolvable value: a CloudFormation !Ref in the environment.
  assert.deepEqual(
    result.diagnostics.map((d) => [d.severity, d.line, d.message]),
    [
      [
        'warning',
        lineStarting(fixtureText, '      QUEUE_URL:'),
        'Environment variable QUEUE_URL of processQueue: !Ref OrdersQueue names a resource, known only when deployed; it is set to "!Ref OrdersQueue" locally',
      ],
    ],
  );
});

test('--stage and --region flow into ${opt:…}, ${sls:stage}, ${aws:region} and self references', () => {
  const result = parse(fixtureText, { stage: 'prod', region: 'ap-south-1' }, fixtureFile);
  const queue = result.functions.find((f) => f.name === 'processQueue')!;
  assert.equal(queue.functionName, 'orders-api-prod-process-queue');
  assert.equal(queue.environment.TABLE_NAME, 'orders-api-prod-orders');
  assert.equal(queue.environment.STAGE, 'prod');
  assert.equal(queue.environment.REGION, 'ap-south-1');
  assert.equal(queue.region, 'ap-south-1', 'the region serverless invoke local would set');
});

test('provider.region becomes the functions\u2019 region; without one the emulator decides', () => {
  const [fromProvider] = parse(service('  a:\n    handler: a.main\n', '  runtime: nodejs20.x\n  region: eu-central-1\n')).functions;
  assert.equal(fromProvider!.region, 'eu-central-1');
  const [unset] = parse(service('  a:\n    handler: a.main\n')).functions;
  assert.equal(unset!.region, undefined);
});

test("the framework's defaults: nodejs20.x with one warning, 6 s, 1024 MB; functions override the provider", () => {
  const text = 'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: a.main\n  b:\n    handler: b.main\n  c:\n    handler: c.main\n    runtime: python3.12\n';
  const result = parse(text);
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.runtime, f.timeout, f.memorySize, f.codeDir]),
    [
      ['a', serverlessDefaults.runtime, 6, 1024, '/work/svc'],
      ['b', 'nodejs20.x', 6, 1024, '/work/svc'],
      ['c', 'python3.12', 6, 1024, '/work/svc'],
    ],
  );
  assert.equal(result.diagnostics.length, 1);
  assert.equal(result.diagnostics[0]!.severity, 'warning');
  assert.equal(result.diagnostics[0]!.line, 2);
  assert.match(result.diagnostics[0]!.message, /No runtime is set.*nodejs20\.x/);
  assert.deepEqual(parse(service('  a:\n    handler: a.main\n')).diagnostics, [], 'no warning when provider.runtime is set');
});

test('function settings merge over the provider: environment key-wise, name, description, architecture', () => {
  const text = service(
    '  a:\n    handler: h.a\n    name: custom-a\n    description: Does A\n    timeout: 20\n    architecture: x86_64\n    environment:\n      SHARED: mine\n      OWN: 1\n',
    '  runtime: nodejs22.x\n  timeout: 12\n  memorySize: 2048\n  architecture: arm64\n  environment:\n    SHARED: provider\n    ONLY_PROVIDER: p\n',
  );
  const [spec] = parse(text).functions;
  assert.deepEqual(
    [spec.runtime, spec.timeout, spec.memorySize, spec.functionName, spec.description, spec.architectures],
    ['nodejs22.x', 20, 2048, 'custom-a', 'Does A', ['x86_64']],
  );
  assert.deepEqual(spec.environment, { SHARED: 'mine', ONLY_PROVIDER: 'p', OWN: '1' });
});

test('variables: env with and without a value, nested, defaults, numbers, whole-value types', () => {
  const text = `service: svc
custom:
  stages:
    dev: { table: dev-table }
  size: 512
  flags: { a: 1 }
provider:
  name: aws
  runtime: nodejs20.x
  memorySize: \${self:custom.size}
functions:
  f:
    handler: h.f
    environment:
      HOME_DIR: \${env:HOME_DIR, '/default/home'}
      FROM_ENV: \${env:SET_VAR}
      NESTED: \${self:custom.stages.\${opt:stage, 'dev'}.table}
      BARE_FALLBACK: \${opt:color, blue}
      NUMBER_FALLBACK: \${opt:count, 3}
      CHAIN: \${opt:missing, env:ALSO_MISSING, self:service}
      EMBEDDED: prefix-\${self:service}-\${self:custom.size}
      OBJECT: \${self:custom.flags}
      CFN_SUB_TEXT: arn:\${AWS::Partition}:s3:::\${BucketName}/*
`;
  const result = parse(text, { env: { SET_VAR: 'from-env' } });
  assert.deepEqual(result.functions[0]!.memorySize, 512);
  assert.deepEqual(result.functions[0]!.environment, {
    HOME_DIR: '/default/home',
    FROM_ENV: 'from-env',
    NESTED: 'dev-table',
    BARE_FALLBACK: 'blue',
    NUMBER_FALLBACK: '3',
    CHAIN: 'svc',
    EMBEDDED: 'prefix-svc-512',
    OBJECT: '{"a":1}',
    CFN_SUB_TEXT: 'arn:${AWS::Partition}:s3:::${BucketName}/*',
  });
  // OBJECT is a mapping, which Lambda cannot take as a value: one warning, at its line.
  assert.deepEqual(
    result.diagnostics.map((d) => d.line),
    [lineStarting(text, '      OBJECT:')],
  );
});

test('variables that cannot be resolved locally stay as they are, with a warning at their line', () => {
  const text = service(
    "  f:\n    handler: h.f\n    environment:\n      DB: ${ssm:/app/db-url}\n      DB2: ${ssm:/app/db-url, 'postgres://localhost'}\n      OUTPUT: ${cf:orders-dev.TableName}\n      OBJECT_KEY: ${s3:config-bucket/app.json}\n      NOPE: ${env:NOT_SET}\n      LOOP: ${self:custom.a}\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\n",
  );
  const result = parse(text);
  const env = result.functions[0]!.environment;
  assert.equal(env.DB, '${ssm:/app/db-url}');
  assert.equal(env.DB2, 'postgres://localhost');
  assert.equal(env.OUTPUT, '${cf:orders-dev.TableName}');
  assert.equal(env.OBJECT_KEY, '${s3:config-bucket/app.json}');
  assert.equal(env.NOPE, '${env:NOT_SET}');
  assert.equal(env.LOOP, '${self:custom.a}');
  const byLine = new Map(result.diagnostics.map((d) => [d.line, d.message]));
  assert.match(byLine.get(lineStarting(text, '      DB:'))!, /\$\{ssm:\/app\/db-url\} cannot be resolved locally \(the ssm source is not read locally\); it is left as is/);
  assert.match(byLine.get(lineStarting(text, '      DB2:'))!, /the ssm source is not read locally; using the fallback 'postgres:\/\/localhost'/);
  assert.match(byLine.get(lineStarting(text, '      OUTPUT:'))!, /^\$\{cf:orders-dev\.TableName\} cannot be resolved locally \(the cf source is not read locally\)/);
  assert.match(byLine.get(lineStarting(text, '      OBJECT_KEY:'))!, /the s3 source is not read locally/);
  assert.match(byLine.get(lineStarting(text, '      NOPE:'))!, /no value and no fallback/);
  assert.match(byLine.get(lineStarting(text, '      LOOP:'))!, /refers to itself/);
  assert.ok(result.diagnostics.every((d) => d.severity === 'warning'));
});

test('${file(…)} reads YAML and JSON files next to serverless.yml', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'swb-sls-file-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'env.yml'), 'dev:\n  API_URL: http://localhost:3000\n  STAGE_NAME: ${sls:stage}\n');
  await writeFile(join(dir, 'limits.json'), '{ "timeout": 25 }');
  const text = service("  f:\n    handler: h.f\n    timeout: ${file(./limits.json):timeout}\n    environment: ${file(./env.yml):${sls:stage}}\n  g:\n    handler: h.g\n    environment:\n      X: ${file(./missing.yml):x, 'fallback'}\n");
  const result = parse(text, {}, join(dir, 'serverless.yml'));
  assert.deepEqual(result.diagnostics, []);
  const [f, g] = result.functions;
  assert.equal(f.timeout, 25);
  assert.deepEqual(f.environment, { API_URL: 'http://localhost:3000', STAGE_NAME: 'dev' });
  assert.deepEqual(g.environment, { X: 'fallback' });
});

test('http and httpApi events: string and object forms, catch-all routes', () => {
  const text = service(`  f:
    handler: h.f
    events:
      - http: get hello
      - http: 'POST /items/{id}'
      - http:
          method: delete
          path: items/{id}
          cors: true
      - httpApi: '*'
      - httpApi: 'PATCH /x'
      - httpApi:
          path: /any
      - httpApi:
          method: '*'
          path: /star
`);
  const result = parse(text);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.functions[0]!.events, [
    { type: 'http', method: 'GET', path: '/hello' },
    { type: 'http', method: 'POST', path: '/items/{id}' },
    { type: 'http', method: 'DELETE', path: '/items/{id}' },
    { type: 'httpApi', method: 'ANY', path: '$default' },
    { type: 'httpApi', method: 'PATCH', path: '/x' },
    { type: 'httpApi', method: 'ANY', path: '/any' },
    { type: 'httpApi', method: 'ANY', path: '/star' },
  ]);
});

test('other events keep their properties; string shorthands expand; streams get their service', () => {
  const text = service(`  f:
    handler: h.f
    events:
      - sqs: arn:aws:sqs:us-east-1:123456789012:jobs
      - sqs:
          arn: !GetAtt Jobs.Arn
          batchSize: 10
      - s3: photos
      - s3:
          bucket: uploads
          event: s3:ObjectCreated:*
          rules:
            - suffix: .jpg
      - stream: arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024
      - stream:
          type: kinesis
          arn: !GetAtt Events.Arn
      - sns: alerts
      - sns: arn:aws:sns:us-east-1:123456789012:alerts
      - eventBridge:
          pattern:
            source: [my.app]
      - cloudwatchEvent:
          event:
            source: [aws.ec2]
      - schedule:
          rate: [rate(5 minutes), rate(1 hour)]
      - websocket: $connect
`);
  const result = parse(text);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.functions[0]!.events, [
    { type: 'sqs', arn: 'arn:aws:sqs:us-east-1:123456789012:jobs' },
    { type: 'sqs', arn: { 'Fn::GetAtt': ['Jobs', 'Arn'] }, batchSize: 10 },
    { type: 's3', bucket: 'photos' },
    { type: 's3', bucket: 'uploads', event: 's3:ObjectCreated:*', rules: [{ suffix: '.jpg' }] },
    { type: 'dynamodb', arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024' },
    { type: 'kinesis', arn: { 'Fn::GetAtt': ['Events', 'Arn'] } },
    { type: 'sns', topicName: 'alerts' },
    { type: 'sns', arn: 'arn:aws:sns:us-east-1:123456789012:alerts' },
    { type: 'eventBridge', pattern: { source: ['my.app'] } },
    { type: 'eventBridge', event: { source: ['aws.ec2'] } },
    { type: 'schedule', rate: ['rate(5 minutes)', 'rate(1 hour)'], schedule: 'rate(5 minutes)' },
    { type: 'websocket', route: '$connect' },
  ]);
});

test('a bad event is a warning at its line; the function keeps its other events', () => {
  const text = service('  f:\n    handler: h.f\n    events:\n      - httpApi: GET\n      - just-a-string\n      - sqs: q\n');
  const result = parse(text);
  assert.deepEqual(result.functions[0]!.events, [{ type: 'sqs', arn: 'q' }]);
  assert.deepEqual(
    result.diagnostics.map((d) => d.line),
    [lineStarting(text, '      - httpApi: GET'), lineStarting(text, '      - just-a-string')],
  );
  assert.match(result.diagnostics[0]!.message, /httpApi event GET needs a method and a path/);
});

test('a bad function is an error at its line; the others load', () => {
  const text = service('  noHandler:\n    runtime: nodejs20.x\n  empty:\n  good:\n    handler: h.good\n  slow:\n    handler: h.slow\n    timeout: 1000\n');
  const result = parse(text);
  assert.deepEqual(
    result.functions.map((f) => f.name),
    ['good'],
  );
  assert.deepEqual(
    result.diagnostics.map((d) => [d.severity, d.line, d.message]),
    [
      ['error', lineStarting(text, '  noHandler:'), 'Function noHandler has no handler (e.g. handler: src/handler.main)'],
      ['error', lineStarting(text, '  empty:'), 'Function empty must be a mapping with a handler, found nothing'],
      ['error', lineStarting(text, '    timeout: 1000'), 'timeout of slow must be between 1 and 900 seconds, found 1000'],
    ],
  );
});

test('image functions are listed with a warning', () => {
  const text = service('  img:\n    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc\n');
  const result = parse(text);
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.runtime, f.handler]),
    [['img', 'image', '']],
  );
  assert.equal(result.diagnostics.length, 1);
  assert.equal(result.diagnostics[0]!.line, lineStarting(text, '    image:'));
  assert.match(result.diagnostics[0]!.message, /container image; it is listed but cannot run locally/);
});

test('functions may be a list of mappings, as the framework merges them', () => {
  const text = 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  - a:\n      handler: h.a\n  - b:\n      handler: h.b\n';
  const result = parse(text);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.source?.line]),
    [
      ['a', lineStarting(text, '  - a:')],
      ['b', lineStarting(text, '  - b:')],
    ],
  );
});

test('a provider other than aws is a warning and lists no functions', () => {
  const result = parse('service: s\nprovider:\n  name: azure\n  runtime: nodejs18\nfunctions:\n  a:\n    handler: h.a\n');
  assert.deepEqual(result.functions, []);
  assert.equal(result.diagnostics.length, 1);
  assert.equal(result.diagnostics[0]!.line, 3);
  assert.match(result.diagnostics[0]!.message, /provider azure is not supported/);
});

test('malformed files: one error with the line of the problem', () => {
  const syntax = parse('service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n   runtime: nodejs20.x\n');
  assert.deepEqual(syntax.functions, []);
  assert.deepEqual(
    syntax.diagnostics.map((d) => [d.line, d.severity, d.message.startsWith('YAML syntax error: ')]),
    [[7, 'error', true]],
  );
  const wrongType = parse('service: s\nprovider:\n  name: aws\nfunctions: [1, 2]\n');
  assert.deepEqual(
    wrongType.diagnostics.map((d) => [d.line, d.message]),
    [[4, 'functions must be a mapping of function names, found number 1']],
  );
  const provider = parse('service: s\nprovider: aws\nfunctions:\n  a:\n    handler: h.a\n');
  assert.deepEqual(
    provider.diagnostics.map((d) => [d.line, d.message]),
    [[2, 'provider must be a mapping, found string "aws"']],
  );
  assert.deepEqual(parse('- a\n').diagnostics.length, 1);
});

test('CloudFormation short-form tags in serverless.yml parse', () => {
  const text = service('  f:\n    handler: h.f\n    environment:\n      BUCKET: !Ref Uploads\n      URL: !Sub "https://${ApiGatewayRestApi}.execute-api.${AWS::Region}.amazonaws.com"\n      JOINED: !Join ["-", [a, !Ref AWS::Region]]\n');
  const result = parse(text);
  const env = result.functions[0]!.environment;
  assert.equal(env.BUCKET, '!Ref Uploads');
  assert.equal(env.URL, '!Sub https://${ApiGatewayRestApi}.execute-api.${AWS::Region}.amazonaws.com');
  assert.equal(env.JOINED, 'a-us-east-1', 'intrinsics that need no deployed resource are evaluated');
  assert.equal(result.diagnostics.length, 2);
  assert.ok(result.diagnostics.every((d) => d.severity === 'warning'));
});

test('parts included whole by ${file(…)} are read part by part and pointed at in their own file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'swb-sls-include-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const fns = 'functions:\n  a:\n    handler: h.a\n    timeout: 2000\n  b: ${file(./b.yml)}\n';
  await writeFile(join(dir, 'fns.yml'), fns);
  await writeFile(join(dir, 'b.yml'), '# function b\nhandler: h.b\nenvironment:\n  TOKEN: ${ssm:/b/token}\n');
  await writeFile(join(dir, 'broken.yml'), 'a:\n  handler: [\n');
  const result = parse(service('  ${file(./fns.yml):functions}\n').replace('functions:\n  ${file', 'functions: ${file'), {}, join(dir, 'serverless.yml'));
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.source?.file, f.source?.line]),
    [['b', join(dir, 'b.yml'), 2]],
  );
  assert.deepEqual(
    result.diagnostics.map((d) => [d.file, d.line, d.message]),
    [
      [join(dir, 'fns.yml'), 4, 'timeout of a must be between 1 and 900 seconds, found 2000'],
      [join(dir, 'b.yml'), 4, '${ssm:/b/token} cannot be resolved locally (the ssm source is not read locally); it is left as is'],
    ],
  );
  assert.deepEqual(result.dependencies?.filter((f) => f.endsWith('.yml')), [join(dir, 'fns.yml'), join(dir, 'b.yml')]);

  const broken = parse(service('  - ${file(./broken.yml)}\n'), {}, join(dir, 'serverless.yml'));
  assert.deepEqual(broken.functions, []);
  assert.match(broken.diagnostics[0]!.message, /file\(\.\/broken\.yml\) cannot be read: YAML syntax error/);
  assert.equal(broken.diagnostics.at(-1)!.severity, 'error');
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mergeGlobals, parseSamTemplate } from '../../../../src/core/project/sam';
import { loadYamlSource } from '../../../../src/core/project/yamlSource';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'projects');
const file = '/work/app/template.yaml';

function fixture(...parts: string[]): { file: string; text: string } {
  const path = join(fixtures, ...parts);
  return { file: path, text: readFileSync(path, 'utf8') };
}

/** 1-based line of the first line of `text` that starts with `prefix` — so expectations follow fixture edits. */
function lineStarting(text: string, prefix: string): number {
  const index = text.split('\n').findIndex((line) => line.startsWith(prefix));
  assert.ok(index >= 0, `no line starts with ${JSON.stringify(prefix)}`);
  return index + 1;
}

/** A minimal SAM template around the given Resources body (indented by 2). */
function template(resources: string, head = ''): string {
  return `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n${head}Resources:\n${resources}`;
}

function fn(name: string, props: string): string {
  const body = props
    .trim()
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
  return `  ${name}:\n    Type: AWS::Serverless::Function\n    Properties:\n${body}\n`;
}

test('the `sam init` Node.js hello world loads exactly, with Globals applied', () => {
  const { file: path, text } = fixture('sam-hello-world', 'template.yaml');
  const result = parseSamTemplate(text, path);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.functions, [
    {
      name: 'HelloWorldFunction',
      provider: 'aws',
      runtime: 'nodejs20.x',
      codeDir: join(fixtures, 'sam-hello-world', 'hello-world'),
      handler: 'app.lambdaHandler',
      timeout: 3,
      memorySize: 128,
      environment: {},
      events: [{ type: 'http', method: 'GET', path: '/hello' }],
      architectures: ['x86_64'],
      source: { kind: 'sam', file: path, line: lineStarting(text, '  HelloWorldFunction:') },
    },
  ]);
});

test('the Python project: Globals merge key-wise, parameters, conditions and mappings resolve', () => {
  const { file: path, text } = fixture('sam-python-orders', 'template.yaml');
  const result = parseSamTemplate(text, path);
  const [process, report] = result.functions;
  assert.equal(result.functions.length, 2);

  assert.equal(process.name, 'ProcessOrderFunction');
  assert.equal(process.runtime, 'python3.12', 'Runtime from Globals');
  assert.equal(process.timeout, 10, 'Timeout from Globals');
  assert.equal(process.memorySize, 256, '!FindInMap [StageSettings, !Ref Stage, MemorySize] with Stage=dev');
  assert.deepEqual(process.architectures, ['arm64']);
  assert.equal(process.codeDir, join(fixtures, 'sam-python-orders', 'src'));
  assert.equal(process.handler, 'process_order.handler');
  assert.deepEqual(process.environment, {
    STAGE: 'dev',
    POWERTOOLS_SERVICE_NAME: 'orders',
    LOG_LEVEL: 'DEBUG',
    TABLE_NAME: 'orders-table',
    QUEUE_ARN: 'arn:aws:sqs:us-east-1:123456789012:sam-python-orders-OrdersQueue',
    REGION_LABEL: 'orders-us-east-1-dev',
  });
  assert.ok(!('ALERTS_TO' in process.environment), '!If [NotProd, !Ref AWS::NoValue, …] removes the variable');
  assert.deepEqual(process.events, [
    { type: 'sqs', queue: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] }, batchSize: 10 },
    { type: 'schedule', schedule: 'cron(0 2 * * ? *)', enabled: false },
  ]);
  assert.equal(process.source?.line, lineStarting(text, '  ProcessOrderFunction:'));

  assert.equal(report.runtime, 'python3.11', "the function's own Runtime beats Globals");
  assert.equal(report.timeout, 30);
  assert.equal(report.memorySize, 128);
  assert.equal(report.functionName, 'orders-report-dev');
  assert.equal(report.description, 'Builds the order report');
  assert.deepEqual(report.environment, {
    STAGE: 'dev',
    POWERTOOLS_SERVICE_NAME: 'orders',
    LOG_LEVEL: 'INFO',
    TABLE_ARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders-table',
  });
  assert.deepEqual(report.events, [{ type: 'httpApi', method: 'ANY', path: '$default' }]);
  assert.equal(report.source?.line, lineStarting(text, '  ReportFunction:'));

  // The queue's name is generated at deploy time, so its ARN is a guess; the table declares its name, so its ARN is exact.
  assert.deepEqual(
    result.diagnostics.map((d) => [d.severity, d.line]),
    [['warning', lineStarting(text, '          QUEUE_ARN:')]],
  );
  assert.match(result.diagnostics[0]!.message, /QUEUE_ARN of ProcessOrderFunction: .*deployed resource.*"arn:aws:sqs:us-east-1:123456789012:sam-python-orders-OrdersQueue"/);
});

test('parameter overrides and the region option change what resolves', () => {
  const { file: path, text } = fixture('sam-python-orders', 'template.yaml');
  const result = parseSamTemplate(text, path, { parameterOverrides: { Stage: 'prod', AlertEmail: 'ops@example.com' }, region: 'eu-west-1' });
  const [process, report] = result.functions;
  assert.equal(process.memorySize, 1024);
  assert.equal(process.environment.LOG_LEVEL, 'WARNING');
  assert.equal(process.environment.ALERTS_TO, 'ops@example.com');
  assert.equal(process.environment.REGION_LABEL, 'orders-eu-west-1-prod');
  assert.deepEqual(process.events[1], { type: 'schedule', schedule: 'cron(0 2 * * ? *)', enabled: true });
  assert.equal(report.functionName, 'orders-report-prod');
});

test('Globals.Function supplies Handler, CodeUri, MemorySize and Environment; the function overrides per key', () => {
  const text = template(
    fn('A', 'Runtime: nodejs22.x') +
      fn('B', 'Handler: b.main\nCodeUri: other/\nMemorySize: 512\nEnvironment:\n  Variables:\n    SHARED: mine\n    OWN: yes'),
    `Globals:\n  Function:\n    Runtime: nodejs22.x\n    Handler: index.handler\n    CodeUri: shared/\n    MemorySize: 256\n    Timeout: 20\n    Environment:\n      Variables:\n        SHARED: global\n        GLOBAL_ONLY: g\n`,
  );
  const result = parseSamTemplate(text, file);
  assert.deepEqual(result.diagnostics, []);
  const [a, b] = result.functions;
  assert.deepEqual(
    [a.handler, a.codeDir, a.memorySize, a.timeout, a.environment],
    ['index.handler', '/work/app/shared', 256, 20, { SHARED: 'global', GLOBAL_ONLY: 'g' }],
  );
  assert.deepEqual(
    [b.handler, b.codeDir, b.memorySize, b.timeout, b.environment],
    ['b.main', '/work/app/other', 512, 20, { SHARED: 'mine', GLOBAL_ONLY: 'g', OWN: 'yes' }],
  );
});

test('mergeGlobals merges mappings recursively but treats an intrinsic as a value', () => {
  assert.deepEqual(mergeGlobals({ A: { X: 1, Y: 2 }, B: 1 }, { A: { Y: 3 } }), { A: { X: 1, Y: 3 }, B: 1 });
  assert.deepEqual(mergeGlobals({ A: { Ref: 'P' } }, { A: { X: 1 } }), { A: { X: 1 } });
  assert.deepEqual(mergeGlobals({ A: { X: 1 } }, { A: { 'Fn::If': ['C', 1, 2] } }), { A: { 'Fn::If': ['C', 1, 2] } });
  assert.deepEqual(mergeGlobals({ Architectures: ['x86_64'] }, { Architectures: ['arm64'] }), { Architectures: ['arm64'] });
});

test('CodeUri: default ".", relative folders resolve from the template folder', () => {
  const text = template(
    fn('Dot', 'Handler: a.b\nRuntime: nodejs20.x') +
      fn('Up', 'Handler: a.b\nRuntime: nodejs20.x\nCodeUri: ../shared/code') +
      fn('Sub', 'Handler: a.b\nRuntime: nodejs20.x\nCodeUri: !Sub "${Folder}/x"'),
    'Parameters:\n  Folder:\n    Type: String\n    Default: build\n',
  );
  const result = parseSamTemplate(text, file);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(
    result.functions.map((f) => f.codeDir),
    ['/work/app', '/work/shared/code', '/work/app/build/x'],
  );
});

test('code that is not local (S3 URI, S3 object, inline code of a provided runtime) is listed with a warning at its line', () => {
  const text = template(
    fn('S3Uri', 'Handler: a.b\nRuntime: nodejs20.x\nCodeUri: s3://my-bucket/code.zip') +
      fn('S3Object', 'Handler: a.b\nRuntime: nodejs20.x\nCodeUri:\n  Bucket: my-bucket\n  Key: code.zip') +
      fn('Inline', 'Handler: bootstrap\nRuntime: provided.al2023\nInlineCode: "echo hi"'),
  );
  const result = parseSamTemplate(text, file);
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.codeDir]),
    [
      ['S3Uri', '/work/app'],
      ['S3Object', '/work/app'],
      ['Inline', '/work/app'],
    ],
  );
  assert.equal(result.diagnostics.length, 3);
  assert.ok(result.diagnostics.every((d) => d.severity === 'warning' && /not in a local folder/.test(d.message)));
  assert.match(result.diagnostics[0]!.message, /S3Uri.*s3:\/\/my-bucket\/code\.zip/);
  assert.equal(result.diagnostics[0]!.line, lineStarting(text, '      CodeUri: s3://'));
  assert.equal(result.diagnostics[2]!.line, lineStarting(text, '      InlineCode:'));
  assert.match(result.diagnostics[2]!.message, /InlineCode in a provided\.al2023 function/);
  assert.deepEqual(result.inlineCode, []);
});

test('environment values: numbers and booleans become strings, intrinsics resolve or become placeholders', () => {
  const text = template(
    fn(
      'F',
      `Handler: a.b
Runtime: nodejs20.x
Environment:
  Variables:
    COUNT: 3
    FLAG: true
    EMPTY:
    JOINED: !Join ['-', [a, !Ref Name, !Select [1, !Split [',', 'x,y,z']]]]
    ENCODED: !Base64 hi
    ACCOUNT: !Sub '\${AWS::AccountId}'
    LITERAL: !Sub 'keep \${!Literal} \${AWS::Partition}'
    NO_DEFAULT: !Ref Secret
    TABLE: !Ref Table
    IMPORTED: !ImportValue shared-queue-url
    AZ: !Select [0, !GetAZs '']
    MAPPED: !FindInMap [Env, dev, Url]`,
    ) + '  Table:\n    Type: AWS::DynamoDB::Table\n',
    `Parameters:\n  Name:\n    Type: String\n    Default: svc\n  Secret:\n    Type: String\nMappings:\n  Env:\n    dev:\n      Url: http://localhost:4000\n`,
  );
  const result = parseSamTemplate(text, file);
  const [spec] = result.functions;
  assert.deepEqual(spec.environment, {
    COUNT: '3',
    FLAG: 'true',
    EMPTY: '',
    JOINED: 'a-svc-y',
    ENCODED: Buffer.from('hi').toString('base64'),
    ACCOUNT: '123456789012',
    LITERAL: 'keep ${Literal} aws',
    NO_DEFAULT: '!Ref Secret',
    TABLE: 'app-Table',
    IMPORTED: '!ImportValue shared-queue-url',
    AZ: '!Select [0,{"Fn::GetAZs":""}]',
    MAPPED: 'http://localhost:4000',
  });
  const warnings = result.diagnostics.map((d) => `${d.line} ${d.message}`);
  assert.equal(warnings.length, 4, warnings.join('\n'));
  assert.match(warnings[0]!, /^\d+ Environment variable NO_DEFAULT of F: parameter Secret has no Default/);
  assert.match(warnings[1]!, /TABLE of F: !Ref Table names a resource, known only when deployed; it is set to "app-Table" locally$/);
  assert.match(warnings[2]!, /IMPORTED of F: !ImportValue shared-queue-url is an export of another deployed stack/);
  assert.equal(result.diagnostics[0]!.line, lineStarting(text, '          NO_DEFAULT:'));
});

test('the accountId and stackName options resolve those pseudo parameters', () => {
  const text = template(fn('F', "Handler: a.b\nRuntime: nodejs20.x\nEnvironment:\n  Variables:\n    ID: !Sub '${AWS::StackName}-${AWS::AccountId}'"));
  const result = parseSamTemplate(text, file, { accountId: '123456789012', stackName: 'local' });
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.functions[0]!.environment.ID, 'local-123456789012');
});

test('every SAM event type maps to a FunctionEventSpec', () => {
  const events = `Events:
  Rest:
    Type: Api
    Properties: { Path: '/items/{id}', Method: post }
  Http:
    Type: HttpApi
    Properties: { Path: /h, Method: any }
  HttpDefault:
    Type: HttpApi
  Upload:
    Type: S3
    Properties: { Bucket: !Ref Bucket, Events: s3:ObjectCreated:* }
  Queue:
    Type: SQS
    Properties: { Queue: arn:aws:sqs:us-east-1:123456789012:q, BatchSize: 5 }
  Topic:
    Type: SNS
    Properties: { Topic: arn:aws:sns:us-east-1:123456789012:t }
  Every:
    Type: Schedule
    Properties: { Schedule: rate(5 minutes) }
  EveryV2:
    Type: ScheduleV2
    Properties: { ScheduleExpression: rate(1 hour) }
  Table:
    Type: DynamoDB
    Properties: { Stream: !GetAtt T.StreamArn, StartingPosition: LATEST }
  Stream:
    Type: Kinesis
    Properties: { Stream: arn:aws:kinesis:us-east-1:123456789012:stream/s, StartingPosition: TRIM_HORIZON }
  Rule:
    Type: EventBridgeRule
    Properties: { Pattern: { source: [my.app] } }
  Legacy:
    Type: CloudWatchEvent
    Properties: { Pattern: { source: [aws.ec2] } }
  Logs:
    Type: CloudWatchLogs
    Properties: { LogGroupName: /x, FilterPattern: ERROR }`;
  const text = template(fn('F', `Handler: a.b\nRuntime: nodejs20.x\n${events}`) + '  Bucket:\n    Type: AWS::S3::Bucket\n');
  const result = parseSamTemplate(text, file);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.functions[0]!.events, [
    { type: 'http', method: 'POST', path: '/items/{id}' },
    { type: 'httpApi', method: 'ANY', path: '/h' },
    { type: 'httpApi', method: 'ANY', path: '$default' },
    { type: 's3', bucket: { Ref: 'Bucket' }, events: 's3:ObjectCreated:*' },
    { type: 'sqs', queue: 'arn:aws:sqs:us-east-1:123456789012:q', batchSize: 5 },
    { type: 'sns', topic: 'arn:aws:sns:us-east-1:123456789012:t' },
    { type: 'schedule', schedule: 'rate(5 minutes)' },
    { type: 'schedule', scheduleExpression: 'rate(1 hour)', schedule: 'rate(1 hour)' },
    { type: 'dynamodb', stream: { 'Fn::GetAtt': ['T', 'StreamArn'] }, startingPosition: 'LATEST' },
    { type: 'kinesis', stream: 'arn:aws:kinesis:us-east-1:123456789012:stream/s', startingPosition: 'TRIM_HORIZON' },
    { type: 'eventBridge', pattern: { source: ['my.app'] } },
    { type: 'eventBridge', pattern: { source: ['aws.ec2'] } },
    { type: 'cloudwatchLog', logGroupName: '/x', filterPattern: 'ERROR' },
  ]);
});

test('a bad event is a warning at its line; the function and its other events still load', () => {
  const text = template(
    fn('F', 'Handler: a.b\nRuntime: nodejs20.x\nEvents:\n  NoPath:\n    Type: Api\n    Properties: { Method: get }\n  NoType: {}\n  Ok:\n    Type: SQS\n    Properties: { Queue: q }'),
  );
  const result = parseSamTemplate(text, file);
  assert.deepEqual(result.functions[0]!.events, [{ type: 'sqs', queue: 'q' }]);
  assert.deepEqual(
    result.diagnostics.map((d) => [d.severity, d.line]),
    [
      ['warning', lineStarting(text, '        NoPath:')],
      ['warning', lineStarting(text, '        NoType:')],
    ],
  );
  assert.match(result.diagnostics[0]!.message, /event NoPath: an Api event needs Path and Method/);
});

test('every CloudFormation short-form tag parses in its scalar, sequence and mapping forms', () => {
  const names = ['Ref', 'Sub', 'GetAtt', 'If', 'Join', 'Select', 'Split', 'FindInMap', 'GetAZs', 'ImportValue', 'Base64', 'Cidr', 'Equals', 'And', 'Or', 'Not', 'Condition', 'Transform'];
  const longKey = (name: string): string => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);
  const lines = names.flatMap((name) => [
    `${name}Scalar: !${name} value`,
    `${name}Seq: !${name} [a, b]`,
    `${name}Map: !${name} { k: v }`,
    `${name}Block: !${name}\n  - a\n  - !Ref Inner`,
  ]);
  const loaded = loadYamlSource(lines.join('\n') + '\n', file);
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.diagnostic.message);
  const value = loaded.source.value as Record<string, unknown>;
  for (const name of names) {
    const key = longKey(name);
    const scalar = name === 'GetAtt' ? ['value'] : 'value';
    assert.deepEqual(value[`${name}Scalar`], { [key]: scalar }, `!${name} scalar`);
    assert.deepEqual(value[`${name}Seq`], { [key]: ['a', 'b'] }, `!${name} sequence`);
    assert.deepEqual(value[`${name}Map`], { [key]: { k: 'v' } }, `!${name} mapping`);
    assert.deepEqual(value[`${name}Block`], { [key]: ['a', { Ref: 'Inner' }] }, `!${name} block sequence`);
  }
});

test('!GetAtt splits at the first dot only; nested and block-scalar tags keep their shape', () => {
  const loaded = loadYamlSource(
    'a: !GetAtt Db.Endpoint.Address\nb: !Sub |\n  line ${AWS::Region}\nc: !If [Cond, !GetAtt A.Arn, !Ref AWS::NoValue]\nd: !Sub\n  - "${X}"\n  - X: !Ref Y\n',
    file,
  );
  assert.ok(loaded.ok);
  assert.deepEqual(loaded.source.value, {
    a: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
    b: { 'Fn::Sub': 'line ${AWS::Region}\n' },
    c: { 'Fn::If': ['Cond', { 'Fn::GetAtt': ['A', 'Arn'] }, { Ref: 'AWS::NoValue' }] },
    d: { 'Fn::Sub': ['${X}', { X: { Ref: 'Y' } }] },
  });
});

test('a template full of tags (Outputs, Conditions, policies) parses without diagnostics', () => {
  const text = template(
    fn('F', 'Handler: a.b\nRuntime: nodejs20.x\nPolicies:\n  - !If [C, !Ref P, !Ref AWS::NoValue]\nVpcConfig:\n  SubnetIds: !Split [",", !ImportValue subnets]\n  SecurityGroupIds: [!GetAtt Sg.GroupId]'),
    'Conditions:\n  C: !And [!Equals [a, a], !Or [!Not [!Equals [a, b]], !Condition D]]\n  D: !Equals [!Select [0, !Cidr [10.0.0.0/16, 2, 8]], x]\nParameters:\n  P:\n    Type: String\n    Default: p\n',
  ) + 'Outputs:\n  Url:\n    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/"\n  Macro:\n    Value:\n      Fn::Transform:\n        Name: AWS::Include\n        Parameters: { Location: s3://b/k }\n  Short: !Transform { Name: AWS::Include, Parameters: { Location: s3://b/k } }\n  B:\n    Fn::Base64: !Sub "${AWS::StackName}"\n';
  const result = parseSamTemplate(text, file);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.functions.length, 1);
});

test('a YAML syntax error is one diagnostic with its line and column', () => {
  const text = 'Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.b\n     Runtime: nodejs20.x\n';
  const result = parseSamTemplate(text, file);
  assert.deepEqual(result.functions, []);
  assert.deepEqual(result.diagnostics, [
    { file, line: 6, column: 1, message: 'YAML syntax error: All mapping items must start at the same column', severity: 'error' },
  ]);
});

test('a duplicate key is a YAML error at the second key', () => {
  const result = parseSamTemplate(template(fn('F', 'Handler: a.b\nRuntime: nodejs20.x') + fn('F', 'Handler: c.d\nRuntime: nodejs20.x')), file);
  assert.equal(result.diagnostics.length, 1);
  assert.equal(result.diagnostics[0]!.line, 9);
  assert.match(result.diagnostics[0]!.message, /Map keys must be unique/);
});

test('a section of the wrong type is one error at that section, and no functions', () => {
  const cases: [string, number, RegExp][] = [
    ["AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  - a\n  - b\n", 2, /^Resources must be a mapping, found a list$/],
    ["AWSTemplateFormatVersion: '2010-09-09'\nGlobals:\n  Function: 3\nResources: {}\n", 3, /^Globals.Function must be a mapping, found number 3$/],
    ["Transform: AWS::Serverless-2016-10-31\nParameters: nope\nResources: {}\n", 2, /^Parameters must be a mapping/],
    ["AWSTemplateFormatVersion: '2010-09-09'\n", 1, /no Resources section/],
  ];
  for (const [text, line, message] of cases) {
    const result = parseSamTemplate(text, file);
    assert.deepEqual(result.functions, []);
    assert.equal(result.diagnostics.length, 1, text);
    assert.equal(result.diagnostics[0]!.line, line, text);
    assert.equal(result.diagnostics[0]!.severity, 'error');
    assert.match(result.diagnostics[0]!.message, message);
  }
  const list = parseSamTemplate('- a\n- b\n', file);
  assert.equal(list.diagnostics.length, 1);
  assert.match(list.diagnostics[0]!.message, /must be a mapping of sections/);
});

test('a YAML file that is not a CloudFormation template yields nothing', () => {
  const nothing = { functions: [], diagnostics: [], inlineCode: [], applications: [] };
  assert.deepEqual(parseSamTemplate('name: my-template\nfiles: [a, b]\n', file), nothing);
  assert.deepEqual(parseSamTemplate('', file), nothing);
});

test('a bad function is reported at its line while the other functions load', () => {
  const text = template(
    fn('NoRuntime', 'Handler: a.b') +
      fn('Good', 'Handler: a.b\nRuntime: nodejs20.x') +
      '  ListProps:\n    Type: AWS::Serverless::Function\n    Properties: [1, 2]\n' +
      fn('SlowTimeout', 'Handler: a.b\nRuntime: nodejs20.x\nTimeout: 901') +
      fn('TinyMemory', 'Handler: a.b\nRuntime: nodejs20.x\nMemorySize: 64') +
      fn('BadHandler', 'Handler: [a]\nRuntime: nodejs20.x') +
      fn('UnresolvedRuntime', 'Handler: a.b\nRuntime: !Ref Missing') +
      '  NotAMapping: 3\n',
  );
  const result = parseSamTemplate(text, file);
  assert.deepEqual(
    result.functions.map((f) => f.name),
    ['Good'],
  );
  const errors = result.diagnostics.map((d) => [d.severity, d.line, d.message]);
  assert.deepEqual(errors, [
    ['error', lineStarting(text, '  NoRuntime:'), 'NoRuntime has no Runtime (set it in its Properties or in Globals.Function)'],
    ['error', lineStarting(text, '    Properties: [1, 2]'), 'Properties of ListProps must be a mapping, found a list'],
    ['error', lineStarting(text, '      Timeout: 901'), 'Timeout of SlowTimeout must be between 1 and 900 seconds, found 901'],
    ['error', lineStarting(text, '      MemorySize: 64'), 'MemorySize of TinyMemory must be between 128 and 10240 MB, found 64'],
    ['error', lineStarting(text, '      Handler: [a]'), 'Handler of BadHandler must be a string, found a list'],
    ['error', lineStarting(text, '      Runtime: !Ref Missing'), 'Runtime of UnresolvedRuntime cannot be resolved: !Ref Missing: no parameter or resource has that name'],
    ['error', lineStarting(text, '  NotAMapping:'), 'Resource NotAMapping must be a mapping with Type and Properties'],
  ]);
});

test('a property inherited from Globals is reported at its line in Globals', () => {
  const text = template(fn('F', 'Handler: a.b'), 'Globals:\n  Function:\n    Runtime: nodejs20.x\n    Timeout: 0\n');
  const result = parseSamTemplate(text, file);
  assert.deepEqual(result.functions, []);
  assert.equal(result.diagnostics[0]!.line, lineStarting(text, '    Timeout: 0'));
});

test('image functions are listed with a warning that they cannot run locally', () => {
  const text = template(
    '  Img:\n    Type: AWS::Serverless::Function\n    Properties:\n      PackageType: Image\n      ImageConfig:\n        Command: [app.handler]\n    Metadata:\n      DockerContext: ./img\n      Dockerfile: Dockerfile\n',
  );
  const result = parseSamTemplate(text, file);
  assert.equal(result.functions.length, 1);
  const [spec] = result.functions;
  assert.deepEqual([spec.name, spec.runtime, spec.handler, spec.codeDir], ['Img', 'image', 'app.handler', '/work/app/img']);
  assert.equal(result.diagnostics.length, 1);
  assert.equal(result.diagnostics[0]!.severity, 'warning');
  assert.equal(result.diagnostics[0]!.line, lineStarting(text, '      PackageType: Image'));
  assert.match(result.diagnostics[0]!.message, /container image.*cannot run locally/);
});

test('AWS::Lambda::Function with a local Code path loads; S3 code is listed with a warning', () => {
  const lambda = (name: string, code: string): string =>
    `  ${name}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Runtime: python3.12\n      Timeout: 15\n      ${code}\n      Environment:\n        Variables:\n          MODE: raw\n`;
  const text = template(
    lambda('Local', 'Code: ./lambda') + lambda('Inline', 'Code: { ZipFile: "def handler(e, c): return 1" }') + lambda('S3', 'Code: { S3Bucket: b, S3Key: k }'),
    'Globals:\n  Function:\n    MemorySize: 999\n',
  );
  const result = parseSamTemplate(text, file);
  assert.deepEqual(result.functions[0], {
    name: 'Local',
    provider: 'aws',
    runtime: 'python3.12',
    codeDir: '/work/app/lambda',
    handler: 'index.handler',
    timeout: 15,
    memorySize: 128,
    environment: { MODE: 'raw' },
    events: [],
    source: { kind: 'sam', file, line: lineStarting(text, '  Local:') },
  });
  assert.deepEqual(
    result.functions.map((f) => f.name),
    ['Local', 'Inline', 'S3'],
  );
  assert.deepEqual(
    result.diagnostics.map((d) => d.message),
    ['The code of S3 is not in a local folder (Code is an S3 object); it is listed but cannot run locally'],
  );
});

test('FunctionName, Description, Architectures and LoggingConfig.LogFormat are read', () => {
  const text = template(
    fn('F', "Handler: a.b\nRuntime: nodejs20.x\nFunctionName: !Sub '${AWS::Region}-fn'\nDescription: Does things\nArchitectures: [arm64]\nLoggingConfig:\n  LogFormat: JSON"),
    'Globals:\n  Function:\n    Architectures: [x86_64]\n',
  );
  const result = parseSamTemplate(text, file);
  assert.deepEqual(result.diagnostics, []);
  const [spec] = result.functions;
  assert.deepEqual([spec.functionName, spec.description, spec.architectures, spec.logFormat], ['us-east-1-fn', 'Does things', ['arm64'], 'JSON']);
});

test('unknown tags do not stop a template from loading', () => {
  const result = parseSamTemplate(template(fn('F', 'Handler: a.b\nRuntime: nodejs20.x\nTags:\n  Owner: !Custom me')), file);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.functions.length, 1);
});

test('JSON templates load, with declaration lines', () => {
  const json = JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Transform: 'AWS::Serverless-2016-10-31',
      Parameters: { Stage: { Type: 'String', Default: 'qa' } },
      Resources: {
        Api: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            CodeUri: 'api/',
            Handler: 'main.handler',
            Runtime: 'python3.13',
            Environment: { Variables: { STAGE: { Ref: 'Stage' } } },
            Events: { Get: { Type: 'HttpApi', Properties: { Path: '/x', Method: 'GET' } } },
          },
        },
      },
    },
    null,
    '\t',
  );
  const result = parseSamTemplate(json, '/work/app/template.json');
  assert.deepEqual(result.diagnostics, []);
  const [spec] = result.functions;
  assert.equal(spec.codeDir, '/work/app/api');
  assert.deepEqual(spec.environment, { STAGE: 'qa' });
  assert.deepEqual(spec.events, [{ type: 'httpApi', method: 'GET', path: '/x' }]);
  assert.equal(spec.source?.line, lineStarting(json, '\t\t"Api":'));
});

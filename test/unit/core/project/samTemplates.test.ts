import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { locateHandler } from '../../../../src/core/project/handlerLocation';
import { mergeGlobals, parseSamTemplate } from '../../../../src/core/project/sam';
import type { SamTemplateResult } from '../../../../src/core/project/sam';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'project');
const file = '/work/app/template.yaml';

function parseFixture(name: string, templateName = 'template.yaml', options = {}): { result: SamTemplateResult; text: string; path: string } {
  const path = join(fixtures, name, templateName);
  const text = readFileSync(path, 'utf8');
  return { result: parseSamTemplate(text, path, { inlineCodeRoot: '/inline', ...options }), text, path };
}

function lineStarting(text: string, prefix: string): number {
  const index = text.split('\n').findIndex((line) => line.startsWith(prefix));
  assert.ok(index >= 0, `no line starts with ${JSON.stringify(prefix)}`);
  return index + 1;
}

function byName(result: SamTemplateResult, name: string) {
  const spec = result.functions.find((f) => f.name === name);
  assert.ok(spec, `no function ${name} in ${result.functions.map((f) => f.name).join(', ')}`);
  return spec;
}

test('Globals.Function gives Runtime, Timeout, MemorySize, Architectures and Environment (the function wins per key); Globals.Api/HttpApi are ignored', () => {
  const { result, text } = parseFixture('sam-typescript-esbuild');
  const hello = byName(result, 'HelloWorldFunction');
  assert.deepEqual(
    [hello.runtime, hello.timeout, hello.memorySize, hello.architectures],
    ['nodejs20.x', 10, 256, ['arm64']],
  );
  assert.deepEqual(hello.environment, { STAGE: 'dev', LOG_LEVEL: 'debug', POWERTOOLS_SERVICE_NAME: 'greeter', GREETING_PREFIX: 'Hello' });
  const orders = byName(result, 'ListOrdersFunction');
  assert.equal(orders.timeout, 30, "the function's own Timeout");
  assert.equal(orders.environment.LOG_LEVEL, 'info');
  assert.deepEqual(orders.events, [{ type: 'httpApi', method: 'GET', path: '/orders' }]);
  // Only the Makefile hint: nothing about Globals.Api, Globals.HttpApi or the implicit APIs in Outputs.
  assert.deepEqual(
    result.diagnostics.map((d) => [d.severity, d.line]),
    [['warning', lineStarting(text, '      BuildMethod: makefile')]],
  );
});

test('Globals.Function gives CodeUri, Handler and Layers; lists add up with the Globals entries first', () => {
  const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Handler: app.handler
    CodeUri: shared/
    Layers: [!Ref Base]
Resources:
  Base:
    Type: AWS::Serverless::LayerVersion
    Properties: { ContentUri: layers/base/ }
  Extra:
    Type: AWS::Lambda::LayerVersion
    Properties: { Content: layers/extra }
  Plain:
    Type: AWS::Serverless::Function
  WithLayer:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: own/
      Layers: [!Ref Extra]
`;
  const result = parseSamTemplate(text, file);
  assert.deepEqual(result.diagnostics, []);
  const [plain, withLayer] = result.functions;
  assert.deepEqual([plain!.codeDir, plain!.handler], ['/work/app/shared', 'app.handler']);
  assert.deepEqual(plain!.layers, [{ name: 'Base', contentDir: '/work/app/layers/base', mountPath: '/opt' }]);
  assert.equal(withLayer!.codeDir, '/work/app/own');
  assert.deepEqual(
    withLayer!.layers?.map((l) => [l.name, l.contentDir]),
    [
      ['Base', '/work/app/layers/base'],
      ['Extra', '/work/app/layers/extra'],
    ],
  );
  assert.deepEqual(mergeGlobals({ Layers: ['a'], Policies: ['p'] }, { Layers: ['b'] }), { Layers: ['a', 'b'], Policies: ['p'] });
});

test('BuildMethod esbuild: the handler runs its TypeScript entry point, as sam build lays the bundle out', async () => {
  const { result } = parseFixture('sam-typescript-esbuild');
  const hello = byName(result, 'HelloWorldFunction');
  assert.equal(hello.handler, 'app.lambdaHandler', 'EntryPoints [app.ts] builds app.js: nothing to translate');
  assert.deepEqual(await locateHandler(hello), { file: join(fixtures, 'sam-typescript-esbuild', 'hello-world', 'app.ts'), line: 7 });
  const orders = byName(result, 'ListOrdersFunction');
  assert.equal(orders.handler, 'src/handlers/list.handler', 'a single entry point lands at the root: list.handler is src/handlers/list.ts');
  assert.equal((await locateHandler(orders))?.file, join(fixtures, 'sam-typescript-esbuild', 'orders', 'src', 'handlers', 'list.ts'));
});

test('BuildMethod esbuild with several entry points, a handler no entry point builds, no EntryPoints; makefile and Go hints', () => {
  const esbuild = (name: string, handler: string, properties: string): string =>
    `  ${name}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: ${handler}\n      Runtime: nodejs22.x\n    Metadata:\n      BuildMethod: esbuild\n${properties}`;
  const text = `Transform: AWS::Serverless-2016-10-31
Resources:
${esbuild('Multi', 'jobs/nightly.run', '      BuildProperties:\n        EntryPoints: [src/api.ts, src/jobs/nightly.ts]\n')}${esbuild('Wrong', 'main.handler', '      BuildProperties:\n        EntryPoints: [src/app.ts]\n')}${esbuild('NoEntries', 'app.handler', '      BuildProperties: { Minify: true }\n')}  Go:
    Type: AWS::Serverless::Function
    Properties: { Handler: bootstrap, Runtime: provided.al2023 }
    Metadata: { BuildMethod: go1.x }
  Make:
    Type: AWS::Serverless::Function
    Properties: { Handler: app.handler, Runtime: python3.12 }
    Metadata: { BuildMethod: makefile }
  Python:
    Type: AWS::Serverless::Function
    Properties: { Handler: app.handler, Runtime: python3.12 }
    Metadata: { BuildMethod: python3.12 }
`;
  const result = parseSamTemplate(text, file);
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.handler]),
    [
      ['Multi', 'src/jobs/nightly.run'],
      ['Wrong', 'main.handler'],
      ['NoEntries', 'app.handler'],
      ['Go', 'bootstrap'],
      ['Make', 'app.handler'],
      ['Python', 'app.handler'],
    ],
  );
  assert.deepEqual(
    result.diagnostics.map((d) => [d.severity, d.line, d.message]),
    [
      ['warning', lineStarting(text, '        EntryPoints: [src/app.ts]'), 'Handler main.handler of Wrong names module main, which none of its esbuild EntryPoints builds (they build app)'],
      ['warning', lineStarting(text, '      BuildProperties: { Minify: true }'), 'NoEntries is built with esbuild but its Metadata.BuildProperties has no EntryPoints'],
      ['warning', lineStarting(text, '    Metadata: { BuildMethod: go1.x }'), 'Go is built by sam build (BuildMethod: go1.x); locally its CodeUri must already hold the built bootstrap executable'],
      ['warning', lineStarting(text, '    Metadata: { BuildMethod: makefile }'), 'Make is built by its Makefile (target build-Make); locally its CodeUri runs as it is, without that build step'],
    ],
  );
});

test('intrinsics resolve with local values: parameters, pseudo parameters, Sub, Join, Select, Split, If, FindInMap, resources', () => {
  const { result, text } = parseFixture('sam-intrinsics', 'template.yaml', { stackName: 'inventory-dev' });
  const inventory = byName(result, 'InventoryFunction');
  assert.equal(inventory.memorySize, 256, '!FindInMap [EnvironmentSettings, !Ref Environment, Memory]');
  assert.equal(inventory.functionName, 'inventory-dev-api', '!Join of parameters');
  assert.deepEqual(inventory.environment, {
    TABLE_NAME: 'inventory-dev-items',
    TABLE_ARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/inventory-dev-items',
    TABLE_STREAM: 'arn:aws:dynamodb:us-east-1:123456789012:table/inventory-dev-items/stream/1970-01-01T00:00:00.000',
    QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/inventory-dev-RestockQueue',
    QUEUE_ARN: 'arn:aws:sqs:us-east-1:123456789012:inventory-dev-RestockQueue',
    BUCKET: 'inventory-dev-imagesbucket',
    BUCKET_DOMAIN: 'inventory-dev-imagesbucket.s3.us-east-1.amazonaws.com',
    LOG_LEVEL: 'DEBUG',
    FIRST_ORIGIN: 'https://a.example.com',
    ORIGINS: 'https://a.example.com https://b.example.com',
    HOST: 'b.example.com',
    REGION: 'us-east-1',
    ACCOUNT: '123456789012',
    STACK: 'inventory-dev',
    PARTITION: 'aws',
    API_URL: inventory.environment.API_URL,
    SELF_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:inventory-dev-api',
    AUDIT: 'disabled',
    STRICT_MODE: 'off',
    PROD_AUDIT: 'no',
    LITERAL: 'cost ${Total} in us-east-1',
  });
  assert.match(inventory.environment.API_URL!, /^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
  assert.ok(!('AUDIT_TOPIC' in inventory.environment), '!If [AuditOn, …, !Ref AWS::NoValue] removes it');

  // The table declares its name, so its values are exact; generated names are pointed out one by one.
  const warned = result.diagnostics.map((d) => d.message.split(':')[0]);
  assert.deepEqual(warned, [
    'Environment variable QUEUE_URL of InventoryFunction',
    'Environment variable QUEUE_ARN of InventoryFunction',
    'Environment variable BUCKET of InventoryFunction',
    'Environment variable BUCKET_DOMAIN of InventoryFunction',
    'Environment variable API_URL of InventoryFunction',
    'Environment variable SHARED_BUS of SharedConfigFunction',
    'ProdOnlyReportFunction is not created',
  ]);
  const imported = result.diagnostics[5]!;
  assert.equal(imported.line, lineStarting(text, '          SHARED_BUS:'));
  assert.match(imported.message, /!ImportValue platform-event-bus-name is an export of another deployed stack; it is set to "!ImportValue platform-event-bus-name" locally$/);
  assert.deepEqual(byName(result, 'SharedConfigFunction').environment, { SHARED_BUS: '!ImportValue platform-event-bus-name', SERVICE: 'inventory' }, 'the rest loads');
  assert.equal(result.diagnostics[6]!.line, lineStarting(text, '    Condition: IsProd'));
});

test('conditions follow parameter overrides: Equals, Not, Or, And, and a resource Condition', () => {
  const { result } = parseFixture('sam-intrinsics', 'template.yaml', { parameterOverrides: { Environment: 'prod' }, region: 'eu-central-1', accountId: '444455556666' });
  const inventory = byName(result, 'InventoryFunction');
  assert.equal(inventory.memorySize, 1024);
  assert.deepEqual(
    [inventory.environment.LOG_LEVEL, inventory.environment.AUDIT, inventory.environment.STRICT_MODE, inventory.environment.PROD_AUDIT],
    ['WARN', 'enabled', 'on', 'yes'],
  );
  assert.equal(inventory.environment.AUDIT_TOPIC, 'arn:aws:sns:eu-central-1:444455556666:sam-intrinsics-AuditTopic', 'the stack name defaults to the folder name');
  assert.equal(inventory.environment.TABLE_NAME, 'inventory-prod-items');
  assert.deepEqual(
    result.functions.map((f) => f.name),
    ['InventoryFunction', 'SharedConfigFunction', 'ProdOnlyReportFunction'],
  );
});

test('plain CloudFormation JSON: a local Code folder, inline ZipFile code (Python and Node.js) and a container image', () => {
  const { result, text } = parseFixture('sam-cloudformation-json', 'template.json');
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.runtime, f.handler]),
    [
      ['PackagedFunction', 'python3.12', 'handler.main'],
      ['InlinePythonFunction', 'python3.12', 'index.handler'],
      ['InlineNodeFunction', 'nodejs20.x', 'index.handler'],
      ['ImageFunction', 'image', ''],
    ],
  );
  assert.equal(byName(result, 'PackagedFunction').codeDir, join(fixtures, 'sam-cloudformation-json', 'lambda'));
  const python = byName(result, 'InlinePythonFunction');
  const node = byName(result, 'InlineNodeFunction');
  assert.deepEqual(
    result.inlineCode.map((c) => [c.dir, c.fileName]),
    [
      [python.codeDir, 'index.py'],
      [node.codeDir, 'index.js'],
    ],
  );
  assert.match(python.codeDir, /^\/inline\/[0-9a-f]{16}$/);
  assert.equal(result.inlineCode[0]!.text.split('\n')[2], 'def handler(event, context):', '!Join of the ZipFile lines');
  assert.deepEqual(python.environment, { GREETING: 'hello from inline code' });
  assert.equal(node.environment.ROLE_ARN, 'arn:aws:iam::123456789012:role/sam-cloudformation-json-LambdaRole');
  assert.deepEqual(
    result.diagnostics.map((d) => [d.line, d.message.replace(/;.*/, '')]),
    [
      [lineStarting(text, '        "Environment": { "Variables": { "ROLE_ARN"'), 'Environment variable ROLE_ARN of InlineNodeFunction: !GetAtt LambdaRole.Arn is an attribute of a deployed resource'],
      [lineStarting(text, '        "PackageType": "Image"'), 'ImageFunction is packaged as a container image'],
    ],
  );
});

test('SAM InlineCode gets a folder named after its code; the same code always gets the same folder', () => {
  const inline = (name: string, code: string): string =>
    `  ${name}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: index.handler\n      InlineCode: |\n        ${code}\n`;
  const text = `Transform: AWS::Serverless-2016-10-31\nResources:\n${inline('A', 'exports.handler = async () => 1;')}${inline('B', 'exports.handler = async () => 1;')}${inline('C', 'exports.handler = async () => 2;')}`;
  const result = parseSamTemplate(text, file, { inlineCodeRoot: '/inline' });
  assert.deepEqual(result.diagnostics, []);
  const [a, b, c] = result.functions;
  assert.equal(a!.codeDir, b!.codeDir);
  assert.notEqual(a!.codeDir, c!.codeDir);
  assert.deepEqual(result.inlineCode[0], { dir: a!.codeDir, fileName: 'index.js', text: 'exports.handler = async () => 1;\n' });
});

test('layers: local ones get their folder and mount path, ARNs and S3 layers are named with a warning', () => {
  const { result, text } = parseFixture('sam-layers');
  const root = join(fixtures, 'sam-layers');
  const powertools = 'arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7';
  assert.deepEqual(byName(result, 'ReportFunction').layers, [
    { name: powertools },
    { name: 'CommonLayer', contentDir: join(root, 'layers', 'common'), mountPath: '/opt' },
    { name: 'LegacyLayer' },
  ]);
  assert.deepEqual(byName(result, 'PriceFunction').layers, [
    { name: powertools },
    { name: 'SharedNodeLayer', contentDir: join(root, 'layers', 'shared-node'), mountPath: '/opt/nodejs' },
  ]);
  const globalLine = lineStarting(text, '      - !Sub arn:aws:lambda');
  assert.deepEqual(
    result.diagnostics.map((d) => [d.line, d.message]),
    [
      [globalLine, `ReportFunction: layer ${powertools} is not in this template; modules from it are not available locally`],
      [lineStarting(text, '        - !Ref LegacyLayer'), 'ReportFunction: layer LegacyLayer: its content is an S3 object, not a local folder'],
      [globalLine, `PriceFunction: layer ${powertools} is not in this template; modules from it are not available locally`],
    ],
  );
});

test('nested applications: a local template is listed with the parameters the parent passes; others are warnings', () => {
  const { result, text, path } = parseFixture('sam-nested');
  assert.deepEqual(
    result.functions.map((f) => f.name),
    ['ApiFunction'],
  );
  assert.deepEqual(result.applications, [
    {
      id: 'Orders',
      templateFile: join(fixtures, 'sam-nested', 'orders', 'template.yaml'),
      parameters: { Stage: 'dev', TableName: 'shop-dev-orders' },
      line: lineStarting(text, '      Location: ./orders/template.yaml'),
    },
    { id: 'Missing', templateFile: join(fixtures, 'sam-nested', 'payments', 'template.yaml'), parameters: {}, line: lineStarting(text, '      TemplateURL:') },
  ]);
  // The SAR application's `Location:` line is the one above its ApplicationId (0-based index = 1-based line above).
  const sarLocationLine = text.split('\n').findIndex((line) => line.includes('ApplicationId:'));
  assert.deepEqual(
    result.diagnostics.map((d) => [d.file, d.line, d.message.replace(/;.*/, '')]),
    [
      [path, lineStarting(text, '          ORDERS_STACK:'), 'Environment variable ORDERS_STACK of ApiFunction: !GetAtt Orders.Outputs.ProcessOrderFunctionName is an attribute of a deployed resource'],
      [path, sarLocationLine, 'Monitoring is an application of the Serverless Application Repository'],
    ],
  );
});

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { LocalServer, ReloadSummary } from '../../../../src/core/emulator/localServer';
import { startLocalServer } from '../../../../src/core/emulator/localServer';
import { UserError } from '../../../../src/core/errors';
import { FakeEmulator } from '../../../helpers/fakeEmulator';

const tempDirs: string[] = [];
const servers: LocalServer[] = [];
after(async () => {
  for (const server of servers) await server.close();
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

async function project(functions: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'swb-serve-'));
  tempDirs.push(dir);
  await writeFile(join(dir, 'serverless-workbench.json'), JSON.stringify({ functions }, null, 2));
  return dir;
}

const hello = { runtime: 'nodejs20.x', handler: 'index.handler', events: [{ type: 'httpApi', method: 'GET', path: '/hello' }] };

test('serves the manifest on both ports, applies run options, and close() closes the emulator', async () => {
  const dir = await project({ hello, busy: { runtime: 'nodejs20.x', handler: 'index.handler', concurrency: 3, prewarm: 2 } });
  const fake = new FakeEmulator();
  fake.handlers.set('hello', () => ({ statusCode: 200, body: 'hi' }));
  const server = await startLocalServer({ dir, port: 0, apiPort: 0, watch: false, prewarm: 1, createEmulator: () => fake });
  servers.push(server);
  assert.deepEqual(
    server.functions().map((f) => f.name),
    ['hello', 'busy'],
  );
  assert.deepEqual(fake.runOptions.get('busy'), { concurrency: 3, prewarm: 2 });
  assert.deepEqual(fake.runOptions.get('hello'), { prewarm: 1 });
  assert.equal(await (await fetch(`${server.apiUrl}/hello`)).text(), 'hi');
  const client = new LambdaClient({ endpoint: server.invokeUrl, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const out = await client.send(new InvokeCommand({ FunctionName: 'busy', Payload: Buffer.from('{"x":1}') }));
  client.destroy();
  assert.equal(Buffer.from(out.Payload ?? []).toString(), '{"x":1}');
  await server.close();
  assert.equal(fake.closed, true);
  await assert.rejects(fetch(`${server.apiUrl}/hello`));
});

test('a missing manifest and a taken port are one-line user errors; nothing is left running', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'swb-serve-'));
  tempDirs.push(empty);
  await assert.rejects(startLocalServer({ dir: empty, port: 0, apiPort: 0, createEmulator: () => new FakeEmulator() }), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /^no project files in .* \(looked for serverless-workbench\.json, template\.yaml\/\.yml\/\.json, serverless\.yml\/\.yaml\/\.json\)$/);
    return true;
  });
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const taken = (blocker.address() as { port: number }).port;
  const dir = await project({ hello });
  const fake = new FakeEmulator();
  try {
    await assert.rejects(startLocalServer({ dir, port: 0, apiPort: taken, watch: false, createEmulator: () => fake }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, `port ${taken} on 127.0.0.1 is already in use (--api-port)`);
      return true;
    });
    assert.equal(fake.closed, true, 'the emulator is closed when start-up fails');
  } finally {
    blocker.close();
  }
});

test('edits to the manifest are picked up: added, changed, removed; invalid JSON keeps the previous functions', async () => {
  const dir = await project({ hello });
  const fake = new FakeEmulator();
  const reloads: ReloadSummary[] = [];
  const server = await startLocalServer({ dir, port: 0, apiPort: 0, createEmulator: () => fake, onReload: (s) => reloads.push(s) });
  servers.push(server);
  const waitForReload = async (count: number): Promise<ReloadSummary> => {
    for (let i = 0; i < 200 && reloads.length < count; i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(reloads.length >= count, 'the manifest change was noticed');
    return reloads[count - 1];
  };
  const file = join(dir, 'serverless-workbench.json');

  await writeFile(file, JSON.stringify({ functions: { hello: { ...hello, timeout: 10 }, other: { runtime: 'python3.12', handler: 'app.handler', events: [{ type: 'http', method: 'POST', path: '/other' }] } } }));
  const first = await waitForReload(1);
  assert.deepEqual(first.added, ['other']);
  assert.deepEqual(first.changed, ['hello']);
  assert.equal(fake.specs.get('hello')?.timeout, 10);
  assert.deepEqual(
    server.routes().map((r) => r.routeKey),
    ['GET /hello', 'POST /other'],
  );

  await writeFile(file, '{ "functions": { oops');
  const second = await waitForReload(2);
  assert.equal(second.kept, true);
  assert.deepEqual(second.keptFiles, [file]);
  assert.match(second.diagnostics[0].message, /^not valid JSON/);
  assert.equal(server.functions().length, 2);

  await writeFile(file, JSON.stringify({ functions: { other: { runtime: 'python3.12', handler: 'app.handler' } } }));
  const third = await waitForReload(3);
  assert.deepEqual(third.removed, ['hello']);
  assert.deepEqual(third.changed, ['other']);
  assert.equal(fake.has('hello'), false);
  assert.equal((await fetch(`${server.apiUrl}/hello`)).status, 404);
});

/** A temporary project made of `files` (relative path → text). */
async function projectFiles(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'swb-serve-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/** Polls (generously: two cores shared with other test runs) until `check` holds. */
async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const samTemplate = (path: string, extra = ''): string => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 5
    Environment:
      Variables:
        FROM_GLOBALS: yes
Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Rest:
          Type: Api
          Properties:
            Path: ${path}
            Method: get
  HttpFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Items:
          Type: HttpApi
          Properties:
            Path: /items/{id}
            Method: POST
        CatchAll:
          Type: HttpApi
${extra}`;

const serverlessYml = `service: orders
provider:
  name: aws
  runtime: python3.12
  stage: \${opt:stage, 'dev'}
  environment:
    STAGE: \${self:provider.stage}
functions:
  create:
    handler: handler.create
    events:
      - http:
          path: orders/{id}
          method: put
  list:
    handler: handler.list
    events:
      - httpApi: 'GET /orders'
`;

test('SAM and serverless.yml functions are served: Api/HttpApi and http/httpApi events become routes', async () => {
  const dir = await projectFiles({ 'template.yaml': samTemplate('/hello'), 'hello/app.js': '', 'orders/serverless.yml': serverlessYml });
  const fake = new FakeEmulator();
  fake.handlers.set('HelloFunction', (event) => ({ statusCode: 200, body: JSON.stringify({ version: (event as { version?: string }).version ?? '1.0', env: fake.specs.get('HelloFunction')?.environment }) }));
  fake.handlers.set('HttpFunction', (event) => ({ statusCode: 200, body: (event as { routeKey: string }).routeKey }));
  fake.handlers.set('create', (event) => ({ statusCode: 200, body: JSON.stringify((event as { pathParameters: unknown }).pathParameters) }));
  fake.handlers.set('list', () => ({ statusCode: 200, body: fake.specs.get('list')?.environment.STAGE }));
  const server = await startLocalServer({ dir, port: 0, apiPort: 0, watch: false, createEmulator: () => fake, discover: { serverless: { stage: 'test' } } });
  servers.push(server);

  assert.deepEqual(
    server.functions().map((f) => [f.name, f.source?.kind]),
    [
      ['HelloFunction', 'sam'],
      ['HttpFunction', 'sam'],
      ['create', 'serverless'],
      ['list', 'serverless'],
    ],
  );
  assert.deepEqual(server.files(), [join(dir, 'template.yaml'), join(dir, 'orders', 'serverless.yml')]);
  assert.deepEqual(
    server.routes().map((r) => `${r.routeKey} ${r.kind} ${r.functionName}`),
    ['POST /items/{id} httpApi HttpFunction', 'PUT /orders/{id} http create', 'GET /hello http HelloFunction', 'GET /orders httpApi list', '$default httpApi HttpFunction'],
  );

  const hello = (await (await fetch(`${server.apiUrl}/hello`)).json()) as { version: string; env: Record<string, string> };
  assert.equal(hello.version, '1.0', 'a SAM Api event is a REST API (payload 1.0)');
  assert.deepEqual(hello.env, { FROM_GLOBALS: 'yes' });
  assert.equal(await (await fetch(`${server.apiUrl}/items/7`, { method: 'POST' })).text(), 'POST /items/{id}');
  assert.equal(await (await fetch(`${server.apiUrl}/anything/else`)).text(), '$default', 'an HttpApi event without Path is the $default route');
  assert.deepEqual(await (await fetch(`${server.apiUrl}/orders/42`, { method: 'PUT' })).json(), { id: '42' }, 'serverless.yml http paths get their leading slash');
  assert.equal(await (await fetch(`${server.apiUrl}/orders`)).text(), 'test', 'the stage reaches ${opt:stage}');
});

test('a malformed template is one diagnostic with its line; the other files still serve', async () => {
  const dir = await projectFiles({
    'serverless-workbench.json': JSON.stringify({ functions: { greet: { runtime: 'nodejs20.x', handler: 'index.handler' } } }),
    'legacy/template.yaml': 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n     Runtime: nodejs20.x\n',
  });
  const fake = new FakeEmulator();
  const server = await startLocalServer({ dir, port: 0, apiPort: 0, watch: false, createEmulator: () => fake });
  servers.push(server);
  assert.deepEqual(
    server.functions().map((f) => f.name),
    ['greet'],
  );
  const errors = server.diagnostics().filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].file, join(dir, 'legacy', 'template.yaml'));
  assert.equal(errors[0].line, 6);
  assert.match(errors[0].message, /^YAML syntax error: /);
});

test('edits to template.yaml, nested serverless.yml and new root files reload; a broken template keeps its functions', async () => {
  const dir = await projectFiles({ 'template.yaml': samTemplate('/hello'), 'hello/app.js': '', 'orders/serverless.yml': serverlessYml });
  const fake = new FakeEmulator();
  const reloads: ReloadSummary[] = [];
  const server = await startLocalServer({ dir, port: 0, apiPort: 0, createEmulator: () => fake, onReload: (s) => reloads.push(s) });
  servers.push(server);
  const routeKeys = (): string[] => server.routes().map((r) => r.routeKey);
  const template = join(dir, 'template.yaml');

  await writeFile(template, samTemplate('/hi', '  Extra:\n    Type: AWS::Serverless::Function\n    Properties: { CodeUri: hello/, Handler: app.extra, Runtime: nodejs20.x }\n'));
  await until('the template change', () => routeKeys().includes('GET /hi'));
  const changed = reloads.at(-1)!;
  assert.deepEqual(changed.changed, ['HelloFunction']);
  assert.deepEqual(changed.added, ['Extra']);
  assert.ok(!routeKeys().includes('GET /hello'));

  await writeFile(template, samTemplate('/hi').replace('Resources:', 'Resources:\n   Oops: [unclosed'));
  await until('the broken template', () => reloads.some((r) => r.kept));
  const broken = reloads.find((r) => r.kept)!;
  assert.deepEqual(broken.keptFiles, [template]);
  assert.deepEqual(broken.removed, [], 'nothing is taken away while the template is broken');
  assert.ok(broken.diagnostics.some((d) => d.file === template && d.severity === 'error' && d.line !== undefined));
  assert.ok(server.functions().some((f) => f.name === 'Extra'));
  assert.deepEqual(server.files(), [template, join(dir, 'orders', 'serverless.yml')], 'the broken file is still watched');

  await writeFile(join(dir, 'orders', 'serverless.yml'), serverlessYml.replace("'GET /orders'", "'GET /all-orders'"));
  await until('the nested serverless.yml change', () => routeKeys().includes('GET /all-orders'));
  assert.ok(server.functions().some((f) => f.name === 'HelloFunction'), 'the broken template still serves what it had');

  await writeFile(template, samTemplate('/hi'));
  await until('the repaired template', () => !server.functions().some((f) => f.name === 'Extra'));
  assert.deepEqual(reloads.at(-1)!.removed, ['Extra']);

  await writeFile(join(dir, 'serverless-workbench.json'), JSON.stringify({ functions: { fromManifest: { runtime: 'nodejs20.x', handler: 'index.handler' } } }));
  await until('the new manifest at the root', () => fake.has('fromManifest'));
  assert.ok(server.files().includes(join(dir, 'serverless-workbench.json')));

  await rm(template);
  await until('the deleted template', () => !fake.has('HelloFunction'));
  assert.deepEqual(
    server.functions().map((f) => f.name).sort(),
    ['create', 'fromManifest', 'list'],
  );
});

test('files serverless.yml reads (${file()} targets, .env created later) reload like the project files', async () => {
  const yml = [
    'service: users',
    'frameworkVersion: "4"',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  environment:',
    '    TABLE: ${file(./config/settings.json):table}',
    '    MODE: ${env:MODE, "none"}',
    'functions:',
    '  list:',
    '    handler: handler.list',
  ].join('\n');
  const dir = await projectFiles({ 'serverless.yml': yml, 'handler.js': '', 'config/settings.json': '{"table":"users-v1"}' });
  const fake = new FakeEmulator();
  const server = await startLocalServer({ dir, port: 0, apiPort: 0, createEmulator: () => fake, onReload: () => undefined });
  servers.push(server);
  const env = (): Record<string, string> | undefined => fake.specs.get('list')?.environment;
  assert.equal(env()?.TABLE, 'users-v1');
  assert.equal(env()?.MODE, 'none');

  await writeFile(join(dir, 'config', 'settings.json'), '{"table":"users-v2"}');
  await until('the ${file()} target change', () => env()?.TABLE === 'users-v2');

  await writeFile(join(dir, '.env'), 'MODE=from-dotenv\n');
  await until('the new .env', () => env()?.MODE === 'from-dotenv');
});

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';
import { startCloudServer, tempStateDir } from '../core/cloud/cloudServer';
import { closedPort, copyProject, startServer } from '../core/providers/providerFixtures';

/** `swb deploy` end to end in-process: discovery, packaging, the real SDK, the contract server. */

test('swb deploy creates, then reports unchanged code, then updates configuration', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const deploy = async (...extra: string[]) => {
    const io = captureIo({ cwd: root });
    const code = await runCli(['deploy', 'hello', '--provider', 'local', '--endpoint-url', server.endpoint, ...extra], io);
    return { code, out: io.out(), err: io.err() };
  };

  const created = await deploy();
  assert.equal(created.code, 0, created.err);
  assert.match(created.out, new RegExp(`^Deployed hello as swb-hello to local cloud at ${server.endpoint.replace(/\./g, '\\.')}\n`));
  assert.match(created.out, /\n {2}ARN +arn:aws:lambda:us-east-1:123456789012:function:swb-hello\n/);
  assert.match(created.out, /\n {2}code +created \(\d+(\.\d)? (B|KB)\)\n/);
  assert.match(created.err, /^packaging hello \(nodejs20\.x\)\n/);
  assert.match(created.err, /\ncreating swb-hello: uploading /);
  assert.match(created.err, /\ndone in \d+\.\d s\n$/);
  assert.ok(!created.out.includes('tok-very-secret-123') && !created.err.includes('tok-very-secret-123'));
  const tags = server.model.get('swb-hello').tags;
  assert.equal(tags['serverless-workbench:function'], 'hello');
  assert.equal(tags['serverless-workbench:project'], path.basename(root));

  const mark = server.requests.length;
  const unchanged = await deploy();
  assert.equal(unchanged.code, 0, unchanged.err);
  assert.match(unchanged.out, /\n {2}code +unchanged\n {2}configuration +unchanged\n/);
  assert.ok(!server.operations().slice(mark).includes('UpdateFunctionCode'));

  const manifest = path.join(root, 'serverless-workbench.json');
  writeFileSync(manifest, JSON.stringify({ functions: { hello: { runtime: 'nodejs20.x', codeDir: 'functions/hello', handler: 'index.handler', functionName: 'swb-hello', memorySize: 512, environment: { API_TOKEN: 'rotated-secret-456' } } } }));
  const reconfigured = await deploy('--alias', 'live', '--json');
  assert.equal(reconfigured.code, 0, reconfigured.err);
  const result = JSON.parse(reconfigured.out);
  assert.equal(result.codeUpdated, false);
  assert.deepEqual(result.configChanges, ['memorySize', 'description', 'environment']);
  assert.equal(result.version, '1');
  assert.equal(result.alias, 'live');
  assert.equal(reconfigured.err, '', '--json prints no progress');
  assert.ok(!reconfigured.out.includes('rotated-secret-456'));
});

test('swb deploy: bad input exits 2, a failed deploy exits 1 with one line', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);

  const unknown = captureIo({ cwd: root });
  assert.equal(await runCli(['deploy', 'nope', '--endpoint-url', server.endpoint], unknown), 2);
  assert.match(unknown.err(), /^swb deploy: no function "nope" in .* \(functions: hello, py\)\n/);

  const noName = captureIo({ cwd: root });
  assert.equal(await runCli(['deploy'], noName), 2);
  assert.match(noName.err(), /^swb deploy: give the function to deploy\n/);

  const badProvider = captureIo({ cwd: root });
  assert.equal(await runCli(['deploy', 'hello', '--provider', 'heroku'], badProvider), 2);
  assert.match(badProvider.err(), /^swb deploy: unknown provider "heroku" \(use aws or local\)\n/);

  const azure = captureIo({ cwd: root });
  assert.equal(await runCli(['deploy', 'hello', '--provider', 'azure'], azure), 2);
  assert.match(azure.err(), /the Azure Functions provider is not available yet/);

  // AWS needs a role for a new function; the message says how to give one.
  const noRole = captureIo({ cwd: root, env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDCLI', AWS_SECRET_ACCESS_KEY: 's', AWS_PROFILE: '' } });
  assert.equal(await runCli(['deploy', 'hello', '--provider', 'aws', '--region', 'eu-west-1', '--endpoint-url', server.endpoint], noRole), 2);
  assert.match(noRole.err(), /\nswb deploy: no execution role to create swb-hello in profile default, eu-west-1 via http:\S+: pass --role arn:aws:iam::<account>:role\/<name>/);

  const withRole = captureIo({ cwd: root, env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDCLI', AWS_SECRET_ACCESS_KEY: 's', AWS_PROFILE: '' } });
  const role = 'arn:aws:iam::123456789012:role/deployer';
  assert.equal(await runCli(['deploy', 'hello', '--provider', 'aws', '--endpoint-url', server.endpoint, '--role', role], withRole), 0, withRole.err());
  assert.equal(server.model.get('swb-hello').latest.config.Role, role);
  assert.ok(server.requests.filter((r) => r.operation === 'CreateFunction').every((r) => r.accessKeyId === 'AKIDCLI'));

  server.failNext('UpdateFunctionConfiguration', { status: 403, type: 'AccessDeniedException', message: 'not authorized to perform: lambda:UpdateFunctionConfiguration' });
  writeFileSync(path.join(root, 'serverless-workbench.json'), JSON.stringify({ functions: { hello: { runtime: 'nodejs20.x', codeDir: 'functions/hello', handler: 'index.handler', functionName: 'swb-hello', memorySize: 1024 } } }));
  const denied = captureIo({ cwd: root, env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDCLI', AWS_SECRET_ACCESS_KEY: 's', AWS_PROFILE: '' } });
  assert.equal(await runCli(['deploy', 'hello', '--provider', 'aws', '--endpoint-url', server.endpoint], denied), 1);
  assert.match(denied.err(), /\nswb deploy failed: access denied \(profile "default", us-east-1\): not authorized to perform: lambda:UpdateFunctionConfiguration\n$/);
});

test('swb deploy to a local cloud that is not running says how to start it', async (t) => {
  const root = copyProject(t);
  const port = await closedPort();
  const io = captureIo({ cwd: root });
  assert.equal(await runCli(['deploy', 'py', '--endpoint-url', `http://127.0.0.1:${port}`], io), 1);
  assert.ok(io.err().endsWith(`\nswb deploy failed: no local cloud at http://127.0.0.1:${port}: start it with \`swb serve\` or \`Serverless: Start Local Cloud\`\n`), io.err());
});

test('swb deploy of a function with a URL prints the URL, which answers', async (t) => {
  const cloud = await startCloudServer({ stateDir: tempStateDir((fn) => t.after(fn)), delays: { createMs: 50, updateMs: 50 }, functionUrls: { basePort: 0 } });
  t.after(() => cloud.close());
  const root = copyProject(t);
  writeFileSync(
    path.join(root, 'serverless-workbench.json'),
    JSON.stringify({ functions: { hello: { runtime: 'nodejs20.x', codeDir: 'functions/hello', handler: 'index.handler', functionName: 'swb-hello', environment: { GREETING: 'hey' }, url: true } } }),
  );
  const io = captureIo({ cwd: root });
  assert.equal(await runCli(['deploy', 'hello', '--endpoint-url', cloud.endpoint], io), 0, io.err());
  const url = /\nFunction URL: (http:\/\/127\.0\.0\.1:\d+\/)\n$/.exec(io.out())?.[1];
  assert.ok(url, io.out());
  assert.match(io.err(), /\ncreating the function URL \(auth NONE, BUFFERED\)\n/);
  const response = await fetch(`${url}?name=x`);
  assert.equal(((await response.json()) as { greeting: string }).greeting, 'hey');

  const json = captureIo({ cwd: root });
  assert.equal(await runCli(['deploy', 'hello', '--endpoint-url', cloud.endpoint, '--json'], json), 0, json.err());
  assert.equal(JSON.parse(json.out()).functionUrl, url, 'in --json too, unchanged on a redeploy');
});

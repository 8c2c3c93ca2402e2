import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';
import { copyProject, startServer } from '../core/providers/providerFixtures';

/** `swb functions list|get|invoke|download|delete` over the local provider and the contract server. */

test('swb functions: list, get (secrets masked), invoke with the log tail, download, delete', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const swb = async (args: string[], stdin?: string) => {
    const io = captureIo({ cwd: root, ...(stdin !== undefined ? { stdin } : {}) });
    const code = await runCli([...args, '--endpoint-url', server.endpoint], io);
    return { code, out: io.out(), err: io.err() };
  };
  assert.equal((await swb(['deploy', 'hello', '--publish'])).code, 0);
  assert.equal((await swb(['deploy', 'py'])).code, 0);

  const list = await swb(['functions', 'list']);
  assert.equal(list.code, 0, list.err);
  const lines = list.out.trimEnd().split('\n');
  assert.match(lines[0], /^NAME +RUNTIME +MEMORY +TIMEOUT +CODE +LAST MODIFIED$/);
  assert.match(lines[1], /^py +python3\.12 +128 MB +3 s +\d+(\.\d)? (B|KB) +\d{4}-\d\d-\d\dT/);
  assert.match(lines[2], /^swb-hello +nodejs20\.x +256 MB +3 s +/);
  assert.equal(lines.length, 3);
  const limited = JSON.parse((await swb(['functions', 'list', '--max-items', '1', '--json'])).out);
  assert.deepEqual(limited.map((f: { name: string }) => f.name), ['py']);
  assert.equal(limited[0].environment, undefined, 'listings carry no environment values');

  const get = await swb(['functions', 'get', 'swb-hello']);
  assert.equal(get.code, 0, get.err);
  assert.match(get.out, /^swb-hello\n {2}ARN +arn:aws:lambda:us-east-1:123456789012:function:swb-hello\n/);
  assert.match(get.out, /\n {4}GREETING=hi\n {4}API_TOKEN=\*{8}\n/);
  assert.ok(!get.out.includes('tok-very-secret-123'));
  assert.match(get.out, /\n {2}versions\n {4}\$LATEST, 1\n/);
  assert.match(get.out, /\n {4}serverless-workbench:function=hello\n/);
  const getJson = JSON.parse((await swb(['functions', 'get', 'swb-hello', '--json'])).out);
  assert.equal(getJson.environment.API_TOKEN, '********');
  assert.equal(getJson.state, 'Active');

  const invoke = await swb(['functions', 'invoke', 'swb-hello', '--event', '-'], '{"name":"Grace"}');
  assert.equal(invoke.code, 0, invoke.err);
  assert.deepEqual(JSON.parse(invoke.out).echo, { name: 'Grace' });
  assert.match(invoke.err, /^START RequestId: \S+ Version: \$LATEST\n[\s\S]*\nREPORT RequestId: /);
  const failing = await swb(['functions', 'invoke', 'swb-hello', '--event', '-', '--no-log'], '{"fail":"nope"}');
  assert.equal(failing.code, 1, 'a function error exits 1');
  assert.equal(failing.err, '');
  assert.equal(JSON.parse(failing.out).errorMessage, 'nope');
  const badEvent = await swb(['functions', 'invoke', 'swb-hello', '--event', '-'], '{not json');
  assert.equal(badEvent.code, 2);
  assert.match(badEvent.err, /^swb functions: the event is not valid JSON/);

  const download = await swb(['functions', 'download', 'swb-hello', '--out', 'downloaded']);
  assert.equal(download.code, 0, download.err);
  const bundle = path.join(root, 'downloaded', 'index.js');
  assert.ok(existsSync(bundle), download.out);
  assert.match(readFileSync(bundle, 'utf8'), /hello \$\{name/, 'the bundle holds the code of greet.js');
  const again = await swb(['functions', 'download', 'swb-hello', '--out', 'downloaded']);
  assert.equal(again.code, 2);
  assert.match(again.err, /downloaded is not empty: choose another folder with --out/);
  const asZip = await swb(['functions', 'download', 'py', '--zip', 'py.zip']);
  assert.equal(asZip.code, 0, asZip.err);
  assert.equal(readFileSync(path.join(root, 'py.zip')).subarray(0, 2).toString('latin1'), 'PK');

  const mark = server.requests.length;
  const unconfirmed = await swb(['functions', 'delete', 'py']);
  assert.equal(unconfirmed.code, 2);
  assert.match(unconfirmed.err, /^swb functions: refusing to delete py without --yes\n/);
  assert.equal(server.requests.length, mark, 'no request without --yes');
  const deleted = await swb(['functions', 'delete', 'py', '--yes']);
  assert.equal(deleted.code, 0, deleted.err);
  assert.equal(deleted.out, `deleted py from local cloud at ${server.endpoint}\n`);
  const missing = await swb(['functions', 'get', 'py']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^swb functions: no function "py" in local cloud at /);
  const gone = await swb(['functions', 'invoke', 'py']);
  assert.equal(gone.code, 1);
  assert.match(gone.err, /^swb functions failed: function "py" not found in local cloud at http:\/\/127\.0\.0\.1:\d+\n$/);
});

test('swb functions: argument errors exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['functions'], /give an action: list, get, invoke, delete, download/],
    [['functions', 'explode'], /unknown action "explode"/],
    [['functions', 'get'], /get needs exactly one function name/],
    [['functions', 'list', 'extra'], /list takes no function name/],
    [['functions', 'list', '--profile', 'dev', '--provider', 'local'], /--profile applies to --provider aws/],
    [['functions', 'list', '--max-items', '0'], /--max-items must be at least 1/],
  ];
  for (const [args, message] of cases) {
    const io = captureIo();
    assert.equal(await runCli(args, io), 2, args.join(' '));
    assert.match(io.err(), message);
  }
});

test('swb --help lists deploy and functions', async () => {
  const io = captureIo();
  assert.equal(await runCli(['--help'], io), 0);
  assert.match(io.out(), /\n {2}deploy +Deploy a function to the local cloud or AWS Lambda/);
  assert.match(io.out(), /\n {2}functions +List, inspect, invoke, download or delete deployed functions/);
});

// `aws lambda invoke` (the real AWS CLI) against `swb serve`'s Invoke API, workspace functions.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AwsCli } from '../../scripts/setup-clients.mjs' with { 'resolution-mode': 'import' };
import { requireClients, runAws, startServe, waitFor, type Clients, type Serve } from '../helpers/awsClients';

const ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';

describe('aws lambda invoke against swb serve', () => {
  let clients: Clients;
  let serve: Serve;
  const out = (name: string): string => join(serve.dir, name);
  const readOut = (name: string): unknown => JSON.parse(readFileSync(out(name), 'utf8'));
  // CLI v2 reads --payload as base64 unless told otherwise; v1 sends it as it is.
  const payloadArgs = (cli: AwsCli, json: string): string[] => (cli.major >= 2 ? ['--cli-binary-format', 'raw-in-base64-out', '--payload', json] : ['--payload', json]);

  before(async () => {
    clients = await requireClients();
    serve = await startServe();
  });
  after(() => serve?.close());

  test('RequestResponse: StatusCode, ExecutedVersion and the result in the outfile (Node and Python)', async () => {
    const [node, python] = await Promise.all([
      runAws(serve, clients.aws, ['lambda', 'invoke', '--function-name', 'echo', ...payloadArgs(clients.aws, '{"hello":"cli"}'), out('echo.json')]),
      runAws(serve, clients.aws, ['lambda', 'invoke', '--function-name', 'pyecho', ...payloadArgs(clients.aws, '{"n":2}'), out('pyecho.json')]),
    ]);
    assert.equal(node.code, 0, node.stderr);
    assert.deepEqual(JSON.parse(node.stdout), { StatusCode: 200, ExecutedVersion: '$LATEST' });
    assert.deepEqual(readOut('echo.json'), { event: { hello: 'cli' }, greeting: 'from-manifest', functionName: 'echo' });
    assert.equal(python.code, 0, python.stderr);
    assert.deepEqual(readOut('pyecho.json'), { event: { n: 2 }, runtime: 'python' });
  });

  test('--log-type Tail: LogResult decodes to START, the function line, END and REPORT of that request', async () => {
    const run = await runAws(serve, clients.aws, ['lambda', 'invoke', '--function-name', 'echo', '--log-type', 'Tail', ...payloadArgs(clients.aws, '{"tail":1}'), out('tail.json')]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { StatusCode: number; LogResult: string };
    assert.equal(result.StatusCode, 200);
    const log = Buffer.from(result.LogResult, 'base64').toString('utf8');
    const requestId = /^START RequestId: ([0-9a-f-]{36}) Version: \$LATEST$/m.exec(log)?.[1];
    assert.ok(requestId, log);
    assert.match(log, new RegExp(`^\\S+\\t${requestId}\\tINFO\\techo-line \\{"tail":1\\}$`, 'm'));
    assert.match(log, new RegExp(`^END RequestId: ${requestId}$`, 'm'));
    assert.match(log, new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB`, 'm'));
  });

  test('--invocation-type Event answers 202 and runs in the background; DryRun answers 204', async () => {
    writeFileSync(out('event.json'), 'stale');
    const [event, dry] = await Promise.all([
      runAws(serve, clients.aws, ['lambda', 'invoke', '--function-name', 'echo', '--invocation-type', 'Event', ...payloadArgs(clients.aws, '{"async":true}'), out('event.json')]),
      runAws(serve, clients.aws, ['lambda', 'invoke', '--function-name', 'echo', '--invocation-type', 'DryRun', out('dry.json')]),
    ]);
    assert.equal(event.code, 0, event.stderr);
    assert.deepEqual(JSON.parse(event.stdout), { StatusCode: 202 });
    assert.equal(readFileSync(out('event.json'), 'utf8'), '', 'the outfile gets the empty body');
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(JSON.parse(dry.stdout), { StatusCode: 204 });
    await waitFor('the Event invocation to run', () => (/^invoke echo \(Event\) ok/m.test(serve.stdout()) ? true : undefined), 30_000, serve.stdout);
    await waitFor('its log line', () => (/echo-line \{"async":true\}/.test(serve.stderr()) ? true : undefined), 30_000, serve.stderr);
  });

  test('a handler that throws: exit 0, FunctionError Unhandled, the AWS error payload in the outfile', async () => {
    const run = await runAws(serve, clients.aws, ['lambda', 'invoke', '--function-name', 'boom', out('boom.json')]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { StatusCode: 200, FunctionError: 'Unhandled', ExecutedVersion: '$LATEST' });
    const error = readOut('boom.json') as { errorType: string; errorMessage: string; trace: string[] };
    assert.equal(error.errorType, 'TypeError');
    assert.equal(error.errorMessage, 'boom from the fixture');
    assert.ok(Array.isArray(error.trace) && error.trace[0] === 'TypeError: boom from the fixture', JSON.stringify(error));
  });

  test('client errors: unknown function, malformed name, payload that is not JSON', async () => {
    writeFileSync(out('not-json.txt'), 'not json');
    const [unknown, malformed, notJson] = await Promise.all([
      runAws(serve, clients.aws, ['lambda', 'invoke', '--function-name', 'nope', out('nope.json')]),
      runAws(serve, clients.aws, ['lambda', 'invoke', '--function-name', 'bad:name:x', out('bad.json')]),
      runAws(serve, clients.aws, ['lambda', 'invoke', '--function-name', 'echo', '--payload', `fileb://${out('not-json.txt')}`, out('nj.json')]),
    ]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, new RegExp(`\\(ResourceNotFoundException\\) when calling the Invoke operation: Function not found: ${ARN_PREFIX}nope$`, 'm'));
    assert.notEqual(malformed.code, 0);
    assert.match(malformed.stderr, /\(ValidationException\) when calling the Invoke operation: 1 validation error detected: Value 'bad:name:x' at 'functionName'/);
    assert.notEqual(notJson.code, 0);
    assert.match(notJson.stderr, /\(InvalidRequestContentException\) when calling the Invoke operation: Could not parse request body into json/);
  });

  test('the other AWS CLIs on PATH (or, with none, this one) invoke: payload, Tail, Event, unknown function', async (t) => {
    const others = clients.extraAws.length ? clients.extraAws : [clients.aws];
    t.diagnostic(`AWS CLIs: ${others.map((c) => `${c.version} (${c.path})`).join(', ')}`);
    for (const cli of others) {
      const [ok, event, unknown] = await Promise.all([
        runAws(serve, cli, ['lambda', 'invoke', '--function-name', 'echo', '--log-type', 'Tail', ...payloadArgs(cli, '{"other":1}'), out('other.json')]),
        runAws(serve, cli, ['lambda', 'invoke', '--function-name', 'echo', '--invocation-type', 'Event', out('other-event.json')]),
        runAws(serve, cli, ['lambda', 'invoke', '--function-name', 'nope', out('other-nope.json')]),
      ]);
      assert.equal(ok.code, 0, `${cli.version}: ${ok.stderr}`);
      assert.match(Buffer.from((JSON.parse(ok.stdout) as { LogResult: string }).LogResult, 'base64').toString(), /echo-line \{"other":1\}/);
      assert.deepEqual((readOut('other.json') as { event: unknown }).event, { other: 1 });
      assert.equal(JSON.parse(event.stdout).StatusCode, 202, `${cli.version}: ${event.stderr}`);
      assert.match(unknown.stderr, /ResourceNotFoundException/, cli.version);
    }
  });
});

// boto3 against `swb serve`: test/fixtures/clients/boto3_checks.py makes the calls (invoke,
// create_function + waiter, paginators, logs, errors, Live Tail when its botocore has it) and
// prints what it saw; this file asserts on it, for Debian's boto3 and any other boto3 found.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Boto3Python } from '../../scripts/setup-clients.mjs' with { 'resolution-mode': 'import' };
import { clientsFixtures, deployZip, requireClients, runFile, startServe, type Clients, type Serve, boto3Check, type Boto3Check } from '../helpers/awsClients';

type Check = Boto3Check;
type Results = Record<string, Check> & { versions: { boto3: string; botocore: string } };

describe('boto3 against swb serve', () => {
  let clients: Clients;
  let serve: Serve;
  const results = new Map<Boto3Python, Results>();

  /** One run of the script per boto3 found: each call is one check, asserted below. */
  before(async () => {
    clients = await requireClients();
    serve = await startServe();
    const zip = deployZip(serve, 'node', 'boto3');
    // One after the other: they share the echo function's log group and the list of functions.
    for (const [i, python] of [clients.python, ...clients.extraPythons].entries()) {
      const run = await runFile(python.path, [join(clientsFixtures, 'boto3_checks.py'), serve.endpoint, zip, String(i)], serve.env, serve.dir);
      assert.equal(run.code, 0, `${python.path}: ${run.stderr}`);
      results.set(python, JSON.parse(run.stdout) as Results);
    }
  });
  after(() => serve?.close());

  const checked = (python: Boto3Python, name: string): Check => boto3Check(results, python, name);
  const each = (fn: (python: Boto3Python) => void): void => {
    for (const python of [clients.python, ...clients.extraPythons]) fn(python);
  };

  test('lambda.invoke: RequestResponse with LogType Tail, a Python function, a function error, Event', (t) => {
    t.diagnostic(`boto3: ${[clients.python, ...clients.extraPythons].map((p) => `${p.boto3}/botocore ${p.botocore} (${p.path})`).join(', ')}`);
    each((python) => {
      const invoke = checked(python, 'invoke');
      assert.equal(invoke.status, 200);
      assert.equal(invoke.executedVersion, '$LATEST');
      assert.equal(invoke.functionError, null);
      assert.deepEqual(invoke.payload, { event: { from: 'boto3' }, greeting: 'from-manifest', functionName: 'echo' });
      assert.match(String(invoke.log), /^START RequestId: (\S+) Version: \$LATEST\n.*echo-line \{"from":"boto3"\}\nEND RequestId: \1\nREPORT RequestId: \1\t/s);
      assert.deepEqual(checked(python, 'invokePython'), { status: 200, payload: { event: { n: 1 }, runtime: 'python' } });
      const failed = checked(python, 'invokeError');
      assert.equal(failed.functionError, 'Unhandled');
      assert.deepEqual({ ...(failed.payload as object), trace: undefined }, { errorType: 'TypeError', errorMessage: 'boom from the fixture', trace: undefined });
      assert.deepEqual(checked(python, 'invokeEvent'), { status: 202, body: '' });
    });
  });

  test('a ClientError for an unknown function: ResourceNotFoundException, HTTP 404, the modeled exception class', () => {
    each((python) => {
      assert.deepEqual(checked(python, 'unknownFunction'), {
        code: 'ResourceNotFoundException',
        message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function',
        httpStatus: 404,
        modeled: true,
      });
      assert.deepEqual(checked(python, 'unknownGetFunction'), { code: 'ResourceNotFoundException', httpStatus: 404 });
    });
  });

  test("create_function + get_waiter('function_active_v2'), get_paginator('list_functions') with pages of one", () => {
    const created: string[] = [];
    each((python) => {
      const create = checked(python, 'create');
      assert.deepEqual(create.createdStates, ['Pending', 'Pending']);
      assert.equal(create.state, 'Active');
      assert.deepEqual(create.invoked, { code: 'boto3', mode: 'boto3', event: {} });
      created.push(...(create.names as string[]));
      const list = checked(python, 'listFunctions');
      // The project's own functions are listed beside the deployed ones, in one name order.
      const listed = [...created, 'boom', 'echo', 'pyecho'].sort();
      assert.deepEqual(list.names, listed, 'every function created so far and the project functions, one page each');
      assert.equal(list.pages, listed.length);
    });
  });

  test("logs: get_paginator('filter_log_events') with pages of one, get_log_events from the head", () => {
    each((python) => {
      const filtered = checked(python, 'filterLogEvents');
      const messages = filtered.messages as string[];
      assert.ok(messages.length >= 2 && messages.every((m) => m.startsWith('REPORT RequestId: ')), messages.join(''));
      assert.equal(filtered.pages, messages.length);
      const got = checked(python, 'getLogEvents');
      assert.match(String(got.stream), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
      assert.match((got.messages as string[])[0], /^START RequestId: /);
      assert.match(String(got.forwardToken), /^f\//);
    });
  });

  test('logs.start_live_tail (each boto3 whose botocore has it, host prefix off) streams a new line', (t) => {
    each((python) => {
      const live = checked(python, 'liveTail');
      t.diagnostic(`botocore ${python.botocore}: ${live.supported ? 'StartLiveTail streamed' : 'has no StartLiveTail'}`);
      if (!live.supported) return;
      assert.deepEqual(live.firstKinds, ['sessionStart', 'sessionUpdate']);
      assert.match((live.messages as string[])[0], /echo-line \{"say":"live-tail-marker"\}/);
    });
  });
});

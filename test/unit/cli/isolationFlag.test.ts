import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';

// `--isolation thread|process` on swb invoke and swb serve (see docs/performance.md).

const threadFixtures = join(__dirname, '..', '..', 'fixtures', 'thread-isolation');

async function run(args: string[]) {
  const io = captureIo({ cwd: threadFixtures });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

test('swb invoke --isolation thread runs the handler in a worker thread of swb itself', async () => {
  const threaded = await run(['invoke', '--handler', 'index.whereAmI', '--isolation', 'thread']);
  assert.equal(threaded.code, 0, threaded.err);
  const result = JSON.parse(threaded.out) as { pid: number; isMainThread: boolean };
  assert.equal(result.pid, process.pid);
  assert.equal(result.isMainThread, false);
  assert.match(threaded.err, /^REPORT RequestId: /m);
  const own = await run(['invoke', '--handler', 'index.whereAmI', '--isolation', 'process']);
  assert.equal(own.code, 0, own.err);
  assert.notEqual((JSON.parse(own.out) as { pid: number }).pid, process.pid);
});

test('an unknown --isolation is a one-line error (exit 2) for invoke and serve', async () => {
  for (const command of ['invoke', 'serve']) {
    const { code, out, err } = await run([command, '--isolation', 'vm', ...(command === 'invoke' ? ['--handler', 'index.whereAmI'] : [])]);
    assert.equal(code, 2, err);
    assert.equal(out, '');
    assert.match(err.split('\n')[0], new RegExp(`^swb ${command}: --isolation must be one of process, thread, inline, got "vm"$`));
  }
});

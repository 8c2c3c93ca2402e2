import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bufferedOutput } from '../../../src/cli/bufferedOutput';

function recorder(): { writes: Array<[string, string]>; out: { write(t: string): void }; err: { write(t: string): void } } {
  const writes: Array<[string, string]> = [];
  return { writes, out: { write: (t) => void writes.push(['out', t]) }, err: { write: (t) => void writes.push(['err', t]) } };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('writes of one turn are coalesced per stream run and keep their order across stdout and stderr', async () => {
  const { writes, out, err } = recorder();
  const output = bufferedOutput(out, err);
  output.stderr('START\n');
  output.stderr('END\n');
  output.stdout('invoke ok\n');
  output.stderr('REPORT\n');
  output.stdout('');
  assert.deepEqual(writes, [], 'nothing is written synchronously');
  await nextTurn();
  assert.deepEqual(writes, [
    ['err', 'START\nEND\n'],
    ['out', 'invoke ok\n'],
    ['err', 'REPORT\n'],
  ]);
  output.stdout('later\n');
  await nextTurn();
  assert.deepEqual(writes.at(-1), ['out', 'later\n']);
  assert.equal(writes.length, 4);
});

test('flush() writes what is queued at once, and the scheduled flush then has nothing to repeat', async () => {
  const { writes, out, err } = recorder();
  const output = bufferedOutput(out, err);
  output.stdout('a');
  output.stdout('b');
  output.flush();
  assert.deepEqual(writes, [['out', 'ab']]);
  await nextTurn();
  assert.deepEqual(writes, [['out', 'ab']]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmulatorLogSink } from '../../../../src/core/logs/emulatorLogSink';
import { LogStore } from '../../../../src/core/logs/logStore';

test('lines are filed per function group and stream, newline-terminated, versions in the function group', () => {
  const store = new LogStore();
  const appends: string[] = [];
  const original = store.ingest.bind(store);
  store.ingest = (group, stream, events) => {
    appends.push(`${group} ${stream} ${events.length}`);
    return original(group, stream, events);
  };
  const sink = createEmulatorLogSink(store);
  const stream = '2026/11/26/[$LATEST]abc';
  sink.onLog({ functionName: 'orders', logStreamName: stream, line: 'START RequestId: 1 Version: $LATEST', timestamp: 1000.7 });
  sink.onLog({ functionName: 'orders', logStreamName: stream, line: 'END RequestId: 1\n', timestamp: 1001 });
  sink.onLog({ functionName: 'orders:3', logStreamName: '2026/11/26/[3]def', line: 'START RequestId: 2 Version: 3', timestamp: 1002 });
  assert.equal(appends.length, 0, 'nothing is written before the batch is flushed');
  sink.flush();
  assert.deepEqual(appends, [`/aws/lambda/orders ${stream} 2`, '/aws/lambda/orders 2026/11/26/[3]def 1']);
  const events = store.hasLogGroup('/aws/lambda/orders:3');
  assert.equal(events, false, 'a version logs into its function\'s group');
  sink.flush();
  assert.equal(appends.length, 2, 'a second flush has nothing to write');
});

test('a batch is written on its own after a short delay', async () => {
  const store = new LogStore();
  let written = 0;
  const original = store.ingest.bind(store);
  store.ingest = (group, stream, events) => {
    written += events.length;
    return original(group, stream, events);
  };
  const sink = createEmulatorLogSink(store);
  sink.onLog({ functionName: 'f', logStreamName: 's', line: 'x', timestamp: 1 });
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(written, 1);
});

'use strict';
/*
 * The entry of a thread-isolated execution environment (`isolation: 'thread'`): a worker thread of
 * the emulator's process that runs the same bootstrap as a child process would, speaking the same
 * Runtime API over the same local socket. This file only adapts what differs in a worker.
 */
const v8 = require('node:v8');
const { parentPort, workerData } = require('node:worker_threads');

// `--enable-source-maps` cannot be given to a worker; this is its per-thread switch.
if (workerData && workerData.sourceMaps && typeof process.setSourceMapsEnabled === 'function') {
  process.setSourceMapsEnabled(true);
}

// RSS belongs to the whole process, so "Max Memory Used" of a thread is its V8 heap (plus the
// memory V8 accounts as external, e.g. Buffers), sampled when the emulator asks.
parentPort.on('message', (message) => {
  if (message !== 'heap') return;
  const stats = v8.getHeapStatistics();
  parentPort.postMessage({ heapKb: Math.round((stats.total_heap_size + (stats.external_memory || 0)) / 1024) });
});
// Listening must not keep the thread alive: the bootstrap relies on the event loop emptying
// (`beforeExit`) for callback handlers, as in a process.
parentPort.unref();

// A worker's stdout/stderr are not sockets and count no bytes; the bootstrap compares counts to
// tell the emulator an invocation wrote nothing (which saves waiting for late output).
for (const stream of [process.stdout, process.stderr]) {
  let written = 0;
  const write = stream.write;
  stream.write = function countedWrite(chunk, ...rest) {
    if (chunk && chunk.length) written += chunk.length;
    return write.call(this, chunk, ...rest);
  };
  Object.defineProperty(stream, 'bytesWritten', { get: () => written, configurable: true });
}

require('./bootstrap.js');

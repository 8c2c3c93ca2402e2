import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { watchCode } from '../../../../src/core/emulator/codeWatcher';

// Change events for a code folder: source edits count, generated folders do not.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function changesAfter(count: () => number, action: () => void): Promise<number> {
  const before = count();
  action();
  for (let waited = 0; waited < 3000 && count() === before; waited += 25) await sleep(25);
  await sleep(100); // let a burst of events land
  return count() - before;
}

test('edits anywhere under the code folder are seen, also in folders created or re-created later', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'swb-watch-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'lib'));
  let changes = 0;
  const stop = watchCode(dir, () => changes++);
  after(stop);
  const count = () => changes;

  assert.ok((await changesAfter(count, () => writeFileSync(path.join(dir, 'index.js'), '1'))) > 0, 'top-level file');
  assert.ok((await changesAfter(count, () => writeFileSync(path.join(dir, 'lib', 'a.js'), '1'))) > 0, 'nested file');
  await changesAfter(count, () => mkdirSync(path.join(dir, 'lib', 'deep')));
  assert.ok((await changesAfter(count, () => writeFileSync(path.join(dir, 'lib', 'deep', 'b.js'), '1'))) > 0, 'new folder');
  await changesAfter(count, () => {
    rmSync(path.join(dir, 'lib'), { recursive: true });
    mkdirSync(path.join(dir, 'lib'));
  });
  assert.ok((await changesAfter(count, () => writeFileSync(path.join(dir, 'lib', 'c.js'), '1'))) > 0, 're-created folder');
});

test('node_modules, dot-folders and __pycache__ are ignored; unsubscribing stops events', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'swb-watch-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  for (const folder of ['node_modules', '.git', '__pycache__']) mkdirSync(path.join(dir, folder));
  let changes = 0;
  const stop = watchCode(dir, () => changes++);
  writeFileSync(path.join(dir, 'node_modules', 'x.js'), '1');
  writeFileSync(path.join(dir, '.git', 'index'), '1');
  writeFileSync(path.join(dir, '__pycache__', 'app.cpython-311.pyc'), '1');
  mkdirSync(path.join(dir, 'node_modules', '.cache'));
  await sleep(400);
  assert.equal(changes, 0);
  stop();
  writeFileSync(path.join(dir, 'index.js'), '1');
  await sleep(400);
  assert.equal(changes, 0);
});

// The parts of scripts/setup-e2e.mjs that do not install anything: where the cache is, and the
// lock that keeps two runs from installing at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const scratch = mkdtempSync(join(tmpdir(), 'swb-setup-e2e-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const load = () => import('../../../scripts/setup-e2e.mjs');

test('the cache is $SWB_CACHE_DIR, else under $XDG_CACHE_HOME', async (t) => {
  const { cacheDir } = await load();
  const saved = { swb: process.env.SWB_CACHE_DIR, xdg: process.env.XDG_CACHE_HOME };
  t.after(() => {
    for (const [name, value] of [['SWB_CACHE_DIR', saved.swb], ['XDG_CACHE_HOME', saved.xdg]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  process.env.XDG_CACHE_HOME = '/x/cache';
  delete process.env.SWB_CACHE_DIR;
  assert.equal(cacheDir(), join('/x/cache', 'serverless-workbench'));
  process.env.SWB_CACHE_DIR = '/y/swb';
  assert.equal(cacheDir(), '/y/swb');
});

test('a second run waits for the lock until the first releases it', async () => {
  const { acquireLock } = await load();
  const lock = join(scratch, 'busy.lock');
  const releaseFirst = await acquireLock(lock);
  let secondHasIt = false;
  const lines: string[] = [];
  const second = acquireLock(lock, (line) => lines.push(line)).then((release) => {
    secondHasIt = true;
    return release;
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(secondHasIt, false, 'the lock is held');
  assert.match(lines.join('\n'), /waiting for another setup/);
  releaseFirst();
  const releaseSecond = await second;
  assert.ok(existsSync(lock));
  releaseSecond();
  assert.ok(!existsSync(lock));
});

test('a lock left by a process that died is taken over', async () => {
  const { acquireLock } = await load();
  const lock = join(scratch, 'stale.lock');
  const dead = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => dead.once('exit', resolve));
  mkdirSync(lock);
  writeFileSync(join(lock, 'pid'), String(dead.pid));
  const release = await acquireLock(lock);
  release();
  assert.ok(!existsSync(lock));
});

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Invocation } from '../../../../src/core/emulator/types';
import { createTestEmulator, fixtureSpec, json } from '../../../helpers/emulator';

// Hundreds of bad events and handler strings: the emulator must keep serving, and every failure
// must come back in AWS's shape (or as one of the Invoke API's own exceptions).

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.SWB_FUZZ_SEED ?? 20240531);
const rand = random(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const randomText = (max: number) =>
  Array.from({ length: Math.floor(rand() * max) }, () => String.fromCharCode(Math.floor(rand() * 0x2fff))).join('');

const SERVICE_ERRORS = new Set(['InvalidRequestContentException', 'RequestTooLargeException']);

function badEvent(): { payload: Buffer | string; clientContext?: string; traceId?: string } {
  switch (Math.floor(rand() * 12)) {
    case 0:
      return { payload: Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256))) };
    case 1:
      return { payload: JSON.stringify({ n: rand() * 100 }).slice(0, Math.floor(rand() * 8)) };
    case 2:
      return { payload: `${'['.repeat(2000 + Math.floor(rand() * 5000))}${']'.repeat(2000)}` };
    case 3:
      return { payload: JSON.stringify(pick([null, true, 0, -1, 'n', [], [1, 2], {}, { n: 'x' }, { n: null }, { n: -5 }, { n: 1e308 }])) };
    case 4:
      return { payload: JSON.stringify({ n: randomText(40) }) };
    case 5:
      return { payload: `\ufeff{"n":1}` };
    case 6:
      return { payload: JSON.stringify({ n: Math.floor(rand() * 1000) }), clientContext: Buffer.from(randomText(10)).toString('base64') };
    case 7:
      return { payload: '{"n":1}', traceId: `Root=1-${randomText(6)}\n` };
    case 8:
      return { payload: JSON.stringify({ deep: JSON.parse('['.repeat(3000) + ']'.repeat(3000)) }) };
    case 9:
      return { payload: JSON.stringify({ n: 1, pad: 'x'.repeat(Math.floor(rand() * 200_000)) }) };
    case 10:
      return { payload: randomText(30) };
    default:
      return { payload: JSON.stringify({ n: Math.floor(rand() * 50) - 10 }) };
  }
}

function badHandler(): string {
  return pick([
    () => '',
    () => '.',
    () => 'index',
    () => 'index.',
    () => '.picky',
    () => '../index.picky',
    () => 'index.picky.deeper',
    () => 'index.constructor',
    () => 'index.__proto__.x',
    () => `index.${randomText(12)}`,
    () => `${randomText(8)}.handler`,
    () => `nested/${randomText(5)}/mod.fn`,
    () => 'index.notAFunction',
    () => 'needsPackage.handler',
    () => 'index.throwsCustom',
    () => 'index.picky',
    () => `index.picky${' '.repeat(3)}`,
    () => 'x'.repeat(300) + '.handler',
  ])();
}

/** One outcome, checked: a resolved invocation in AWS's shape, or a named service rejection. */
async function check(promise: Promise<Invocation>, what: string): Promise<'ok' | 'function error' | 'rejected'> {
  let inv: Invocation;
  try {
    inv = await promise;
  } catch (err) {
    assert.ok(err instanceof Error && SERVICE_ERRORS.has(err.name), `${what}: unexpected rejection ${String(err)}`);
    return 'rejected';
  }
  assert.match(inv.logs, /^REPORT RequestId: .*\n$/m, `${what}: no REPORT line`);
  if (!inv.error) {
    JSON.parse(inv.payload.toString('utf8'));
    return 'ok';
  }
  assert.equal(inv.functionError, 'Unhandled', what);
  const payload = JSON.parse(inv.payload.toString('utf8')) as Record<string, unknown>;
  assert.equal(typeof payload.errorType, 'string', `${what}: ${inv.payload.toString()}`);
  assert.ok((payload.errorType as string).length > 0, what);
  assert.equal(typeof payload.errorMessage, 'string', what);
  assert.equal(payload.errorType, inv.error.errorType, what);
  return 'function error';
}

test(`fuzz (seed ${SEED}): 160 bad events and 60 bad handler strings, and the emulator keeps serving`, { timeout: 120_000 }, async () => {
  const { emulator } = createTestEmulator(after);
  emulator.register(fixtureSpec('picky', 'node-basic', 'index.picky', { timeout: 5 }), { concurrency: 2 });
  const seen = { ok: 0, 'function error': 0, rejected: 0 };

  for (let i = 0; i < 160; i++) {
    const event = badEvent();
    seen[await check(emulator.invoke('picky', event), `event #${i} ${String(event.payload).slice(0, 60)}`)]++;
  }
  for (let i = 0; i < 60; i++) {
    const handler = badHandler();
    const name = `fuzz-${i}`;
    emulator.register(fixtureSpec(name, 'node-basic', handler, { timeout: 3 }));
    seen[await check(emulator.invoke(name, { payload: '{"n":2}' }), `handler #${i} ${JSON.stringify(handler)}`)]++;
    await emulator.unregister(name);
  }

  // Every kind of outcome happened, and the function still answers.
  assert.ok(seen.ok > 0 && seen['function error'] > 0 && seen.rejected > 0, JSON.stringify(seen));
  assert.deepEqual(json(await emulator.invoke('picky', { payload: '{"n":21}' })), { doubled: 42 });
});

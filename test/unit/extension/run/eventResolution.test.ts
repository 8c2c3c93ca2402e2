import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { saveEvent } from '../../../../src/core/events';
import { UserError } from '../../../../src/core/errors';
import { emptyEventName, resolveEvent } from '../../../../src/extension/run/eventResolution';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'swb-events-'));
  await saveEvent(root, 'hello', 'b-second', { n: 2 });
  await saveEvent(root, 'hello', 'a-first', { n: 1 });
});
after(() => rm(root, { recursive: true, force: true }));

describe('resolveEvent', () => {
  test('without a selection: the first saved event, by name', async () => {
    const resolved = await resolveEvent(root, 'hello', undefined);
    assert.equal(resolved.eventName, 'a-first');
    assert.deepEqual(JSON.parse(resolved.payload), { n: 1 });
    assert.equal(resolved.file, join(root, '.events', 'hello', 'a-first.json'));
  });

  test('the selected saved event, with its text exactly as saved', async () => {
    const resolved = await resolveEvent(root, 'hello', 'b-second');
    assert.equal(resolved.eventName, 'b-second');
    assert.equal(resolved.payload, '{\n  "n": 2\n}\n');
  });

  test('the empty event when selected, even with saved events', async () => {
    assert.deepEqual(await resolveEvent(root, 'hello', emptyEventName), { payload: '{}' });
  });

  test('a selection whose file is gone falls back to the default', async () => {
    assert.equal((await resolveEvent(root, 'hello', 'deleted')).eventName, 'a-first');
  });

  test('no saved events: {}', async () => {
    assert.deepEqual(await resolveEvent(root, 'other', undefined), { payload: '{}' });
  });

  test('invalid JSON is a one-line error naming the file', async () => {
    await saveEvent(root, 'broken', 'bad', {});
    await writeFile(join(root, '.events', 'broken', 'bad.json'), '{ "a": ');
    await assert.rejects(resolveEvent(root, 'broken', 'bad'), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /^\.events\/broken\/bad\.json: invalid JSON/);
      return true;
    });
  });
});

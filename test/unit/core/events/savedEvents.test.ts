import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { UserError } from '../../../../src/core/errors';
import { deleteSavedEvent, listSavedEvents, readSavedEvent, saveEvent, savedEventPath } from '../../../../src/core/events';

const workspace = mkdtempSync(join(tmpdir(), 'swb-saved-events-'));
after(() => rmSync(workspace, { recursive: true, force: true }));

test('a saved event round-trips through .events/<function>/<name>.json as pretty JSON', async () => {
  const event = { Records: [{ body: 'hello', n: 1 }] };
  const file = await saveEvent(workspace, 'orders', 'first', event);
  assert.equal(file, join(workspace, '.events', 'orders', 'first.json'));
  assert.equal(readFileSync(file, 'utf8'), `${JSON.stringify(event, null, 2)}\n`);
  assert.deepEqual(await readSavedEvent(workspace, 'orders', 'first'), event);
  assert.deepEqual(await readSavedEvent(workspace, 'orders', 'first.json'), event, 'a .json suffix is accepted');
});

test('listing is sorted, ignores other files, and is empty for a function with none', async () => {
  await saveEvent(workspace, 'listing', 'b-event', {});
  await saveEvent(workspace, 'listing', 'a-event', {});
  writeFileSync(join(workspace, '.events', 'listing', 'notes.txt'), 'not an event');
  const saved = await listSavedEvents(workspace, 'listing');
  assert.deepEqual(saved.map((e) => e.name), ['a-event', 'b-event']);
  assert.equal(saved[0].file, join(workspace, '.events', 'listing', 'a-event.json'));
  assert.deepEqual(await listSavedEvents(workspace, 'nothing-here'), []);
});

test('saving does not overwrite unless asked', async () => {
  await saveEvent(workspace, 'over', 'e', { v: 1 });
  await assert.rejects(saveEvent(workspace, 'over', 'e', { v: 2 }), (e: unknown) => e instanceof UserError && /already exists/.test(e.message));
  assert.deepEqual(await readSavedEvent(workspace, 'over', 'e'), { v: 1 });
  await saveEvent(workspace, 'over', 'e', { v: 2 }, { overwrite: true });
  assert.deepEqual(await readSavedEvent(workspace, 'over', 'e'), { v: 2 });
});

test('names with path separators or .. are refused before touching the disk', async () => {
  for (const bad of ['../escape', 'a/b', 'a\\b', '..', '']) {
    await assert.rejects(saveEvent(workspace, 'fn', bad, {}), UserError, `event name ${JSON.stringify(bad)}`);
    await assert.rejects(saveEvent(workspace, bad, 'ok', {}), UserError, `function name ${JSON.stringify(bad)}`);
  }
  assert.throws(() => savedEventPath(workspace, 'fn', '../../etc/passwd'), /must not contain path separators or "\.\."/);
  assert.equal(existsSync(join(workspace, 'escape.json')), false);
});

test('invalid JSON is a one-line error naming the file', async () => {
  mkdirSync(join(workspace, '.events', 'broken'), { recursive: true });
  writeFileSync(join(workspace, '.events', 'broken', 'bad.json'), '{ "a": 1,,\n  "b": 2 }');
  await assert.rejects(readSavedEvent(workspace, 'broken', 'bad'), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /^\.events[/\\]broken[/\\]bad\.json: invalid JSON: /);
    assert.ok(!e.message.includes('\n'));
    return true;
  });
});

test('reading a missing event lists the saved ones; delete removes one and refuses a missing one', async () => {
  await saveEvent(workspace, 'del', 'keep', {});
  await saveEvent(workspace, 'del', 'drop', {});
  await assert.rejects(readSavedEvent(workspace, 'del', 'nope'), /no saved event "nope" for del; saved: drop, keep/);
  await deleteSavedEvent(workspace, 'del', 'drop');
  assert.deepEqual((await listSavedEvents(workspace, 'del')).map((e) => e.name), ['keep']);
  await assert.rejects(deleteSavedEvent(workspace, 'del', 'drop'), /no saved event "drop" for del/);
});

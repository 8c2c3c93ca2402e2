import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { discoverFunctions } from '../../../../src/core/project/discover';
import type { LocalFunction } from '../../../../src/extension/project/localFunction';
import { remoteEventChoices, resolveRemoteEvent } from '../../../../src/extension/cloud/remoteEvents';

const project = path.join(__dirname, '..', '..', '..', 'fixtures', 'deploy-editor', 'project');

async function greet(): Promise<LocalFunction> {
  const spec = (await discoverFunctions(project)).functions.find((f) => f.name === 'greet');
  assert.ok(spec);
  return { spec, root: project };
}

describe('events for invoking a deployed function', () => {
  test('saved events of the workspace function first, then {}, then the catalogue with its triggers’ entries first', async () => {
    const items = await remoteEventChoices(await greet(), undefined);
    assert.deepEqual(items[0], { label: 'ada', description: 'saved · used by local runs', detail: '.events/greet/ada.json', value: { kind: 'saved', name: 'ada', file: path.join(project, '.events', 'greet', 'ada.json') } });
    assert.deepEqual(items[1].value, { kind: 'empty' });
    assert.equal(items[2].value.kind, 'catalogue');
    assert.equal(items[2].label, '$(symbol-event) aws:sqs', 'greet is triggered by SQS');
    assert.equal(items[2].description, 'catalogue · matches a trigger');
    assert.ok(items.every((i) => i.value.kind !== 'catalogue' || !i.label.includes('azure:')), 'only AWS events');
  });

  test('without a workspace function: {} and the catalogue', async () => {
    const items = await remoteEventChoices(undefined, undefined);
    assert.deepEqual(items[0].value, { kind: 'empty' });
    assert.ok(items.length > 10);
  });

  test('each choice resolves to its payload', async () => {
    assert.deepEqual(await resolveRemoteEvent({ kind: 'empty' }), { payload: '{}' });
    const saved = await resolveRemoteEvent({ kind: 'saved', name: 'ada', file: path.join(project, '.events', 'greet', 'ada.json') });
    assert.deepEqual(JSON.parse(saved.payload), { name: 'Ada' });
    assert.equal(saved.eventName, 'ada');
    const sqs = await resolveRemoteEvent({ kind: 'catalogue', name: 'aws:sqs' });
    assert.equal(sqs.eventName, 'aws:sqs');
    assert.equal((JSON.parse(sqs.payload) as { Records: { eventSource: string }[] }).Records[0].eventSource, 'aws:sqs');
  });
});

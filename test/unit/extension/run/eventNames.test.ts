import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { listEvents } from '../../../../src/core/events';
import { defaultEventName, orderCatalogue, suggestedCatalogueEvents, uniqueEventName, validateEventName } from '../../../../src/extension/run/eventNames';

describe('eventNames', () => {
  test('validateEventName refuses empty, path-like, reserved and existing names', () => {
    const existing = new Set(['get-hello']);
    assert.equal(validateEventName('post-order', existing), undefined);
    assert.match(validateEventName('  ', existing) ?? '', /Enter a name/);
    assert.match(validateEventName('a/b', existing) ?? '', /path separators/);
    assert.match(validateEventName('..', existing) ?? '', /path separators/);
    assert.match(validateEventName('{}', existing) ?? '', /empty event/);
    assert.match(validateEventName('get-hello', existing) ?? '', /already exists/);
    assert.match(validateEventName('get-hello.json', existing) ?? '', /already exists/);
  });

  test('uniqueEventName appends the first free number', () => {
    assert.equal(uniqueEventName('s3-put', new Set()), 's3-put');
    assert.equal(uniqueEventName('s3-put', new Set(['s3-put', 's3-put-2'])), 's3-put-3');
  });

  test('defaultEventName drops the provider', () => {
    assert.equal(defaultEventName({ name: 'aws:s3-put' }), 's3-put');
  });

  test('suggestions follow the declared triggers and name real catalogue entries', () => {
    const suggested = suggestedCatalogueEvents({ events: [{ type: 'httpApi', method: 'GET', path: '/' }, { type: 'sqs', queue: 'q' }, { type: 'unknownThing' }] });
    assert.deepEqual(suggested, ['aws:apigateway-v2', 'aws:sqs', 'aws:sqs-batch']);
    const catalogue = new Set(listEvents().map((e) => e.name));
    for (const type of ['httpApi', 'http', 'alb', 's3', 'sqs', 'sns', 'schedule', 'eventBridge', 'dynamodb', 'stream', 'kinesis', 'cloudwatchLog', 'iot', 'cognitoUserPool', 'msk', 'kafka']) {
      for (const name of suggestedCatalogueEvents({ events: [{ type }] })) assert.ok(catalogue.has(name), `${name} (for ${type}) is in the catalogue`);
    }
  });

  test('orderCatalogue puts the suggested entries first', () => {
    const ordered = orderCatalogue(listEvents('aws'), ['aws:sqs']);
    assert.deepEqual(ordered[0], { entry: listEvents('aws').find((e) => e.name === 'aws:sqs'), suggested: true });
    assert.equal(ordered.length, listEvents('aws').length);
    assert.ok(ordered.slice(1).every((o) => !o.suggested));
  });
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../../../src/core/errors';
import { allEvents, describeDefault, findEvent, generateEvent, getEvent, listEvents, parseParamAssignments, resolveParams } from '../../../../src/core/events';
import { GeneratedDefault } from '../../../../src/core/events/types';

test('the catalogue has at least 30 AWS events, 8 Azure and 4 Google Cloud, with unique provider-prefixed names', () => {
  assert.ok(listEvents('aws').length >= 30, `aws: ${listEvents('aws').length}`);
  assert.ok(listEvents('azure').length >= 8);
  assert.ok(listEvents('gcp').length >= 4);
  const names = allEvents.map((e) => e.name);
  assert.equal(new Set(names).size, names.length, 'names are unique');
  for (const event of allEvents) {
    assert.match(event.name, new RegExp(`^${event.provider}:[a-z0-9-]+$`));
    assert.ok(event.description.length > 10, event.name);
  }
});

test('the required event kinds are all present', () => {
  const required = [
    'aws:apigateway-v1', 'aws:apigateway-v2', 'aws:apigateway-authorizer-token', 'aws:apigateway-authorizer-request', 'aws:alb',
    'aws:s3-put', 'aws:s3-delete', 'aws:sqs', 'aws:sqs-batch', 'aws:sns', 'aws:eventbridge-scheduled', 'aws:eventbridge',
    'aws:dynamodb-insert', 'aws:dynamodb-modify', 'aws:dynamodb-remove', 'aws:kinesis', 'aws:firehose', 'aws:cloudwatch-logs',
    'aws:cognito-pre-signup', 'aws:cognito-post-confirmation', 'aws:cognito-pre-token-generation', 'aws:ses',
    'aws:cloudfront-viewer-request', 'aws:cloudfront-viewer-response', 'aws:appsync-resolver', 'aws:stepfunctions-task', 'aws:iot',
    'aws:lex-v2', 'aws:msk', 'aws:s3-batch', 'aws:secretsmanager-rotation', 'aws:codepipeline-job', 'aws:config-rule',
    'azure:http', 'azure:timer', 'azure:blob', 'azure:queue', 'azure:servicebus', 'azure:eventgrid', 'azure:eventhub', 'azure:cosmosdb',
    'gcp:http', 'gcp:storage-finalized', 'gcp:storage-deleted', 'gcp:pubsub', 'gcp:firestore-written',
  ];
  const missing = required.filter((name) => !findEvent(name));
  assert.deepEqual(missing, []);
});

test('every event generates JSON-serialisable output from its defaults, fresh each time', () => {
  for (const event of allEvents) {
    const first = JSON.stringify(generateEvent(event.name));
    assert.ok(first && first.length > 2, event.name);
    assert.deepEqual(JSON.parse(first), JSON.parse(JSON.stringify(JSON.parse(first))), event.name);
  }
  const a = generateEvent('aws:sqs') as { Records: { messageId: string }[] };
  const b = generateEvent('aws:sqs') as { Records: { messageId: string }[] };
  assert.notEqual(a.Records[0].messageId, b.Records[0].messageId, 'generated ids are fresh');
});

test('every parameter has a description and a default of its declared type', () => {
  for (const event of allEvents) {
    for (const p of event.parameters) {
      assert.ok(p.description, `${event.name}.${p.name}`);
      const value = p.default instanceof GeneratedDefault ? p.default.make() : p.default;
      if (p.type === 'string') assert.equal(typeof value, 'string', `${event.name}.${p.name}`);
      if (p.type === 'number') assert.equal(typeof value, 'number', `${event.name}.${p.name}`);
      if (p.type === 'boolean') assert.equal(typeof value, 'boolean', `${event.name}.${p.name}`);
    }
    assert.equal(new Set(event.parameters.map((p) => p.name)).size, event.parameters.length, `${event.name} parameter names are unique`);
  }
});

test('every catalogue event has a test of its own in this folder', () => {
  const dir = __dirname;
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') && f !== 'catalogue.test.ts')
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const untested = allEvents.filter((e) => !sources.includes(`'${e.name}'`)).map((e) => e.name);
  assert.deepEqual(untested, []);
});

test('parameter values given as strings are converted by type', () => {
  const event = getEvent('aws:sqs-batch');
  const values = resolveParams(event, { count: '4', body: 'x', messageAttributes: '{"a":1}' });
  assert.equal(values.count, 4);
  assert.deepEqual(values.messageAttributes, { a: 1 });
  const remove = resolveParams(getEvent('aws:dynamodb-remove'), { ttl: 'yes' });
  assert.equal(remove.ttl, true);
  assert.equal(resolveParams(getEvent('aws:dynamodb-remove'), { ttl: 'false' }).ttl, false);
});

test('bad values are one-line UserErrors naming the parameter', () => {
  assert.throws(() => generateEvent('aws:sqs-batch', { count: 'lots' }), (e: unknown) => e instanceof UserError && /parameter "count" of aws:sqs-batch must be a number, got "lots"/.test(e.message));
  assert.throws(() => generateEvent('aws:dynamodb-remove', { ttl: 'maybe' }), /must be true or false/);
  assert.throws(() => generateEvent('aws:eventbridge', { detail: '{oops' }), (e: unknown) => e instanceof UserError && /parameter "detail" of aws:eventbridge must be JSON/.test(e.message) && !e.message.includes('\n'));
  assert.throws(() => generateEvent('aws:sqs-batch', { count: '0' }), /must be a whole number from 1/);
  assert.throws(() => generateEvent('aws:sqs', { time: 'yesterday-ish' }), /parameter "time" must be an ISO 8601 time/);
  assert.throws(() => generateEvent('aws:secretsmanager-rotation', { step: 'rotate' }), /must be one of createSecret, setSecret, testSecret, finishSecret/);
});

test('an unknown event name lists the valid ones (of that provider when it names one)', () => {
  assert.throws(
    () => generateEvent('aws:s4-put'),
    (e: unknown) => e instanceof UserError && e.message.startsWith('unknown event "aws:s4-put"; valid events: aws:') && e.message.includes('aws:s3-put') && !e.message.includes('azure:') && !e.message.includes('\n'),
  );
  assert.throws(() => getEvent('nonsense'), (e: unknown) => e instanceof UserError && e.message.includes('azure:http') && e.message.includes('gcp:pubsub'));
});

test('an unknown parameter lists the valid parameters', () => {
  assert.throws(
    () => generateEvent('aws:s3-put', { buckt: 'x' }),
    (e: unknown) => e instanceof UserError && e.message === 'unknown parameter "buckt" for aws:s3-put; valid parameters: bucket, key, size, eTag, eventName, versionId, sourceIp, time, region, accountId',
  );
});

test('a name without its provider prefix works when only one provider has it', () => {
  assert.equal(getEvent('s3-put').name, 'aws:s3-put');
  assert.equal(getEvent('pubsub').name, 'gcp:pubsub');
  assert.equal(findEvent('http'), undefined, 'azure:http and gcp:http are ambiguous');
});

test('listEvents filters by provider and rejects an unknown one', () => {
  assert.ok(listEvents('azure').every((e) => e.provider === 'azure'));
  assert.throws(() => listEvents('ibm'), /unknown provider "ibm"; valid providers: aws, azure, gcp/);
});

test('JSON defaults are copied, so a generated event never shares objects with the catalogue', () => {
  const first = generateEvent('aws:eventbridge') as { detail: Record<string, unknown> };
  first.detail.orderId = 'changed';
  const second = generateEvent('aws:eventbridge') as { detail: Record<string, unknown> };
  assert.equal(second.detail.orderId, '1234');
});

test('describeDefault shows values, JSON, and what generated defaults are', () => {
  const sqs = getEvent('aws:sqs');
  const byName = Object.fromEntries(sqs.parameters.map((p) => [p.name, describeDefault(p)]));
  assert.equal(byName.queue, 'orders-queue');
  assert.equal(byName.messageAttributes, '{}');
  assert.equal(byName.messageId, '<a fresh UUID>');
  assert.equal(byName.receiveCount, '1');
});

test('parseParamAssignments splits at the first = and rejects a missing key', () => {
  assert.deepEqual(parseParamAssignments(['a=1', 'b=x=y', 'c=']), { a: '1', b: 'x=y', c: '' });
  assert.throws(() => parseParamAssignments(['novalue']), /--param must be key=value, got "novalue"/);
  assert.throws(() => parseParamAssignments(['=v']), /key=value/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateEvent } from '../../../../src/core/events';
import type { CloudEvent } from '../../../../src/core/events/gcp/cloudEvent';
import type { FirestoreEvent } from '../../../../src/core/events/gcp/firestore';
import type { GcpHttpRequest } from '../../../../src/core/events/gcp/http';
import type { MessagePublishedData } from '../../../../src/core/events/gcp/pubsub';
import type { StorageEvent } from '../../../../src/core/events/gcp/storage';

const gen = <T>(name: string, params: Record<string, string> = {}): T => generateEvent(name, params) as T;

test('gcp:http has method, path, query, lower-case headers and a parsed JSON body', () => {
  const event = gen<GcpHttpRequest>('gcp:http', { path: '/hello?x=1&x=2&y=3', body: '{"name":"Ada"}', headers: '{"X-Api-Key":"k"}' });
  assert.equal(event.method, 'POST');
  assert.equal(event.path, '/hello');
  assert.equal(event.url, '/hello?x=1&x=2&y=3');
  assert.deepEqual(event.query, { x: ['1', '2'], y: '3' });
  assert.deepEqual(event.body, { name: 'Ada' });
  assert.equal(event.headers['x-api-key'], 'k');
  assert.equal(event.headers['content-type'], 'application/json');
  assert.equal(event.headers.host, 'us-central1-my-project.cloudfunctions.net');
  const text = gen<GcpHttpRequest>('gcp:http', { body: 'plain', contentType: 'text/plain' });
  assert.equal(text.body, 'plain');
});

test('gcp:storage-finalized is a CloudEvent with the object data', () => {
  const event = gen<StorageEvent>('gcp:storage-finalized', { bucket: 'b1', name: 'dir/f.txt', size: '12', contentType: 'text/plain', time: '2024-05-01T12:00:00Z' });
  assert.equal(event.specversion, '1.0');
  assert.equal(event.type, 'google.cloud.storage.object.v1.finalized');
  assert.equal(event.source, '//storage.googleapis.com/projects/_/buckets/b1');
  assert.equal(event.subject, 'objects/dir/f.txt');
  assert.equal(event.data.bucket, 'b1');
  assert.equal(event.data.name, 'dir/f.txt');
  assert.equal(event.data.size, '12', 'int64 fields are strings');
  assert.equal(event.data.contentType, 'text/plain');
  assert.match(event.data.generation, /^\d{16}$/);
  assert.equal(event.data.id, `b1/dir/f.txt/${event.data.generation}`);
  assert.equal(event.data.selfLink, 'https://www.googleapis.com/storage/v1/b/b1/o/dir%2Ff.txt');
  assert.match(event.time, /^2024-05-01T12:00:00\.000\d{3}Z$/);
});

test('gcp:storage-deleted has the deleted type', () => {
  const event = gen<StorageEvent>('gcp:storage-deleted', { name: 'gone.txt' });
  assert.equal(event.type, 'google.cloud.storage.object.v1.deleted');
  assert.equal(event.data.name, 'gone.txt');
});

test('gcp:pubsub has base64 data, message id and the topic source', () => {
  const event = gen<CloudEvent<MessagePublishedData>>('gcp:pubsub', { topic: 't1', data: 'hi there', attributes: '{"k":"v"}', messageId: '42', project: 'p1' });
  assert.equal(event.type, 'google.cloud.pubsub.topic.v1.messagePublished');
  assert.equal(event.source, '//pubsub.googleapis.com/projects/p1/topics/t1');
  assert.equal(event.id, '42');
  assert.equal(Buffer.from(event.data.message.data, 'base64').toString(), 'hi there');
  assert.deepEqual(event.data.message.attributes, { k: 'v' });
  assert.equal(event.data.message.messageId, '42');
  assert.equal(event.data.message.message_id, '42');
  assert.equal(event.data.message.publishTime, event.time);
  assert.match(event.data.subscription, /^projects\/p1\/subscriptions\//);
});

test('gcp:firestore-written has typed old and new values and the changed fields', () => {
  const event = gen<FirestoreEvent>('gcp:firestore-written', { document: 'users/bob', oldData: '{"n":1,"s":"a","keep":true}', newData: '{"n":2.5,"s":"a","keep":true,"list":[1]}' });
  assert.equal(event.type, 'google.cloud.firestore.document.v1.written');
  assert.equal(event.subject, 'documents/users/bob');
  assert.equal(event.document, 'users/bob');
  assert.equal(event.source, '//firestore.googleapis.com/projects/my-project/databases/(default)');
  assert.equal(event.data.value?.name, 'projects/my-project/databases/(default)/documents/users/bob');
  assert.deepEqual(event.data.oldValue?.fields.n, { integerValue: '1' });
  assert.deepEqual(event.data.value?.fields.n, { doubleValue: 2.5 });
  assert.deepEqual(event.data.value?.fields.list, { arrayValue: { values: [{ integerValue: '1' }] } });
  assert.deepEqual(event.data.updateMask?.fieldPaths.sort(), ['list', 'n']);
  const created = gen<FirestoreEvent>('gcp:firestore-written', { oldData: 'null', eventType: 'created' });
  assert.equal(created.type, 'google.cloud.firestore.document.v1.created');
  assert.equal(created.data.oldValue, undefined);
  assert.equal(created.data.updateMask, undefined);
  assert.ok(created.data.value);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateEvent } from '../../../../src/core/events';
import type { AzureInvocationRequest } from '../../../../src/core/events/azure/host';
import type { AzureHttpEvent } from '../../../../src/core/events/azure/http';
import type { AzureEventHubMetadata, AzureServiceBusMetadata, EventGridEvent } from '../../../../src/core/events/azure/messaging';
import type { AzureBlobMetadata, AzureQueueMetadata } from '../../../../src/core/events/azure/storage';
import type { AzureTimerInfo } from '../../../../src/core/events/azure/timer';
import type { CosmosDocument } from '../../../../src/core/events/azure/cosmosDb';

const gen = <T>(name: string, params: Record<string, string> = {}): T => generateEvent(name, params) as T;

function assertSys(event: AzureInvocationRequest, functionName: string, time?: string): void {
  assert.equal(event.Metadata.sys.MethodName, functionName);
  assert.match(event.Metadata.sys.RandGuid, /^[0-9a-f-]{36}$/);
  if (time) assert.equal(event.Metadata.sys.UtcNow, time);
}

test('azure:http puts the request under Data.req with query, headers and identities', () => {
  const event = gen<AzureHttpEvent>('azure:http', { method: 'get', path: '/api/items/7?x=1', params: '{"id":"7"}', body: '', functionName: 'GetItem', time: '2024-05-01T12:00:00.000Z' });
  const req = event.Data.req;
  assert.equal(req.Method, 'GET');
  assert.equal(req.Url, 'https://my-function-app.azurewebsites.net/api/items/7?x=1');
  assert.deepEqual(req.Query, { x: '1' });
  assert.deepEqual(req.Params, { id: '7' });
  assert.deepEqual(req.Headers.Host, ['my-function-app.azurewebsites.net']);
  assert.equal(req.Identities[0].AuthenticationType, 'WebJobsAuthLevel');
  assert.equal(req.Identities[0].Claims[0].Value, 'Function');
  assert.deepEqual(event.Metadata.Query, { x: '1' });
  assertSys(event, 'GetItem', '2024-05-01T12:00:00.000Z');
  const anonymous = gen<AzureHttpEvent>('azure:http', { authLevel: 'anonymous', bindingName: 'request' });
  assert.deepEqual(anonymous.Data.request.Identities, []);
  assert.equal(anonymous.Data.request.Body, '{"item":"book","quantity":2}');
});

test('azure:timer has the schedule status around the firing time', () => {
  const event = gen<AzureInvocationRequest<AzureTimerInfo>>('azure:timer', { time: '2024-05-01T12:00:00Z', intervalMinutes: '10', isPastDue: 'true' });
  const timer = event.Data.myTimer;
  assert.equal(timer.IsPastDue, true);
  assert.equal(timer.ScheduleStatus.Last, '2024-05-01T11:50:00.000Z');
  assert.equal(timer.ScheduleStatus.Next, '2024-05-01T12:10:00.000Z');
  assert.equal(timer.Schedule.AdjustForDST, true);
  assertSys(event, 'ProcessItem');
});

test('azure:blob has the content and BlobTrigger, Uri and Properties metadata', () => {
  const event = gen<AzureInvocationRequest<string, AzureBlobMetadata>>('azure:blob', { container: 'in', blobName: 'a.txt', content: 'hello', storageAccount: 'acct' });
  assert.equal(event.Data.myBlob, 'hello');
  assert.equal(event.Metadata.BlobTrigger, '"in/a.txt"', 'string metadata is JSON-serialised by the host');
  assert.equal(JSON.parse(event.Metadata.Uri), 'https://acct.blob.core.windows.net/in/a.txt');
  assert.equal(event.Metadata.Properties.ContentLength, 5);
  assert.equal(event.Metadata.Properties.ContentMD5, 'XUFAKrxLKna5cZ2REBfFkg==');
  assert.equal(JSON.parse(event.Metadata.name), 'a.txt');
});

test('azure:queue has the message and DequeueCount, Id and PopReceipt metadata', () => {
  const event = gen<AzureInvocationRequest<string, AzureQueueMetadata & Record<string, string>>>('azure:queue', { message: '{"orderId":"9"}', messageId: 'q-1', dequeueCount: '3' });
  assert.equal(event.Data.myQueueItem, '{"orderId":"9"}');
  assert.equal(event.Metadata.DequeueCount, '3');
  assert.equal(event.Metadata.Id, '"q-1"');
  assert.ok(event.Metadata.PopReceipt.startsWith('"'));
  assert.equal(event.Metadata.orderId, '"9"', 'JSON message properties become metadata');
  assert.ok(Date.parse(event.Metadata.ExpirationTime) > Date.parse(event.Metadata.InsertionTime));
});

test('azure:servicebus has the message and MessageId, DeliveryCount and enqueued times', () => {
  const event = gen<AzureInvocationRequest<string, AzureServiceBusMetadata>>('azure:servicebus', {
    message: 'plain',
    messageId: 'sb-1',
    deliveryCount: '2',
    applicationProperties: '{"tenant":"t1"}',
    time: '2024-05-01T12:00:00Z',
  });
  assert.equal(event.Data.mySbMsg, 'plain');
  assert.equal(event.Metadata.MessageId, '"sb-1"');
  assert.equal(event.Metadata.DeliveryCount, '2');
  assert.equal(event.Metadata.EnqueuedTimeUtc, '2024-05-01T12:00:00');
  assert.equal(event.Metadata.EnqueuedTime, '2024-05-01T12:00:00+00:00');
  assert.deepEqual(event.Metadata.ApplicationProperties, { tenant: 't1' });
  assert.equal(event.Metadata.Client.FullyQualifiedNamespace, 'my-namespace.servicebus.windows.net');
});

test('azure:eventgrid carries an Event Grid schema event', () => {
  const event = gen<AzureInvocationRequest<EventGridEvent>>('azure:eventgrid', { id: 'eg-1' });
  const grid = event.Data.eventGridEvent;
  assert.equal(grid.id, 'eg-1');
  assert.equal(grid.eventType, 'Microsoft.Storage.BlobCreated');
  assert.equal(grid.metadataVersion, '1');
  assert.equal((grid.data as { url: string }).url, 'https://mystorageaccount.blob.core.windows.net/uploads/photos/cat.jpg');
  const custom = gen<AzureInvocationRequest<EventGridEvent>>('azure:eventgrid', { eventType: 'My.Event', data: '{"a":1}' });
  assert.deepEqual(custom.Data.eventGridEvent.data, { a: 1 });
});

test('azure:eventhub is a batch with per-event metadata arrays', () => {
  const event = gen<AzureInvocationRequest<string[], AzureEventHubMetadata>>('azure:eventhub', { events: '[{"n":1},"two",3]', firstSequenceNumber: '10', eventHub: 'hub' });
  assert.deepEqual(event.Data.events, ['{"n":1}', 'two', '3']);
  assert.deepEqual(event.Metadata.SequenceNumberArray, [10, 11, 12]);
  assert.equal(event.Metadata.EnqueuedTimeUtcArray.length, 3);
  assert.equal(event.Metadata.PartitionContext.EventHubName, 'hub');
  assert.equal(event.Metadata.SystemPropertiesArray[1]['x-opt-sequence-number'], 11);
});

test('azure:cosmosdb has the changed documents with Cosmos system properties', () => {
  const event = gen<AzureInvocationRequest<CosmosDocument[]>>('azure:cosmosdb', { documents: '[{"id":"a","v":1},{"v":2}]', time: '2024-05-01T12:00:00Z' });
  const [first, second] = event.Data.documents;
  assert.equal(first.id, 'a');
  assert.equal(first.v, 1);
  assert.equal(second.id, 'doc-2');
  assert.equal(first._ts, Date.parse('2024-05-01T12:00:00Z') / 1000);
  assert.ok(first._rid && first._self && first._etag && first._lsn);
  assert.equal(first._attachments, 'attachments/');
});

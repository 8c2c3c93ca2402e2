/** Azure messaging triggers: Service Bus, Event Grid and Event Hubs. */
import { freshUuid, uuid } from '../ids';
import { defineEvent, param } from '../types';
import { asCount, asObject, bodyText } from '../values';
import type { AzureInvocationRequest } from './host';
import { at, bodyProperties, functionName, hostString, invocationRequest, time, utcNoZone, withOffset } from './host';

const namespace = param.string('namespace', 'Service Bus / Event Hubs namespace', 'my-namespace');

export interface AzureServiceBusMetadata {
  DeliveryCount: string;
  LockToken: string;
  ExpiresAtUtc: string;
  ExpiresAt: string;
  EnqueuedTimeUtc: string;
  EnqueuedTime: string;
  MessageId: string;
  ContentType: string;
  SequenceNumber: string;
  ApplicationProperties: Record<string, unknown>;
  UserProperties: Record<string, unknown>;
  Client: { FullyQualifiedNamespace: string; IsClosed: boolean; TransportType: number; Identifier: string };
  MessageReceiver: Record<string, never>;
  MessageSession: Record<string, never>;
  MessageActions: Record<string, never>;
  SessionActions: Record<string, never>;
  ReceiveActions: Record<string, never>;
}

export const azureServiceBus = defineEvent({
  name: 'azure:servicebus',
  provider: 'azure',
  description: 'Azure Functions Service Bus queue/topic trigger (message + MessageId, DeliveryCount, … metadata)',
  parameters: [
    param.string('message', 'message body', '{"orderId":"1234","status":"paid"}'),
    param.string('messageId', 'message id', freshUuid),
    param.json('applicationProperties', 'application (user) properties', {}),
    param.number('deliveryCount', 'delivery attempt', 1),
    param.number('sequenceNumber', 'sequence number', 1),
    param.string('contentType', 'content type', 'application/json'),
    namespace,
    param.string('bindingName', 'name of the serviceBusTrigger binding', 'mySbMsg'),
    functionName,
    time,
  ],
  generate: (p): AzureInvocationRequest<string, AzureServiceBusMetadata> => {
    const enqueued = at(p.time);
    const expires = new Date(enqueued.getTime() + 14 * 86_400_000);
    const properties = asObject(p.applicationProperties, 'applicationProperties');
    const fullyQualifiedNamespace = `${p.namespace}.servicebus.windows.net`;
    return invocationRequest(
      p.functionName,
      p.bindingName,
      p.message,
      {
        ...bodyProperties(p.message),
        MessageReceiver: {},
        MessageSession: {},
        MessageActions: {},
        SessionActions: {},
        ReceiveActions: {},
        Client: { FullyQualifiedNamespace: fullyQualifiedNamespace, IsClosed: false, TransportType: 0, Identifier: `${fullyQualifiedNamespace}-${uuid()}` },
        DeliveryCount: String(asCount(p.deliveryCount, 'deliveryCount')),
        LockToken: hostString(uuid()),
        ExpiresAtUtc: utcNoZone(expires),
        ExpiresAt: withOffset(expires),
        EnqueuedTimeUtc: utcNoZone(enqueued),
        EnqueuedTime: withOffset(enqueued),
        MessageId: hostString(p.messageId),
        ContentType: hostString(p.contentType),
        SequenceNumber: String(asCount(p.sequenceNumber, 'sequenceNumber', 0, Number.MAX_SAFE_INTEGER)),
        ApplicationProperties: properties,
        UserProperties: properties,
      },
      enqueued,
    );
  },
});

/** An Event Grid schema event. */
export interface EventGridEvent {
  id: string;
  topic: string;
  subject: string;
  eventType: string;
  eventTime: string;
  data: unknown;
  dataVersion: string;
  metadataVersion: string;
}

export const azureEventGrid = defineEvent({
  name: 'azure:eventgrid',
  provider: 'azure',
  description: 'Azure Functions Event Grid trigger (Event Grid schema; default: a Storage BlobCreated event)',
  parameters: [
    param.string('eventType', 'event type', 'Microsoft.Storage.BlobCreated'),
    param.string('subject', 'subject', '/blobServices/default/containers/uploads/blobs/photos/cat.jpg'),
    param.string('topic', 'topic resource id', '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg/providers/Microsoft.Storage/storageAccounts/mystorageaccount'),
    param.json('data', 'event data (default: BlobCreated data matching the subject)', null),
    param.string('id', 'event id', freshUuid),
    param.string('bindingName', 'name of the eventGridTrigger binding', 'eventGridEvent'),
    functionName,
    time,
  ],
  generate: (p): AzureInvocationRequest<EventGridEvent, Record<string, never>> => {
    const date = at(p.time);
    const blobPath = p.subject.replace('/blobServices/default/containers/', '').replace('/blobs/', '/');
    const account = /storageAccounts\/([^/]+)/.exec(p.topic)?.[1] ?? 'mystorageaccount';
    const data =
      p.data ??
      {
        api: 'PutBlob',
        clientRequestId: uuid(),
        requestId: uuid(),
        eTag: '0x8DC5C5A6E0A3F1B',
        contentType: 'image/jpeg',
        contentLength: 524288,
        blobType: 'BlockBlob',
        url: `https://${account}.blob.core.windows.net/${blobPath}`,
        sequencer: '00000000000000000000000000024A6B0000000000482a7e',
        storageDiagnostics: { batchId: uuid() },
      };
    return invocationRequest(
      p.functionName,
      p.bindingName,
      { id: p.id, topic: p.topic, subject: p.subject, eventType: p.eventType, eventTime: date.toISOString(), data, dataVersion: '', metadataVersion: '1' },
      {},
      date,
    );
  },
});

export interface AzureEventHubMetadata {
  PartitionContext: { ConsumerGroup: string; EventHubName: string; FullyQualifiedNamespace: string; PartitionId: string };
  EnqueuedTimeUtcArray: string[];
  OffsetArray: string[];
  PartitionKeyArray: (string | null)[];
  SequenceNumberArray: number[];
  PropertiesArray: Record<string, unknown>[];
  SystemPropertiesArray: Record<string, unknown>[];
}

export const azureEventHub = defineEvent({
  name: 'azure:eventhub',
  provider: 'azure',
  description: 'Azure Functions Event Hubs trigger, batch of events (cardinality many) with per-event metadata arrays',
  parameters: [
    param.json('events', 'event bodies (each JSON value is serialised)', [{ deviceId: 'sensor-01', temperature: 21.5 }, { deviceId: 'sensor-02', temperature: 23.1 }]),
    param.string('eventHub', 'event hub name', 'telemetry'),
    param.string('partitionId', 'partition id', '0'),
    param.string('partitionKey', 'partition key (empty for none)', ''),
    param.number('firstSequenceNumber', 'sequence number of the first event', 100),
    namespace,
    param.string('bindingName', 'name of the eventHubTrigger binding', 'events'),
    functionName,
    time,
  ],
  generate: (p): AzureInvocationRequest<string[], AzureEventHubMetadata> => {
    const start = at(p.time).getTime();
    const events = Array.isArray(p.events) ? p.events : [p.events];
    const bodies = events.map(bodyText);
    const first = asCount(p.firstSequenceNumber, 'firstSequenceNumber', 0, Number.MAX_SAFE_INTEGER);
    const offsets = bodies.map((_, i) => String((first + i) * 4096));
    const times = bodies.map((_, i) => new Date(start + i * 3).toISOString());
    return invocationRequest(
      p.functionName,
      p.bindingName,
      bodies,
      {
        PartitionContext: { ConsumerGroup: '$Default', EventHubName: p.eventHub, FullyQualifiedNamespace: `${p.namespace}.servicebus.windows.net`, PartitionId: p.partitionId },
        EnqueuedTimeUtcArray: times,
        OffsetArray: offsets,
        PartitionKeyArray: bodies.map(() => p.partitionKey || null),
        SequenceNumberArray: bodies.map((_, i) => first + i),
        PropertiesArray: bodies.map(() => ({})),
        SystemPropertiesArray: bodies.map((_, i) => ({
          'x-opt-sequence-number': first + i,
          'x-opt-offset': offsets[i],
          'x-opt-enqueued-time': times[i],
          SequenceNumber: first + i,
          Offset: offsets[i],
          PartitionKey: p.partitionKey || null,
          EnqueuedTimeUtc: times[i],
        })),
      },
      new Date(start),
    );
  },
});

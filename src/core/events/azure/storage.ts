/** Azure Storage triggers: blob created or updated, queue message. */
import { freshUuid, hex, md5Base64, token } from '../ids';
import { defineEvent, param } from '../types';
import { asCount, asStringMap } from '../values';
import type { AzureInvocationRequest } from './host';
import { at, bodyProperties, functionName, hostString, invocationRequest, time, withOffset } from './host';

const storageAccount = param.string('storageAccount', 'storage account name', 'mystorageaccount');

export interface AzureBlobProperties {
  BlobType: string;
  ContentType: string;
  ContentMD5: string;
  ContentLength: number;
  ETag: string;
  CreatedOn: string;
  LastModified: string;
  AccessTier: string;
  LeaseState: string;
  LeaseStatus: string;
}

export interface AzureBlobMetadata {
  BlobTrigger: string;
  Uri: string;
  Properties: AzureBlobProperties;
  Metadata: Record<string, string>;
  name: string;
}

export const azureBlob = defineEvent({
  name: 'azure:blob',
  provider: 'azure',
  description: 'Azure Functions blob trigger (blob content + BlobTrigger, Uri, Properties metadata)',
  parameters: [
    param.string('container', 'container name', 'uploads'),
    param.string('blobName', 'blob name (the {name} of a "uploads/{name}" path)', 'reports/2024-05.csv'),
    param.string('content', 'blob content (text)', 'id,total\n1,42.50\n2,17.00\n'),
    param.string('contentType', 'content type', 'text/csv'),
    param.json('blobMetadata', 'user-defined blob metadata, {"name": "value"}', {}),
    storageAccount,
    param.string('bindingName', 'name of the blobTrigger binding', 'myBlob'),
    functionName,
    time,
  ],
  generate: (p): AzureInvocationRequest<string, AzureBlobMetadata> => {
    const date = at(p.time);
    const path = `${p.container}/${p.blobName}`;
    return invocationRequest(
      p.functionName,
      p.bindingName,
      p.content,
      {
        BlobTrigger: hostString(path),
        Uri: hostString(`https://${p.storageAccount}.blob.core.windows.net/${path}`),
        Properties: {
          BlobType: 'BlockBlob',
          ContentType: p.contentType,
          ContentMD5: md5Base64(p.content),
          ContentLength: Buffer.byteLength(p.content),
          ETag: `"0x8DC${hex(6, true)}"`,
          CreatedOn: withOffset(date),
          LastModified: withOffset(date),
          AccessTier: 'Hot',
          LeaseState: 'Available',
          LeaseStatus: 'Unlocked',
        },
        Metadata: asStringMap(p.blobMetadata, 'blobMetadata'),
        name: hostString(p.blobName),
      },
      date,
    );
  },
});

export interface AzureQueueMetadata {
  DequeueCount: string;
  ExpirationTime: string;
  Id: string;
  InsertionTime: string;
  NextVisibleTime: string;
  PopReceipt: string;
}

export const azureQueue = defineEvent({
  name: 'azure:queue',
  provider: 'azure',
  description: 'Azure Functions Storage queue trigger (message + DequeueCount, Id, PopReceipt metadata)',
  parameters: [
    param.string('message', 'message text', '{"orderId":"1234","action":"ship"}'),
    param.string('messageId', 'message id', freshUuid),
    param.number('dequeueCount', 'delivery attempt (5 by default before the message is poisoned)', 1),
    param.string('bindingName', 'name of the queueTrigger binding', 'myQueueItem'),
    functionName,
    time,
  ],
  generate: (p): AzureInvocationRequest<string, AzureQueueMetadata> => {
    const inserted = at(p.time);
    return invocationRequest(
      p.functionName,
      p.bindingName,
      p.message,
      {
        ...bodyProperties(p.message),
        DequeueCount: String(asCount(p.dequeueCount, 'dequeueCount')),
        ExpirationTime: new Date(inserted.getTime() + 7 * 86_400_000).toISOString(),
        Id: hostString(p.messageId),
        InsertionTime: inserted.toISOString(),
        NextVisibleTime: new Date(inserted.getTime() + 600_000).toISOString(),
        PopReceipt: hostString(token(16)),
      },
      inserted,
    );
  },
});

/** Azure Functions Cosmos DB trigger (change feed batch). */
import { now, parseTime, token } from '../ids';
import { defineEvent, param } from '../types';
import { asArray, asObject } from '../values';
import type { AzureInvocationRequest } from './host';
import { functionName, invocationRequest } from './host';

/** A changed document with the system properties Cosmos DB adds. */
export type CosmosDocument = Record<string, unknown> & {
  id: string;
  _rid: string;
  _self: string;
  _etag: string;
  _attachments: string;
  _ts: number;
  _lsn: number;
};

export const azureCosmosDb = defineEvent({
  name: 'azure:cosmosdb',
  provider: 'azure',
  description: 'Azure Functions Cosmos DB trigger: changed documents from the change feed',
  parameters: [
    param.json('documents', 'changed documents (an id is added when missing)', [{ id: 'order-1234', customerId: 'customer-42', status: 'paid', total: 42.5 }]),
    param.string('bindingName', 'name of the cosmosDBTrigger binding', 'documents'),
    functionName,
    param.string('time', 'time of the change (ISO 8601)', now),
  ],
  generate: (p): AzureInvocationRequest<CosmosDocument[], Record<string, never>> => {
    const date = parseTime(p.time);
    const collectionRid = token(8);
    const documents = asArray(p.documents, 'documents').map((item, i): CosmosDocument => {
      const doc = asObject(item, 'documents');
      const rid = `${collectionRid}${String(i + 1).padStart(4, 'A')}AAAAAAAA==`;
      return {
        ...doc,
        id: typeof doc.id === 'string' ? doc.id : String(doc.id ?? `doc-${i + 1}`),
        _rid: rid,
        _self: `dbs/${collectionRid.slice(0, 4)}==/colls/${collectionRid}=/docs/${rid}/`,
        _etag: `"${'0'.repeat(4)}${(i + 1).toString(16).padStart(4, '0')}-0000-0d00-0000-${Math.floor(date.getTime() / 1000).toString(16)}0000"`,
        _attachments: 'attachments/',
        _ts: Math.floor(date.getTime() / 1000),
        _lsn: 100 + i,
      };
    });
    return invocationRequest(p.functionName, p.bindingName, documents, {}, date);
  },
});

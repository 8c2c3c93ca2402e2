/** Every Azure Functions event in the catalogue. */
import type { EventDefinition } from '../types';
import { azureCosmosDb } from './cosmosDb';
import { azureHttp } from './http';
import { azureEventGrid, azureEventHub, azureServiceBus } from './messaging';
import { azureBlob, azureQueue } from './storage';
import { azureTimer } from './timer';

export const azureEvents: readonly EventDefinition[] = [azureHttp, azureTimer, azureBlob, azureQueue, azureServiceBus, azureEventGrid, azureEventHub, azureCosmosDb];

/** Every Google Cloud Functions event in the catalogue. */
import type { EventDefinition } from '../types';
import { gcpFirestore } from './firestore';
import { gcpHttp } from './http';
import { gcpPubSub } from './pubsub';
import { gcpStorageDeleted, gcpStorageFinalized } from './storage';

export const gcpEvents: readonly EventDefinition[] = [gcpHttp, gcpStorageFinalized, gcpStorageDeleted, gcpPubSub, gcpFirestore];

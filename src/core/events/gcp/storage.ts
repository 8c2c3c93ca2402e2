/** Cloud Storage object events through Eventarc (CloudEvents). */
import { createHash, randomInt } from 'node:crypto';
import { digits, md5Base64, now, parseTime, token } from '../ids';
import { defineEvent, param } from '../types';
import { asCount } from '../values';
import type { CloudEvent } from './cloudEvent';
import { microsIso } from './cloudEvent';

/** The object resource (google.events.cloud.storage.v1.StorageObjectData); int64s are strings. */
export interface StorageObjectData {
  kind: 'storage#object';
  id: string;
  selfLink: string;
  name: string;
  bucket: string;
  generation: string;
  metageneration: string;
  contentType: string;
  timeCreated: string;
  updated: string;
  storageClass: string;
  timeStorageClassUpdated: string;
  size: string;
  md5Hash: string;
  mediaLink: string;
  crc32c: string;
  etag: string;
}

export type StorageEvent = CloudEvent<StorageObjectData> & { bucket: string };

const storageParams = [
  param.string('bucket', 'bucket name', 'my-bucket'),
  param.string('name', 'object name', 'uploads/cat.jpg'),
  param.string('contentType', 'object content type', 'image/jpeg'),
  param.number('size', 'object size in bytes', 524288),
  param.string('time', 'event time (ISO 8601)', now),
] as const;

interface StorageParams {
  bucket: string;
  name: string;
  contentType: string;
  size: number;
  time: string;
}

function storageEvent(p: StorageParams, type: string): StorageEvent {
  const date = parseTime(p.time);
  const micros = randomInt(0, 1000);
  const generation = `${date.getTime()}${String(micros).padStart(3, '0')}`;
  const encoded = encodeURIComponent(p.name);
  const created = microsIso(date, micros);
  const size = asCount(p.size, 'size', 0, Number.MAX_SAFE_INTEGER);
  // Checksums of a stand-in content of the right size: realistic encodings, stable per name.
  const fingerprint = `${p.bucket}/${p.name}/${size}`;
  return {
    specversion: '1.0',
    id: digits(16),
    source: `//storage.googleapis.com/projects/_/buckets/${p.bucket}`,
    type,
    time: created,
    datacontenttype: 'application/json',
    dataschema: 'https://googleapis.github.io/google-cloudevents/jsonschema/google/events/cloud/storage/v1/StorageObjectData.json',
    subject: `objects/${p.name}`,
    bucket: p.bucket,
    data: {
      kind: 'storage#object',
      id: `${p.bucket}/${p.name}/${generation}`,
      selfLink: `https://www.googleapis.com/storage/v1/b/${p.bucket}/o/${encoded}`,
      name: p.name,
      bucket: p.bucket,
      generation,
      metageneration: '1',
      contentType: p.contentType,
      timeCreated: created,
      updated: created,
      storageClass: 'STANDARD',
      timeStorageClassUpdated: created,
      size: String(size),
      md5Hash: md5Base64(fingerprint),
      mediaLink: `https://storage.googleapis.com/download/storage/v1/b/${p.bucket}/o/${encoded}?generation=${generation}&alt=media`,
      crc32c: createHash('sha1').update(fingerprint).digest().subarray(0, 4).toString('base64'),
      etag: `C${token(11)}EAE=`,
    },
  };
}

export const gcpStorageFinalized = defineEvent({
  name: 'gcp:storage-finalized',
  provider: 'gcp',
  description: 'Cloud Storage object finalized (created or overwritten), google.cloud.storage.object.v1.finalized',
  parameters: [...storageParams],
  generate: (p): StorageEvent => storageEvent(p, 'google.cloud.storage.object.v1.finalized'),
});

export const gcpStorageDeleted = defineEvent({
  name: 'gcp:storage-deleted',
  provider: 'gcp',
  description: 'Cloud Storage object deleted, google.cloud.storage.object.v1.deleted',
  parameters: [...storageParams],
  generate: (p): StorageEvent => storageEvent(p, 'google.cloud.storage.object.v1.deleted'),
});

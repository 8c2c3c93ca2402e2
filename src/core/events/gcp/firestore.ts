/** Firestore document change, through Eventarc (CloudEvent). */
import { digits, now, parseTime } from '../ids';
import { defineEvent, generated, param } from '../types';
import { isPlainObject, oneOf } from '../values';
import type { CloudEvent } from './cloudEvent';
import { microsIso, project } from './cloudEvent';

/** Firestore's typed value (google.events.cloud.firestore.v1.Value) in its JSON form. */
export type FirestoreValue =
  | { nullValue: null }
  | { booleanValue: boolean }
  | { integerValue: string }
  | { doubleValue: number }
  | { stringValue: string }
  | { arrayValue: { values: FirestoreValue[] } }
  | { mapValue: { fields: Record<string, FirestoreValue> } };

export interface FirestoreDocument {
  name: string;
  fields: Record<string, FirestoreValue>;
  createTime: string;
  updateTime: string;
}

/** google.events.cloud.firestore.v1.DocumentEventData. */
export interface DocumentEventData {
  value?: FirestoreDocument;
  oldValue?: FirestoreDocument;
  updateMask?: { fieldPaths: string[] };
}

export type FirestoreEvent = CloudEvent<DocumentEventData> & {
  location: string;
  project: string;
  database: string;
  namespace: string;
  document: string;
};

export function firestoreValue(value: unknown): FirestoreValue {
  if (value === null || value === undefined) return { nullValue: null };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { integerValue: String(value) } : { doubleValue: value };
  if (typeof value === 'string') return { stringValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(firestoreValue) } };
  if (isPlainObject(value)) return { mapValue: { fields: firestoreFields(value) } };
  return { stringValue: String(value) };
}

export function firestoreFields(data: Record<string, unknown>): Record<string, FirestoreValue> {
  return Object.fromEntries(Object.entries(data).map(([key, item]) => [key, firestoreValue(item)]));
}

const eventTypes = ['written', 'created', 'updated', 'deleted'] as const;

export const gcpFirestore = defineEvent({
  name: 'gcp:firestore-written',
  provider: 'gcp',
  description: 'Firestore document written, google.cloud.firestore.document.v1.written (JSON DocumentEventData)',
  parameters: [
    param.string('document', 'document path', 'users/alice'),
    param.json('oldData', 'document fields before the change (null: the document was created)', { name: 'Alice', plan: 'free', logins: 3 }),
    param.json('newData', 'document fields after the change (null: the document was deleted)', { name: 'Alice', plan: 'pro', logins: 4 }),
    param.string('eventType', 'written, created, updated or deleted (the type suffix)', 'written'),
    param.string('database', 'database id', '(default)'),
    param.string('location', 'database location', 'nam5'),
    param.string('id', 'event id', generated('a fresh id', () => digits(19))),
    param.string('time', 'time of the write (ISO 8601)', now),
    project,
  ],
  generate: (p): FirestoreEvent => {
    const date = parseTime(p.time);
    const eventType = oneOf(p.eventType, eventTypes, 'eventType');
    const name = `projects/${p.project}/databases/${p.database}/documents/${p.document}`;
    const created = microsIso(new Date(date.getTime() - 86_400_000));
    const doc = (data: unknown, updateTime: string): FirestoreDocument | undefined =>
      isPlainObject(data) ? { name, fields: firestoreFields(data), createTime: created, updateTime } : undefined;
    const oldValue = doc(p.oldData, created);
    const value = doc(p.newData, microsIso(date));
    const changed =
      oldValue && value && isPlainObject(p.oldData) && isPlainObject(p.newData)
        ? [...new Set([...Object.keys(p.oldData), ...Object.keys(p.newData)])].filter(
            (key) => JSON.stringify((p.oldData as Record<string, unknown>)[key]) !== JSON.stringify((p.newData as Record<string, unknown>)[key]),
          )
        : undefined;
    return {
      specversion: '1.0',
      id: p.id,
      source: `//firestore.googleapis.com/projects/${p.project}/databases/${p.database}`,
      type: `google.cloud.firestore.document.v1.${eventType}`,
      time: microsIso(date),
      datacontenttype: 'application/json',
      dataschema: 'https://github.com/googleapis/google-cloudevents/blob/main/proto/google/events/cloud/firestore/v1/data.proto',
      subject: `documents/${p.document}`,
      location: p.location,
      project: p.project,
      database: p.database,
      namespace: '(default)',
      document: p.document,
      data: {
        ...(value ? { value } : {}),
        ...(oldValue ? { oldValue } : {}),
        ...(changed ? { updateMask: { fieldPaths: changed } } : {}),
      },
    };
  },
});

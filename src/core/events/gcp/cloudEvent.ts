/**
 * Google Cloud event-driven functions receive CloudEvents (spec 1.0). These generators give the
 * structured JSON form: the context attributes and `data` in one object, which is what the
 * Functions Framework hands a `cloudEvent` handler.
 */
import { param } from '../types';

export interface CloudEvent<T> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: string;
  dataschema?: string;
  subject?: string;
  data: T;
}

export const project = param.string('project', 'project id', 'my-project');

/** Google's protobuf timestamps serialise with microseconds: `2024-05-01T12:00:00.123456Z`. */
export function microsIso(date: Date, micros = 0): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(micros).padStart(3, '0')}Z`);
}

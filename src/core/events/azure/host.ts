/**
 * Azure Functions events are the request payload the Functions host sends a worker (the
 * language-neutral custom-handler contract): `{ Data: { <binding name>: <trigger input> },
 * Metadata: { <trigger metadata>…, sys: { MethodName, UtcNow, RandGuid } } }`. A Node handler
 * sees `Data[binding]` as its first argument and `Metadata` as `context.triggerMetadata`.
 */
import { now, parseTime, uuid } from '../ids';
import { param } from '../types';
import { isPlainObject } from '../values';

export interface AzureSysMetadata {
  MethodName: string;
  UtcNow: string;
  RandGuid: string;
}

export interface AzureInvocationRequest<TData = unknown, TMetadata extends object = Record<string, unknown>> {
  Data: Record<string, TData>;
  Metadata: TMetadata & { sys: AzureSysMetadata };
}

export const functionName = param.string('functionName', 'function name (Metadata.sys.MethodName)', 'ProcessItem');
export const time = param.string('time', 'trigger time (ISO 8601)', now);

export function invocationRequest<TData, TMetadata extends object>(
  functionNameValue: string,
  bindingName: string,
  data: TData,
  metadata: TMetadata,
  date: Date,
): AzureInvocationRequest<TData, TMetadata> {
  return {
    Data: { [bindingName]: data },
    Metadata: { ...metadata, sys: { MethodName: functionNameValue, UtcNow: date.toISOString(), RandGuid: uuid() } },
  };
}

/** The host passes string metadata JSON-serialised, so a message id arrives as `"\"abc\""`. */
export const hostString = (value: string): string => JSON.stringify(value);

/** `2024-05-01T12:00:00` (what the host writes for `…Utc` DateTime values). */
export const utcNoZone = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, '');

/** `2024-05-01T12:00:00+00:00` (DateTimeOffset values). */
export const withOffset = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, '+00:00');

/**
 * For a JSON object message, the host also exposes each top-level property as trigger metadata
 * (that is what makes `{orderId}` binding expressions work).
 */
export function bodyProperties(body: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(body);
    if (!isPlainObject(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, JSON.stringify(value)]));
  } catch {
    return {};
  }
}

export const at = (value: string): Date => parseTime(value);

/** Realistic-looking ids, hashes and time formats shared by the generators. */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { UserError } from '../errors';
import { generated } from './types';

export const uuid = (): string => randomUUID();

export function hex(bytes: number, upper = false): string {
  const text = randomBytes(bytes).toString('hex');
  return upper ? text.toUpperCase() : text;
}

/** A string of `count` decimal digits not starting with 0 (sequence numbers, log event ids). */
export function digits(count: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < count) out += String(randomInt(0, 10));
  return out;
}

export function base64Random(bytes: number): string {
  return randomBytes(bytes).toString('base64');
}

/** Like base64 but alphanumeric only, for ids that AWS documents as opaque tokens. */
export function token(length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(0, alphabet.length)];
  return out;
}

export function md5Hex(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

export function md5Base64(data: string | Buffer): string {
  return createHash('md5').update(data).digest('base64');
}

export function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export const freshUuid = generated('a fresh UUID', uuid);
export const now = generated('the current time', () => new Date().toISOString());

/** Parses a time parameter: an ISO 8601 string, or epoch milliseconds as digits. */
export function parseTime(value: string, paramName = 'time'): Date {
  const date = /^\d{10,}$/.test(value) ? new Date(Number(value)) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new UserError(`parameter "${paramName}" must be an ISO 8601 time (e.g. 2024-05-01T12:00:00Z), got "${value}"`);
  }
  return date;
}

/** `2024-05-01T12:00:00Z`: EventBridge and several AWS services drop the milliseconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's request time, `01/May/2024:12:00:00 +0000`. */
export function clfTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** RFC 1123 / HTTP date, `Wed, 01 May 2024 12:00:00 GMT`. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}

/** `1-6630f0a0-0123456789abcdef01234567`: the X-Ray trace id format AWS puts in headers. */
export function traceId(date: Date): string {
  return `1-${Math.floor(date.getTime() / 1000).toString(16)}-${hex(12)}`;
}

/** Splits `/a/b?x=1&x=2` into the path and a multi-value query map. */
export function splitPathAndQuery(pathWithQuery: string): { path: string; query: Record<string, string[]> } {
  const index = pathWithQuery.indexOf('?');
  const path = index === -1 ? pathWithQuery : pathWithQuery.slice(0, index);
  const query: Record<string, string[]> = {};
  if (index !== -1) {
    for (const [key, value] of new URLSearchParams(pathWithQuery.slice(index + 1))) (query[key] ??= []).push(value);
  }
  return { path: path.startsWith('/') ? path : `/${path}`, query };
}

/**
 * The HTTP request behind API Gateway, Function URL and ALB events. Each generator describes the
 * same request (method, path, query, headers, body) and only the event shape around it differs.
 */
import { freshUuid, now, parseTime, splitPathAndQuery, traceId } from '../ids';
import { param } from '../types';
import { asMultiMap } from '../values';

export const httpParams = [
  param.string('method', 'HTTP method', 'GET'),
  param.string('path', 'request path; may carry a query string (/items/42?expand=true)', '/items/42'),
  param.json('query', 'query string parameters, {"name": "value"} or {"name": ["v1", "v2"]}', {}),
  param.json('headers', 'request headers added to (or replacing) the usual ones, {"Name": "value"}', {}),
  param.string('body', 'request body (empty for none)', ''),
  param.boolean('base64', 'deliver the body base64-encoded (isBase64Encoded: true), as for binary media types', false),
  param.string('sourceIp', "the caller's IP address", '203.0.113.10'),
  param.string('requestId', 'request id', freshUuid),
  param.string('time', 'request time (ISO 8601)', now),
] as const;

export interface HttpRequestParams {
  method: string;
  path: string;
  query: unknown;
  headers: unknown;
  body: string;
  base64: boolean;
  sourceIp: string;
  requestId: string;
  time: string;
}

export interface HttpRequest {
  method: string;
  path: string;
  /** Multi-value, in the order given. */
  query: Record<string, string[]>;
  /** Multi-value, names as the client sent them (case kept). */
  headers: Record<string, string[]>;
  /** As delivered: base64 when `isBase64Encoded`. */
  body: string | undefined;
  isBase64Encoded: boolean;
  sourceIp: string;
  userAgent: string;
  requestId: string;
  date: Date;
}

const defaultUserAgent = 'curl/8.5.0';

/** Builds the request, adding the headers a client and the AWS front door add. */
export function httpRequest(p: HttpRequestParams, host: string, extraHeaders: Record<string, string> = {}): HttpRequest {
  const { path, query } = splitPathAndQuery(p.path);
  for (const [key, values] of Object.entries(asMultiMap(p.query, 'query'))) query[key] = [...(query[key] ?? []), ...values];
  const date = parseTime(p.time);
  const given = asMultiMap(p.headers, 'headers');
  const headers: Record<string, string[]> = {
    Accept: ['*/*'],
    Host: [host],
    'User-Agent': [defaultUserAgent],
    'X-Amzn-Trace-Id': [`Root=${traceId(date)}`],
    'X-Forwarded-For': [p.sourceIp],
    'X-Forwarded-Port': ['443'],
    'X-Forwarded-Proto': ['https'],
  };
  for (const [key, value] of Object.entries(extraHeaders)) headers[key] = [value];
  if (p.body !== '' && !hasHeader(given, 'content-type')) {
    headers['Content-Type'] = [looksLikeJson(p.body) ? 'application/json' : 'text/plain'];
  }
  if (p.body !== '' && !hasHeader(given, 'content-length')) headers['Content-Length'] = [String(Buffer.byteLength(p.body))];
  // A header the user gives replaces the default of the same name, whatever its case.
  for (const [key, values] of Object.entries(given)) {
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === key.toLowerCase()) delete headers[existing];
    headers[key] = values;
  }
  const userAgent = headerValue(headers, 'user-agent') ?? defaultUserAgent;
  return {
    method: p.method.toUpperCase(),
    path,
    query,
    headers,
    body: p.body === '' ? undefined : p.base64 ? Buffer.from(p.body).toString('base64') : p.body,
    isBase64Encoded: p.base64 && p.body !== '',
    sourceIp: p.sourceIp,
    userAgent,
    requestId: p.requestId,
    date,
  };
}

function hasHeader(headers: Record<string, string[]>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

export function headerValue(headers: Record<string, string[]>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key].join(',');
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return /^\s*[[{]/.test(text);
  } catch {
    return false;
  }
}

/** Last value wins, as API Gateway's single-value maps do. */
export function singleValues(map: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, values]) => [key, values[values.length - 1]]));
}

/** Lower-cased names, repeated values joined by commas: HTTP API (payload 2.0) and ALB headers. */
export function joinedLowercase(map: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, values] of Object.entries(map)) {
    const name = key.toLowerCase();
    out[name] = out[name] ? `${out[name]},${values.join(',')}` : values.join(',');
  }
  return out;
}

export function rawQueryString(query: Record<string, string[]>): string {
  const search = new URLSearchParams();
  for (const [key, values] of Object.entries(query)) for (const value of values) search.append(key, value);
  return search.toString();
}

export function isEmpty(map: Record<string, unknown>): boolean {
  return Object.keys(map).length === 0;
}

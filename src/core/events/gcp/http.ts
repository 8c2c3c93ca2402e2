/** Google Cloud Functions HTTP function request. */
import { digits, hex, splitPathAndQuery, token } from '../ids';
import { defineEvent, param } from '../types';
import { asMultiMap, asStringMap } from '../values';
import { project } from './cloudEvent';

/**
 * The parts of the Express request the Functions Framework passes to an HTTP function. The body
 * is parsed by content type, as the framework does: JSON becomes an object, text stays a string.
 */
export interface GcpHttpRequest {
  method: string;
  url: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: unknown;
}

function parseBody(body: string, contentType: string): unknown {
  if (body === '') return {};
  if (contentType.startsWith('application/json')) {
    try {
      return JSON.parse(body);
    } catch {
      return body;
    }
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
  return body;
}

export const gcpHttp = defineEvent({
  name: 'gcp:http',
  provider: 'gcp',
  description: 'Google Cloud Functions HTTP request (method, url, path, query, headers, parsed body)',
  parameters: [
    param.string('method', 'HTTP method', 'POST'),
    param.string('path', 'request path; may carry a query string', '/?lang=en'),
    param.json('query', 'more query parameters, {"name": "value"}', {}),
    param.json('headers', 'extra request headers, {"name": "value"}', {}),
    param.string('body', 'request body', '{"name":"Jane"}'),
    param.string('contentType', 'content type of the body', 'application/json'),
    param.string('functionName', 'function name (part of the URL host)', 'hello-http'),
    param.string('region', 'region', 'us-central1'),
    project,
  ],
  generate: (p): GcpHttpRequest => {
    const { path, query } = splitPathAndQuery(p.path);
    for (const [key, values] of Object.entries(asMultiMap(p.query, 'query'))) query[key] = [...(query[key] ?? []), ...values];
    const flatQuery = Object.fromEntries(Object.entries(query).map(([key, values]) => [key, values.length === 1 ? values[0] : values]));
    const search = new URLSearchParams(Object.entries(query).flatMap(([key, values]) => values.map((v): [string, string] => [key, v]))).toString();
    const trace = hex(16);
    const headers: Record<string, string> = {
      host: `${p.region}-${p.project}.cloudfunctions.net`,
      'user-agent': 'curl/8.5.0',
      accept: '*/*',
      ...(p.body ? { 'content-type': p.contentType, 'content-length': String(Buffer.byteLength(p.body)) } : {}),
      'function-execution-id': token(12),
      traceparent: `00-${trace}-${hex(8)}-01`,
      'x-cloud-trace-context': `${trace}/${digits(19)};o=1`,
      'x-forwarded-for': '203.0.113.10',
      'x-forwarded-proto': 'https',
    };
    for (const [key, value] of Object.entries(asStringMap(p.headers, 'headers'))) headers[key.toLowerCase()] = value;
    return {
      method: p.method.toUpperCase(),
      url: `${path}${search ? `?${search}` : ''}`,
      path,
      query: flatQuery,
      headers,
      body: parseBody(p.body, headers['content-type'] ?? ''),
    };
  },
});

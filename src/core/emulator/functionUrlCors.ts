import type { IncomingMessage } from 'node:http';
import type { FunctionUrlCors } from '../project/functionSpec';

/**
 * A function URL's CORS, when the URL has a `Cors` configuration: the URL itself answers
 * preflights (the function never sees them) and adds the CORS headers to every other answer.
 * AWS documents that the configured headers take precedence over the same headers set by the
 * function. An origin that is not allowed gets no CORS headers at all, so the browser refuses.
 */

/** `OPTIONS` with `Origin` and `Access-Control-Request-Method`: what a browser sends before a non-simple request. */
export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && typeof req.headers.origin === 'string' && typeof req.headers['access-control-request-method'] === 'string';
}

/** The `Access-Control-Allow-Origin` value for this request, or undefined when its origin is not allowed. */
function allowedOrigin(cors: FunctionUrlCors, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  const origins = cors.allowOrigins ?? [];
  const listed = origins.some((allowed) => allowed.toLowerCase() === origin.toLowerCase());
  if (!listed && !origins.includes('*')) return undefined;
  // Browsers refuse `*` on a request with credentials, so the origin itself is echoed then.
  return listed || cors.allowCredentials ? origin : '*';
}

/** The headers of the URL's own answer to a preflight (empty when the origin is not allowed). */
export function preflightHeaders(cors: FunctionUrlCors, req: IncomingMessage): string[] {
  const origin = allowedOrigin(cors, req.headers.origin);
  if (!origin) return [];
  const headers = ['Access-Control-Allow-Origin', origin];
  const methods = wildcardFor(cors.allowMethods, cors.allowCredentials, req.headers['access-control-request-method']);
  if (methods) headers.push('Access-Control-Allow-Methods', methods);
  const requested = req.headers['access-control-request-headers'];
  const allowHeaders = wildcardFor(cors.allowHeaders, cors.allowCredentials, typeof requested === 'string' ? requested : undefined);
  if (allowHeaders) headers.push('Access-Control-Allow-Headers', allowHeaders);
  if (cors.maxAge !== undefined) headers.push('Access-Control-Max-Age', String(cors.maxAge));
  if (cors.allowCredentials) headers.push('Access-Control-Allow-Credentials', 'true');
  if (origin !== '*') headers.push('Vary', 'Origin');
  return headers;
}

/** The CORS headers added to the function's answer (empty when the origin is not allowed). */
export function responseCorsHeaders(cors: FunctionUrlCors, req: IncomingMessage): string[] {
  const origin = allowedOrigin(cors, req.headers.origin);
  if (!origin) return [];
  const headers = ['Access-Control-Allow-Origin', origin];
  if (cors.exposeHeaders?.length) headers.push('Access-Control-Expose-Headers', cors.exposeHeaders.join(', '));
  if (cors.allowCredentials) headers.push('Access-Control-Allow-Credentials', 'true');
  if (origin !== '*') headers.push('Vary', 'Origin');
  return headers;
}

/**
 * A configured list as a header value. With credentials a browser takes `*` literally, so the
 * request's own methods/headers are echoed instead.
 */
function wildcardFor(list: string[] | undefined, credentials: boolean | undefined, requested: string | undefined): string | undefined {
  if (!list?.length) return undefined;
  if (list.includes('*') && credentials) return requested || undefined;
  return list.join(', ');
}

/**
 * `headers` (flat name/value pairs) with `overrides` appended and any header of the same name
 * dropped first; `Vary` is merged instead, since the function's own Vary still matters.
 */
export function withOverrides(headers: string[], overrides: string[]): string[] {
  if (overrides.length === 0) return headers;
  const names = new Set<string>();
  for (let i = 0; i < overrides.length; i += 2) if (overrides[i].toLowerCase() !== 'vary') names.add(overrides[i].toLowerCase());
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) if (!names.has(headers[i].toLowerCase())) out.push(headers[i], headers[i + 1]);
  return [...out, ...overrides];
}

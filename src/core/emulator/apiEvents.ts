import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import type { RouteMatch } from './apiRoutes';
import { decodeSegment } from './apiRoutes';
import { HTTP_INTEGRATION_CONTENT_TYPE } from './types';

/**
 * Builds API Gateway's Lambda proxy events from a real HTTP request (HTTP API payload 2.0 and
 * REST API payload 1.0), and turns a function's result back into the HTTP response API Gateway
 * would send.
 */

export interface GatewayContext {
  accountId: string;
  apiId: string;
  /** REST API stage name (HTTP APIs use `$default`). */
  restStage: string;
}

export interface HttpReply {
  status: number;
  /** Flat `[name, value, name, value…]`, as `writeHead` takes it, so repeated headers survive. */
  headers: string[];
  body: Buffer;
}

/** Writes a whole reply; 204 and 304 carry no body, hence no Content-Length. */
export function sendReply(res: ServerResponse, reply: HttpReply): void {
  const headers = reply.status === 204 || reply.status === 304 ? reply.headers : [...reply.headers, 'Content-Length', String(reply.body.length)];
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

/** Content types API Gateway passes as text; any other body reaches the function base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/javascript' ||
    type === 'application/x-javascript' ||
    type === 'application/graphql'
  );
}

interface RequestParts {
  method: string;
  rawPath: string;
  rawQueryString: string;
  sourceIp: string;
  userAgent: string;
  host: string;
  body: Buffer;
  now: Date;
}

export function requestParts(req: IncomingMessage, body: Buffer): RequestParts {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return {
    method: req.method ?? 'GET',
    rawPath: q === -1 ? url : url.slice(0, q),
    rawQueryString: q === -1 ? '' : url.slice(q + 1),
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    userAgent: String(req.headers['user-agent'] ?? ''),
    host: String(req.headers.host ?? 'localhost'),
    body,
    now: new Date(),
  };
}

/** Header pairs as received, plus the ones API Gateway adds on its way to the function. */
function forwardedHeaders(req: IncomingMessage, parts: RequestParts): [string, string][] {
  const pairs: [string, string][] = [];
  const raw = req.rawHeaders;
  const present = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    // Hop-by-hop: API Gateway does not pass these to the integration.
    if (lower === 'connection' || lower === 'keep-alive' || lower === 'transfer-encoding') continue;
    present.add(lower);
    if (lower === 'x-forwarded-for') continue;
    pairs.push([raw[i], raw[i + 1]]);
  }
  const priorForwardedFor = req.headers['x-forwarded-for'];
  pairs.push(['X-Forwarded-For', priorForwardedFor ? `${String(priorForwardedFor)}, ${parts.sourceIp}` : parts.sourceIp]);
  if (!present.has('x-forwarded-port')) pairs.push(['X-Forwarded-Port', String(req.socket.localPort ?? 80)]);
  if (!present.has('x-forwarded-proto')) pairs.push(['X-Forwarded-Proto', 'http']);
  if (!present.has('x-amzn-trace-id')) pairs.push(['X-Amzn-Trace-Id', traceId(parts.now)]);
  return pairs;
}

function bodyFields(req: IncomingMessage, body: Buffer): { body?: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { isBase64Encoded: false };
  return isTextContentType(req.headers['content-type'])
    ? { body: body.toString('utf8'), isBase64Encoded: false }
    : { body: body.toString('base64'), isBase64Encoded: true };
}

/** HTTP API, payload format 2.0. */
export function buildEventV2(req: IncomingMessage, parts: RequestParts, match: RouteMatch, ctx: GatewayContext): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of forwardedHeaders(req, parts)) {
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      for (const cookie of value.split(';')) if (cookie.trim()) cookies.push(cookie.trim());
      continue;
    }
    headers[lower] = headers[lower] === undefined ? value : `${headers[lower]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of queryPairs(parts.rawQueryString)) query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  // HTTP APIs hand the function the path already percent-decoded.
  const path = decodeSegment(parts.rawPath);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath: path,
    rawQueryString: parts.rawQueryString,
    headers,
    requestContext: {
      accountId: ctx.accountId,
      apiId: ctx.apiId,
      domainName: parts.host,
      domainPrefix: parts.host.split(/[.:]/)[0],
      http: { method: parts.method, path, protocol: `HTTP/${req.httpVersion}`, sourceIp: parts.sourceIp, userAgent: parts.userAgent },
      requestId: randomBytes(10).toString('base64'),
      routeKey: match.route.routeKey,
      stage: '$default',
      time: clfTime(parts.now),
      timeEpoch: parts.now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (cookies.length) event.cookies = cookies;
  if (Object.keys(query).length) event.queryStringParameters = query;
  if (match.pathParameters) event.pathParameters = match.pathParameters;
  Object.assign(event, bodyFields(req, parts.body));
  return event;
}

/** REST API, payload format 1.0. */
export function buildEventV1(req: IncomingMessage, parts: RequestParts, match: RouteMatch, ctx: GatewayContext): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of forwardedHeaders(req, parts)) {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [key, value] of queryPairs(parts.rawQueryString)) {
    query[key] = value;
    (multiQuery[key] ??= []).push(value);
  }
  const hasQuery = Object.keys(query).length > 0;
  const { body, isBase64Encoded } = bodyFields(req, parts.body);
  return {
    resource: match.route.path,
    path: parts.rawPath,
    httpMethod: parts.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: match.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      accountId: ctx.accountId,
      apiId: ctx.apiId,
      authorizer: undefined,
      domainName: parts.host,
      domainPrefix: parts.host.split(/[.:]/)[0],
      extendedRequestId: randomBytes(10).toString('base64'),
      httpMethod: parts.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: parts.sourceIp,
        user: null,
        userAgent: parts.userAgent || null,
        userArn: null,
      },
      path: `/${ctx.restStage}${parts.rawPath}`,
      protocol: `HTTP/${req.httpVersion}`,
      requestId: randomUUID(),
      requestTime: clfTime(parts.now),
      requestTimeEpoch: parts.now.getTime(),
      resourceId: randomBytes(3).toString('hex'),
      resourcePath: match.route.path,
      stage: ctx.restStage,
    },
    body: body ?? null,
    isBase64Encoded,
  };
}

/** Query pairs in order, decoded as API Gateway decodes them; a key without `=` has value "". */
function queryPairs(raw: string): [string, string][] {
  if (!raw) return [];
  const pairs: [string, string][] = [];
  for (const piece of raw.split('&')) {
    if (!piece) continue;
    const eq = piece.indexOf('=');
    const key = decodeSegment(eq === -1 ? piece : piece.slice(0, eq));
    pairs.push([key, eq === -1 ? '' : decodeSegment(piece.slice(eq + 1))]);
  }
  return pairs;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** API Gateway's request time: `12/Mar/2020:19:03:58 +0000`. */
export function clfTime(date: Date): string {
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

function traceId(now: Date): string {
  return `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

// ---- responses ----

const droppedResponseHeaders = new Set(['content-length', 'transfer-encoding', 'connection']);

/**
 * HTTP API (2.0): a JSON object with `statusCode` is a structured response; anything else
 * (an object without it, a string, a number) is sent as-is with 200 and `application/json`.
 * Undefined means malformed.
 */
export function replyFromResultV2(payload: Buffer): HttpReply | undefined {
  let result: unknown;
  try {
    result = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result) || !('statusCode' in result)) {
    return { status: 200, headers: ['Content-Type', 'application/json'], body: payload };
  }
  const structured = result as APIGatewayProxyStructuredResultV2;
  const status = statusOf(structured.statusCode);
  if (status === undefined) return undefined;
  const body = bodyOf(structured.body, structured.isBase64Encoded);
  if (!body) return undefined;
  const headers = headerPairs(structured.headers, undefined);
  if (headers === undefined) return undefined;
  if (Array.isArray(structured.cookies)) for (const cookie of structured.cookies) headers.push('Set-Cookie', String(cookie));
  return { status, headers, body };
}

/** REST API (1.0): the result must be `{ statusCode, headers?, multiValueHeaders?, body?, isBase64Encoded? }`. */
export function replyFromResultV1(payload: Buffer): HttpReply | undefined {
  let result: unknown;
  try {
    result = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined;
  const proxy = result as Partial<APIGatewayProxyResult>;
  const status = statusOf(proxy.statusCode);
  if (status === undefined) return undefined;
  const body = bodyOf(proxy.body, proxy.isBase64Encoded);
  if (!body) return undefined;
  const headers = headerPairs(proxy.headers, proxy.multiValueHeaders);
  if (headers === undefined) return undefined;
  // REST APIs answer JSON unless told otherwise.
  if (!hasHeader(headers, 'content-type')) headers.push('Content-Type', 'application/json');
  return { status, headers, body };
}

function statusOf(value: unknown): number | undefined {
  const status = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}

function bodyOf(body: unknown, base64: unknown): Buffer | undefined {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body !== 'string') return undefined;
  return base64 === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

/**
 * Single- and multi-value headers merged as API Gateway merges them: a name given in
 * `multiValueHeaders` takes its values from there only.
 */
function headerPairs(single: unknown, multi: unknown): string[] | undefined {
  if ((single !== undefined && single !== null && typeof single !== 'object') || (multi !== undefined && multi !== null && typeof multi !== 'object')) return undefined;
  const out: string[] = [];
  const fromMulti = new Set<string>();
  for (const [name, values] of Object.entries((multi ?? {}) as Record<string, unknown>)) {
    if (droppedResponseHeaders.has(name.toLowerCase()) || !Array.isArray(values)) continue;
    fromMulti.add(name.toLowerCase());
    for (const value of values) out.push(name, String(value));
  }
  for (const [name, value] of Object.entries((single ?? {}) as Record<string, unknown>)) {
    if (droppedResponseHeaders.has(name.toLowerCase()) || fromMulti.has(name.toLowerCase()) || value === null || value === undefined) continue;
    out.push(name, String(value));
  }
  return out;
}

function hasHeader(pairs: string[], lowerName: string): boolean {
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i].toLowerCase() === lowerName) return true;
  return false;
}

const PRELUDE_DELIMITER = Buffer.alloc(8);

/** Whether a streamed response's content type is the HTTP integration's (`awslambda.HttpResponseStream`), parameters aside. */
export function isHttpIntegration(contentType: string): boolean {
  return contentType.split(';')[0].trim().toLowerCase() === HTTP_INTEGRATION_CONTENT_TYPE;
}

/**
 * A streamed HTTP integration response (`awslambda.HttpResponseStream`) cut at the first 8 zero
 * bytes: the JSON prelude before them, the body after. Undefined while the delimiter has not come.
 */
export function splitIntegrationPayload(bytes: Buffer): { prelude: Buffer; body: Buffer } | undefined {
  const end = bytes.indexOf(PRELUDE_DELIMITER);
  if (end === -1) return undefined;
  return { prelude: bytes.subarray(0, end), body: bytes.subarray(end + PRELUDE_DELIMITER.length) };
}

/**
 * The head of a streamed HTTP integration response (`awslambda.HttpResponseStream`): the JSON
 * prelude `{statusCode, headers, cookies}` that precedes the body, read as Lambda function URLs
 * read it (status 200 when absent). Undefined when it is not such an object.
 */
export function replyHeadFromPrelude(prelude: Buffer): { status: number; headers: string[] } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(prelude.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { statusCode, headers, cookies } = parsed as { statusCode?: unknown; headers?: unknown; cookies?: unknown };
  const status = statusCode === undefined ? 200 : statusOf(statusCode);
  if (status === undefined) return undefined;
  const pairs = headerPairs(headers, undefined);
  if (pairs === undefined) return undefined;
  if (Array.isArray(cookies)) for (const cookie of cookies) pairs.push('Set-Cookie', String(cookie));
  return { status, headers: pairs };
}

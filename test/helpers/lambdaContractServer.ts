import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { LambdaApiError, LambdaModel, type Json, type StoredFunction } from './lambdaContractModel';

/**
 * A real HTTP server on 127.0.0.1:0 answering the part of AWS Lambda's control-plane API that
 * deploy, list and invoke use — the paths, status codes, headers and JSON shapes
 * `@aws-sdk/client-lambda` sends and expects (REST-JSON; errors as `x-amzn-ErrorType` plus
 * `{"Type","message"}`). It records every request (so tests can prove a call was *not* made) and
 * injects faults: throttling, conflicts, errors, and requests that stall until released.
 */

export interface RecordedRequest {
  operation: string;
  method: string;
  path: string;
  /** -1 when the client went away before an answer. */
  status: number;
  /** From the SigV4 `Authorization` header: which credentials signed the request. */
  accessKeyId?: string;
}

export interface ContractServerOptions {
  /** Delay of `Pending → Active` and `InProgress → Successful`, ms. Default 60. */
  transitionMs?: number;
  region?: string;
  accountId?: string;
}

export type Fault = 'throttle' | 'conflict' | { status: number; type: string; message: string; headers?: Record<string, string> };

export interface Stall {
  /** Resolves when the stalled request has arrived (its body not yet read). */
  arrived: Promise<void>;
  /** Resolves when the client has dropped the held connection. */
  dropped: Promise<void>;
  /** Lets it through. */
  release(): void;
}

export interface LambdaContractServer {
  endpoint: string;
  model: LambdaModel;
  requests: RecordedRequest[];
  /** Operation names of the recorded requests, in order. */
  operations(): string[];
  /** The next `times` requests of `operation` fail with `fault`. */
  failNext(operation: string, fault: Fault, times?: number): void;
  /** The next request of `operation` waits (before its body is read) until released. */
  stall(operation: string): Stall;
  close(): Promise<void>;
}

interface Route {
  operation: string;
  name?: string;
  alias?: string;
  resource?: string;
}

const bodyLimit = 80 * 1024 * 1024;

export async function startLambdaContractServer(options: ContractServerOptions = {}): Promise<LambdaContractServer> {
  const model = new LambdaModel({ region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012', transitionMs: options.transitionMs ?? 60 });
  const requests: RecordedRequest[] = [];
  const faults = new Map<string, { fault: Fault; times: number }>();
  const stalls = new Map<string, { arrived: () => void; dropped: () => void; released: Promise<void> }>();
  const sockets = new Set<Socket>();
  let endpoint = '';

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routeOf(req.method ?? 'GET', url.pathname);
    const record: RecordedRequest = { operation: route.operation, method: req.method ?? '', path: url.pathname, status: 0 };
    const accessKeyId = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
    if (accessKeyId) record.accessKeyId = accessKeyId;
    requests.push(record);
    const stalled = stalls.get(route.operation);
    if (stalled) stalls.delete(route.operation);
    void (async () => {
      if (stalled) {
        req.socket.once('close', stalled.dropped);
        stalled.arrived();
        await stalled.released;
        // The client gave up while the request was held: like a connection dropped mid-upload, nothing is applied.
        if (req.socket.destroyed) {
          record.status = -1;
          return;
        }
      }
      const body = await readBody(req);
      if (body === undefined) return;
      const fault = faults.get(route.operation);
      if (fault) {
        if (--fault.times <= 0) faults.delete(route.operation);
        return sendError(res, record, faultError(fault.fault, route, model));
      }
      try {
        handle(route, req, url, body, res, record);
      } catch (error) {
        if (error instanceof LambdaApiError) return sendError(res, record, error);
        sendError(res, record, new LambdaApiError(500, 'ServiceException', String(error)));
      }
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function handle(route: Route, request: IncomingMessage, url: URL, body: Buffer, res: ServerResponse, record: RecordedRequest): void {
    const method = request.method ?? 'GET';
    const json = (): Json => (body.length ? (JSON.parse(body.toString('utf8')) as Json) : {});
    const target = route.name ? model.resolveName(route.name) : undefined;
    const name = target?.name ?? '';
    const qualifier = url.searchParams.get('Qualifier') ?? target?.qualifier ?? undefined;
    switch (route.operation) {
      case 'ListFunctions': {
        const all = [...model.functions.values()].map((f) => f.latest.config).sort((a, b) => String(a.FunctionName).localeCompare(String(b.FunctionName)));
        return send(res, record, 200, page(all, url, 'Functions'));
      }
      case 'CreateFunction':
        return send(res, record, 201, model.create(json()));
      case 'GetFunction': {
        const fn = model.get(name);
        const version = model.version(name, qualifier);
        const versionName = String(version.config.Version);
        return send(res, record, 200, {
          Configuration: version.config,
          Code: { RepositoryType: 'S3', Location: `${endpoint}/_contract/code/${encodeURIComponent(name)}/${encodeURIComponent(versionName)}?X-Amz-Signature=${randomUUID()}` },
          Tags: fn.tags,
        });
      }
      case 'GetFunctionConfiguration':
        return send(res, record, 200, model.version(name, qualifier).config);
      case 'DeleteFunction':
        model.deleteFunction(name, qualifier);
        return send(res, record, 204);
      case 'UpdateFunctionCode':
        return send(res, record, 200, model.updateCode(name, json()));
      case 'UpdateFunctionConfiguration':
        return send(res, record, 200, model.updateConfiguration(name, json()));
      case 'PublishVersion':
        return send(res, record, 201, model.publish(name, json()));
      case 'ListVersionsByFunction': {
        const fn = model.get(name);
        return send(res, record, 200, page([fn.latest.config, ...[...fn.versions.values()].map((v) => v.config)], url, 'Versions'));
      }
      case 'CreateAlias': {
        const request = json();
        return send(res, record, 201, model.putAlias(name, String(request.Name ?? ''), request, true));
      }
      case 'GetAlias':
        return send(res, record, 200, model.aliasConfig(name, route.alias ?? ''));
      case 'UpdateAlias':
        return send(res, record, 200, model.putAlias(name, route.alias ?? '', json(), false));
      case 'DeleteAlias':
        model.aliasConfig(name, route.alias ?? '');
        model.get(name).aliases.delete(route.alias ?? '');
        return send(res, record, 204);
      case 'ListAliases': {
        const fn = model.get(name);
        return send(res, record, 200, page([...fn.aliases.keys()].map((alias) => model.aliasConfig(name, alias)), url, 'Aliases'));
      }
      case 'Invoke':
        return invoke(name, qualifier, body, request, res, record);
      case 'ListTags':
        return send(res, record, 200, { Tags: functionOfArn(route.resource ?? '').tags });
      case 'TagResource':
        Object.assign(functionOfArn(route.resource ?? '').tags, (json().Tags ?? {}) as Record<string, string>);
        return send(res, record, 204);
      case 'UntagResource': {
        const tags = functionOfArn(route.resource ?? '').tags;
        for (const key of url.searchParams.getAll('tagKeys')) delete tags[key];
        return send(res, record, 204);
      }
      case 'GetFunctionUrlConfig':
        // No function URLs here: deploy's check for an undeclared one finds none.
        model.get(name);
        throw new LambdaApiError(404, 'ResourceNotFoundException', 'The resource you requested does not exist.');
      case 'GetAccountSettings':
        return send(res, record, 200, { AccountLimit: { TotalCodeSize: 80530636800, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800, ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 }, AccountUsage: { TotalCodeSize: 0, FunctionCount: model.functions.size } });
      case 'DownloadCode': {
        const [, , , rawName, rawVersion] = url.pathname.split('/');
        const zip = model.version(decodeURIComponent(rawName), decodeURIComponent(rawVersion)).zip;
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
        res.end(zip);
        return;
      }
      default:
        throw new LambdaApiError(404, 'UnknownOperationException', `Unknown operation ${method} ${url.pathname}`);
    }
  }

  function invoke(name: string, qualifier: string | undefined, body: Buffer, request: IncomingMessage, res: ServerResponse, record: RecordedRequest): void {
    const version = model.version(name, qualifier);
    if (version.config.State !== 'Active') {
      throw new LambdaApiError(409, 'ResourceConflictException', `The operation cannot be performed at this time. The function is currently in the following state: ${String(version.config.State)}`);
    }
    const type = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (type === 'Event') return send(res, record, 202);
    if (type === 'DryRun') return send(res, record, 204);
    const requestId = randomUUID();
    const event: unknown = body.length ? JSON.parse(body.toString('utf8')) : {};
    const failure = typeof event === 'object' && event !== null && 'fail' in event ? String((event as Json).fail) : undefined;
    const payload = failure
      ? { errorType: 'Error', errorMessage: failure, trace: [] }
      : { echo: event, version: version.config.Version, codeSha256: version.config.CodeSha256 };
    const log = [
      `START RequestId: ${requestId} Version: ${String(version.config.Version)}`,
      `${new Date().toISOString()}\t${requestId}\tINFO\tcontract invoke of ${name}`,
      `END RequestId: ${requestId}`,
      `REPORT RequestId: ${requestId}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: ${String(version.config.MemorySize)} MB\tMax Memory Used: 40 MB\t`,
      '',
    ].join('\n');
    const headers: Record<string, string> = { 'x-amz-executed-version': String(version.config.Version), 'x-amzn-requestid': requestId };
    if (failure) headers['x-amz-function-error'] = 'Unhandled';
    if (request.headers['x-amz-log-type'] === 'Tail') headers['x-amz-log-result'] = Buffer.from(log).subarray(-4096).toString('base64');
    const text = JSON.stringify(payload);
    record.status = 200;
    res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  function functionOfArn(arn: string): StoredFunction {
    return model.get(model.resolveName(arn).name);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    model,
    requests,
    operations: () => requests.map((r) => r.operation),
    failNext(operation, fault, times = 1) {
      faults.set(operation, { fault, times });
    },
    stall(operation) {
      let arrived!: () => void;
      let dropped!: () => void;
      let release!: () => void;
      const arrivedPromise = new Promise<void>((resolve) => (arrived = resolve));
      const droppedPromise = new Promise<void>((resolve) => (dropped = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      stalls.set(operation, { arrived, dropped, released });
      return { arrived: arrivedPromise, dropped: droppedPromise, release };
    },
    async close() {
      model.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function routeOf(method: string, pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [date, collection, name, sub, alias] = parts;
  if (date === '_contract' && collection === 'code') return { operation: 'DownloadCode' };
  if (date === '2016-08-19' && collection === 'account-settings') return { operation: 'GetAccountSettings' };
  if (date === '2017-03-31' && collection === 'tags' && name) {
    const resource = parts.slice(2).join('/');
    return { operation: method === 'GET' ? 'ListTags' : method === 'POST' ? 'TagResource' : 'UntagResource', resource };
  }
  if (date === '2021-10-31' && collection === 'functions' && name && sub === 'url' && method === 'GET' && alias === undefined) return { operation: 'GetFunctionUrlConfig', name };
  if (date !== '2015-03-31' || collection !== 'functions') return { operation: 'Unknown' };
  if (!name) return { operation: method === 'POST' ? 'CreateFunction' : 'ListFunctions' };
  const byMethod = (table: Record<string, string>): Route => ({ operation: table[method] ?? 'Unknown', name, ...(alias ? { alias } : {}) });
  switch (sub) {
    case undefined:
      return byMethod({ GET: 'GetFunction', DELETE: 'DeleteFunction' });
    case 'configuration':
      return byMethod({ GET: 'GetFunctionConfiguration', PUT: 'UpdateFunctionConfiguration' });
    case 'code':
      return byMethod({ PUT: 'UpdateFunctionCode' });
    case 'versions':
      return byMethod({ GET: 'ListVersionsByFunction', POST: 'PublishVersion' });
    case 'aliases':
      return alias ? byMethod({ GET: 'GetAlias', PUT: 'UpdateAlias', DELETE: 'DeleteAlias' }) : byMethod({ GET: 'ListAliases', POST: 'CreateAlias' });
    case 'invocations':
      return byMethod({ POST: 'Invoke' });
    default:
      return { operation: 'Unknown' };
  }
}

/** Lambda's Marker/MaxItems paging (default 50 items); the marker is opaque to clients. */
function page(items: Json[], url: URL, key: string): Json {
  const max = Math.min(10000, Math.max(1, Number(url.searchParams.get('MaxItems') ?? 50)));
  const marker = url.searchParams.get('Marker');
  const start = marker ? Number(Buffer.from(marker, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw new LambdaApiError(400, 'InvalidParameterValueException', 'Invalid marker');
  const slice = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
  return { [key]: slice, ...(next ? { NextMarker: next } : {}) };
}

function faultError(fault: Fault, route: Route, model: LambdaModel): LambdaApiError {
  if (fault === 'throttle') return new LambdaApiError(429, 'TooManyRequestsException', 'Rate exceeded', { 'retry-after': '0' });
  if (fault === 'conflict') {
    return new LambdaApiError(409, 'ResourceConflictException', `The operation cannot be performed at this time. An update is in progress for resource: ${model.arn(route.name ?? '')}`);
  }
  return new LambdaApiError(fault.status, fault.type, fault.message, fault.headers);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= bodyLimit) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
    req.on('aborted', () => resolve(undefined));
  });
}

function send(res: ServerResponse, record: RecordedRequest, status: number, body?: Json): void {
  record.status = status;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
  res.end(text);
}

function sendError(res: ServerResponse, record: RecordedRequest, error: LambdaApiError): void {
  if (res.destroyed) return;
  record.status = error.status;
  const text = JSON.stringify({ Type: error.status >= 500 ? 'Service' : 'User', message: error.message, ...(error.type === 'TooManyRequestsException' ? { Reason: 'CallerRateLimitExceeded' } : {}) });
  res.writeHead(error.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-errortype': error.type,
    'x-amzn-requestid': randomUUID(),
    ...error.headers,
  });
  res.end(text);
}

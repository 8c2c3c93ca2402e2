import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionSpec } from '../project/functionSpec';
import type { GatewayContext, HttpReply } from './apiEvents';
import { buildEventV1, buildEventV2, replyFromResultV1, replyFromResultV2, requestParts, sendReply } from './apiEvents';
import type { ApiKind, ApiRoute } from './apiRoutes';
import { buildRoutes, matchRoute } from './apiRoutes';
import { StreamedReply } from './apiStreamReply';
import type { RunningServer } from './httpServer';
import { listen, readBody } from './httpServer';
import type { EmulatorApi } from './types';

/**
 * A local API Gateway on its own port: each request is matched to a function's `httpApi` (HTTP
 * API, payload 2.0) or `http` (REST API, payload 1.0) route, turned into the event API Gateway
 * would send, and the function's result is turned back into the HTTP response. A function that
 * streams its response (`awslambda.streamifyResponse`) is relayed to the client as it writes
 * (apiStreamReply.ts).
 */

export interface ApiGatewayOptions {
  accountId?: string;
  apiId?: string;
  /** REST API stage name in `requestContext` (default `dev`). */
  restStage?: string;
  /** API Gateway's integration timeout: 30 s for HTTP APIs, 29 s for REST APIs. */
  integrationTimeoutMs?: { httpApi: number; http: number };
  /** Called once per request, after the response is sent (for access logs). */
  onRequest?: (entry: { method: string; path: string; status: number; functionName?: string; durationMs: number }) => void;
}

/** API Gateway's own payload limit. */
const maxRequestBytes = 10 * 1024 * 1024;

/** The errors API Gateway itself answers with; HTTP and REST APIs word them differently. */
const gatewayErrors = {
  notFound: { status: 404, httpApi: 'Not Found', http: 'Not Found' },
  functionFailed: { status: 502, httpApi: 'Internal Server Error', http: 'Internal server error' },
  invokeRejected: { status: 500, httpApi: 'Internal Server Error', http: 'Internal server error' },
  tooLarge: { status: 413, httpApi: 'Request Entity Too Large', http: 'Request Too Long' },
} as const;
const timeoutErrors = { httpApi: { status: 503, message: 'Service Unavailable' }, http: { status: 504, message: 'Endpoint request timed out' } } as const;

export class ApiGateway {
  private routeTable: ApiRoute[] = [];
  private readonly ctx: GatewayContext;
  private readonly timeouts: { httpApi: number; http: number };

  constructor(
    private readonly emulator: EmulatorApi,
    private readonly options: ApiGatewayOptions = {},
  ) {
    this.ctx = { accountId: options.accountId ?? '000000000000', apiId: options.apiId ?? 'local', restStage: options.restStage ?? 'dev' };
    this.timeouts = options.integrationTimeoutMs ?? { httpApi: 30_000, http: 29_000 };
    this.setFunctions(emulator.functions());
  }

  /** Rebuilds the routes (after the project's functions changed). */
  setFunctions(functions: FunctionSpec[]): void {
    this.routeTable = buildRoutes(functions);
  }

  routes(): readonly ApiRoute[] {
    return this.routeTable;
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    readBody(req, maxRequestBytes, (body, tooLarge) => {
      const parts = requestParts(req, body);
      const done = (reply: HttpReply, functionName?: string): void => {
        sendReply(res, reply);
        this.options.onRequest?.({ method: parts.method, path: req.url ?? '/', status: reply.status, functionName, durationMs: performance.now() - started });
      };
      const match = matchRoute(this.routeTable, parts.method, parts.rawPath);
      if (!match) return done(gatewayError('notFound', 'httpApi'));
      const { route } = match;
      if (tooLarge) return done(gatewayError('tooLarge', route.kind), route.functionName);
      const event = route.kind === 'httpApi' ? buildEventV2(req, parts, match, this.ctx) : buildEventV1(req, parts, match, this.ctx);
      const requestId = route.kind === 'httpApi' ? (event as { requestContext: { requestId: string } }).requestContext.requestId : undefined;
      let answered = false;
      const claim = (): boolean => {
        if (answered) return false;
        answered = true;
        clearTimeout(timer);
        return true;
      };
      const finish = (reply: HttpReply): void => {
        if (!claim()) return;
        if (requestId) reply.headers.push('apigw-requestid', requestId);
        done(reply, route.functionName);
      };
      // The function keeps running after API Gateway gives up on it, as in AWS. Once a streamed
      // answer began, the function's own timeout is the only limit.
      const timer = setTimeout(() => {
        const { status, message } = timeoutErrors[route.kind];
        finish(jsonReply(status, message));
      }, this.timeouts[route.kind]);
      const streamed = new StreamedReply(res, { claim, extraHeaders: requestId ? ['apigw-requestid', requestId] : [] });
      this.emulator.invoke(route.functionName, { payload: Buffer.from(JSON.stringify(event)), responseStream: streamed }).then(
        (invocation) => {
          if (streamed.streaming && streamed.settle(invocation.functionError !== undefined)) {
            const status = streamed.status;
            if (status !== undefined) this.options.onRequest?.({ method: parts.method, path: req.url ?? '/', status, functionName: route.functionName, durationMs: performance.now() - started });
            return;
          }
          if (invocation.functionError || streamed.streaming) return finish(gatewayError('functionFailed', route.kind));
          const reply = route.kind === 'httpApi' ? replyFromResultV2(invocation.payload) : replyFromResultV1(invocation.payload);
          finish(reply ?? gatewayError('functionFailed', route.kind));
        },
        () => {
          if (!(streamed.streaming && streamed.settle(true))) finish(gatewayError('invokeRejected', route.kind));
        },
      );
    });
  };
}

/** Starts the API Gateway emulator on its own port. */
export async function startApiGateway(
  emulator: EmulatorApi,
  options: ApiGatewayOptions & { host?: string; port?: number } = {},
): Promise<RunningServer & { gateway: ApiGateway }> {
  const gateway = new ApiGateway(emulator, options);
  const server = await listen(gateway.handle, { host: options.host, port: options.port, what: '--api-port' });
  return { ...server, gateway };
}

/** How a route is shown to the user: `GET /users/{id}  →  users  (HTTP API, payload 2.0)`. */
export function describeRoute(route: ApiRoute): string {
  const kind: Record<ApiKind, string> = { httpApi: 'HTTP API, payload 2.0', http: 'REST API, payload 1.0' };
  return `${route.routeKey} → ${route.functionName} (${kind[route.kind]})`;
}

function gatewayError(which: keyof typeof gatewayErrors, kind: ApiKind): HttpReply {
  const error = gatewayErrors[which];
  return jsonReply(error.status, error[kind]);
}

function jsonReply(status: number, message: string): HttpReply {
  return { status, headers: ['Content-Type', 'application/json'], body: Buffer.from(JSON.stringify({ message })) };
}

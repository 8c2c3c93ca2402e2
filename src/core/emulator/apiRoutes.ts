import type { FunctionSpec } from '../project/functionSpec';

/**
 * The local API Gateway's route table, built from functions' `httpApi` / `http` events and
 * matched the way API Gateway picks a route: the most specific path wins (literal segments over
 * `{param}` over a greedy `{proxy+}`), a method-specific route beats `ANY`, `$default` comes last.
 */

export type ApiKind = 'httpApi' | 'http';

type Segment = { kind: 'literal'; text: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

export interface ApiRoute {
  functionName: string;
  /** `httpApi` → HTTP API, payload 2.0; `http` → REST API, payload 1.0. */
  kind: ApiKind;
  /** Upper case, or `ANY`. */
  method: string;
  /** As declared: `/users/{id}`, or `$default`. */
  path: string;
  /** HTTP API's route key: `GET /users/{id}`, `ANY /{proxy+}`, `$default`. */
  routeKey: string;
  segments: Segment[];
}

export interface RouteMatch {
  route: ApiRoute;
  /** Decoded values, or undefined when the route has no parameters. */
  pathParameters?: Record<string, string>;
}

export function buildRoutes(functions: FunctionSpec[]): ApiRoute[] {
  const routes: ApiRoute[] = [];
  const seen = new Set<string>();
  for (const spec of functions) {
    for (const event of spec.events) {
      if ((event.type !== 'httpApi' && event.type !== 'http') || typeof event.method !== 'string' || typeof event.path !== 'string') continue;
      const method = event.method === '*' ? 'ANY' : event.method.toUpperCase();
      const routeKey = event.path === '$default' ? '$default' : `${method} ${event.path}`;
      // Two functions on one route: the first declared keeps it (the manifest warns).
      if (seen.has(routeKey)) continue;
      seen.add(routeKey);
      routes.push({ functionName: spec.name, kind: event.type, method, path: event.path, routeKey, segments: parseSegments(event.path) });
    }
  }
  return routes.sort(compareSpecificity);
}

function parseSegments(routePath: string): Segment[] {
  if (routePath === '$default') return [];
  return trimSlash(routePath)
    .split('/')
    .slice(1)
    .filter((s, i, all) => s !== '' || i < all.length - 1)
    .map((text): Segment => {
      if (text.startsWith('{') && text.endsWith('+}')) return { kind: 'greedy', name: text.slice(1, -2) };
      if (text.startsWith('{') && text.endsWith('}')) return { kind: 'param', name: text.slice(1, -1) };
      return { kind: 'literal', text };
    });
}

const rank = { literal: 2, param: 1, greedy: 0 } as const;

function compareSpecificity(a: ApiRoute, b: ApiRoute): number {
  const aDefault = a.path === '$default';
  const bDefault = b.path === '$default';
  if (aDefault !== bDefault) return aDefault ? 1 : -1;
  const length = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (!x || !y) return x ? -1 : 1;
    if (rank[x.kind] !== rank[y.kind]) return rank[y.kind] - rank[x.kind];
  }
  if ((a.method === 'ANY') !== (b.method === 'ANY')) return a.method === 'ANY' ? 1 : -1;
  return 0;
}

/** The route serving `method path` (path without the query string, still percent-encoded). */
export function matchRoute(routes: ApiRoute[], method: string, requestPath: string): RouteMatch | undefined {
  const parts = trimSlash(requestPath).split('/').slice(1);
  if (parts.length === 1 && parts[0] === '') parts.length = 0;
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    if (route.path === '$default') return { route };
    const params = matchSegments(route.segments, parts);
    if (params) return { route, pathParameters: Object.keys(params).length ? params : undefined };
  }
  return undefined;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.kind === 'greedy') {
      // A greedy variable takes one segment or more, never none.
      if (i >= parts.length) return undefined;
      params[segment.name] = parts.slice(i).map(decodeSegment).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (segment.kind === 'literal') {
      if (decodeSegment(part) !== segment.text) return undefined;
    } else {
      params[segment.name] = decodeSegment(part);
    }
  }
  return parts.length === segments.length ? params : undefined;
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

export function decodeSegment(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

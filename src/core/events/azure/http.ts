/** Azure Functions HTTP trigger, as the host hands the request to a worker. */
import { splitPathAndQuery } from '../ids';
import { defineEvent, param } from '../types';
import { asMultiMap, asStringMap } from '../values';
import type { AzureInvocationRequest } from './host';
import { at, functionName, invocationRequest, time } from './host';

export interface AzureHttpClaim {
  Properties: Record<string, string>;
  Issuer: string;
  OriginalIssuer: string;
  Type: string;
  Value: string;
  ValueType: string;
}

export interface AzureHttpIdentity {
  AuthenticationType: string;
  IsAuthenticated: boolean;
  Actor: null;
  BootstrapContext: null;
  Label: null;
  Name: null;
  NameClaimType: string;
  RoleClaimType: string;
  Claims: AzureHttpClaim[];
}

/** The request as the host serialises it: headers multi-valued, query and route params flat. */
export interface AzureHttpRequestData {
  Url: string;
  Method: string;
  Query: Record<string, string>;
  Headers: Record<string, string[]>;
  Params: Record<string, string>;
  Identities: AzureHttpIdentity[];
  Body: string;
}

export type AzureHttpEvent = AzureInvocationRequest<
  AzureHttpRequestData,
  { Query: Record<string, string>; Headers: Record<string, string>; Params: Record<string, string> }
>;

const claim = (type: string, value: string): AzureHttpClaim => ({
  Properties: {},
  Issuer: 'LOCAL AUTHORITY',
  OriginalIssuer: 'LOCAL AUTHORITY',
  Type: `http://schemas.microsoft.com/2017/07/functions/claims/${type}`,
  Value: value,
  ValueType: 'http://www.w3.org/2001/XMLSchema#string',
});

/** A function key call carries the "WebJobsAuthLevel" identity; anonymous calls carry none. */
function identities(authLevel: string): AzureHttpIdentity[] {
  if (authLevel === 'anonymous') return [];
  const level = authLevel === 'admin' ? 'Admin' : 'Function';
  return [
    {
      AuthenticationType: 'WebJobsAuthLevel',
      IsAuthenticated: true,
      Actor: null,
      BootstrapContext: null,
      Label: null,
      Name: null,
      NameClaimType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
      RoleClaimType: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
      Claims: [claim('authlevel', level), claim('keyid', level === 'Admin' ? 'master' : 'default')],
    },
  ];
}

export const azureHttp = defineEvent({
  name: 'azure:http',
  provider: 'azure',
  description: 'Azure Functions HTTP trigger (host request payload: Data.req + Metadata)',
  parameters: [
    param.string('method', 'HTTP method', 'POST'),
    param.string('path', 'request path; may carry a query string', '/api/orders?source=web'),
    param.json('query', 'more query parameters, {"name": "value"}', {}),
    param.json('headers', 'extra request headers, {"Name": "value"}', {}),
    param.string('body', 'request body', '{"item":"book","quantity":2}'),
    param.json('params', 'route parameters, e.g. {"id": "42"} for route orders/{id}', {}),
    param.string('authLevel', 'anonymous, function or admin', 'function'),
    param.string('host', 'function app host name', 'my-function-app.azurewebsites.net'),
    param.string('bindingName', 'name of the httpTrigger binding', 'req'),
    functionName,
    time,
  ],
  generate: (p): AzureHttpEvent => {
    const { path, query } = splitPathAndQuery(p.path);
    for (const [key, values] of Object.entries(asMultiMap(p.query, 'query'))) query[key] = [...(query[key] ?? []), ...values];
    const flatQuery = Object.fromEntries(Object.entries(query).map(([key, values]) => [key, values.join(',')]));
    const headers: Record<string, string[]> = {
      Accept: ['*/*'],
      Host: [p.host],
      'User-Agent': ['curl/8.5.0'],
      ...(p.body ? { 'Content-Type': ['application/json'], 'Content-Length': [String(Buffer.byteLength(p.body))] } : {}),
      'X-Forwarded-For': ['203.0.113.10:52144'],
      'X-Original-URL': [p.path],
    };
    for (const [key, values] of Object.entries(asMultiMap(p.headers, 'headers'))) headers[key] = values;
    const params = asStringMap(p.params, 'params');
    const search = new URLSearchParams(flatQuery).toString();
    return invocationRequest(
      p.functionName,
      p.bindingName,
      {
        Url: `https://${p.host}${path}${search ? `?${search}` : ''}`,
        Method: p.method.toUpperCase(),
        Query: flatQuery,
        Headers: headers,
        Params: params,
        Identities: identities(p.authLevel),
        Body: p.body,
      },
      {
        Query: flatQuery,
        Headers: Object.fromEntries(Object.entries(headers).map(([key, values]) => [key, values.join(',')])),
        Params: params,
      },
      at(p.time),
    );
  },
});

/** API Gateway REST (payload 1.0), HTTP API (payload 2.0) and Lambda Function URL requests. */
import type { APIGatewayEventRequestContextV2, APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { clfTime, token } from '../ids';
import { defineEvent, param } from '../types';
import { awsAccount } from './common';
import type { HttpRequest } from './httpRequest';
import { httpParams, httpRequest, isEmpty, joinedLowercase, rawQueryString, singleValues } from './httpRequest';
import { matchRoute } from './route';

const apiId = param.string('apiId', 'API id (the first label of the execute-api host name)', 'a1b2c3d4e5');

/** `{ id: '42' }` when the path fits the template, else the path itself is the resource. */
function resolveRoute(template: string, path: string): { resource: string; pathParameters: Record<string, string> | undefined } {
  const matched = matchRoute(template, path);
  return matched ? { resource: template, pathParameters: isEmpty(matched) ? undefined : matched } : { resource: path, pathParameters: undefined };
}

/** The REST API proxy event (payload 1.0); shared with the REQUEST authorizer. */
export function restApiParts(req: HttpRequest, template: string) {
  const { resource, pathParameters } = resolveRoute(template, req.path);
  return {
    resource,
    path: req.path,
    httpMethod: req.method,
    headers: singleValues(req.headers),
    multiValueHeaders: req.headers,
    queryStringParameters: isEmpty(req.query) ? null : singleValues(req.query),
    multiValueQueryStringParameters: isEmpty(req.query) ? null : req.query,
    pathParameters: pathParameters ?? null,
    stageVariables: null,
  };
}

export function restRequestContext(req: HttpRequest, p: { accountId: string; apiId: string; stage: string }, resource: string) {
  return {
    accountId: p.accountId,
    apiId: p.apiId,
    domainName: req.headers.Host?.[0] ?? '',
    domainPrefix: p.apiId,
    extendedRequestId: `${token(14)}=`,
    httpMethod: req.method,
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
      sourceIp: req.sourceIp,
      user: null,
      userAgent: req.userAgent,
      userArn: null,
    },
    path: `/${p.stage}${req.path}`,
    protocol: 'HTTP/1.1',
    requestId: req.requestId,
    requestTime: clfTime(req.date),
    requestTimeEpoch: req.date.getTime(),
    resourceId: token(6, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    resourcePath: resource,
    stage: p.stage,
  };
}

export const apiGatewayV1 = defineEvent({
  name: 'aws:apigateway-v1',
  provider: 'aws',
  description: 'API Gateway REST API proxy integration request (payload format 1.0)',
  parameters: [
    ...httpParams,
    param.string('resource', 'resource template; path parameters are taken from the path when it fits', '/items/{id}'),
    param.string('stage', 'deployment stage', 'prod'),
    apiId,
    ...awsAccount,
  ],
  generate: (p): APIGatewayProxyEvent => {
    const req = httpRequest(p, `${p.apiId}.execute-api.${p.region}.amazonaws.com`);
    const parts = restApiParts(req, p.resource);
    return {
      ...parts,
      requestContext: { ...restRequestContext(req, p, parts.resource), authorizer: undefined },
      body: req.body ?? null,
      isBase64Encoded: req.isBase64Encoded,
    };
  },
});

/** Payload 2.0 as HTTP APIs and Function URLs send it. */
function payloadV2(req: HttpRequest, routeKey: string, rawPath: string, context: APIGatewayEventRequestContextV2, pathParameters?: Record<string, string>) {
  const headers = joinedLowercase(req.headers);
  const cookieHeader = headers.cookie;
  delete headers.cookie;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: rawQueryString(req.query),
    ...(cookieHeader ? { cookies: cookieHeader.split(/;\s*/) } : {}),
    headers,
    ...(isEmpty(req.query) ? {} : { queryStringParameters: commaJoined(req.query) }),
    requestContext: context,
    ...(pathParameters ? { pathParameters } : {}),
    ...(req.body === undefined ? {} : { body: req.body }),
    isBase64Encoded: req.isBase64Encoded,
  };
  return event;
}

/** Query parameters keep their case; repeated values are comma-joined in payload 2.0. */
function commaJoined(query: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([key, values]) => [key, values.join(',')]));
}

function contextV2(req: HttpRequest, p: { accountId: string }, apiIdValue: string, domainName: string, routeKey: string, stage: string, rawPath: string): APIGatewayEventRequestContextV2 {
  return {
    accountId: p.accountId,
    apiId: apiIdValue,
    domainName,
    domainPrefix: domainName.split('.')[0],
    http: { method: req.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: req.sourceIp, userAgent: req.userAgent },
    requestId: req.requestId,
    routeKey,
    stage,
    time: clfTime(req.date),
    timeEpoch: req.date.getTime(),
  };
}

export const apiGatewayV2 = defineEvent({
  name: 'aws:apigateway-v2',
  provider: 'aws',
  description: 'API Gateway HTTP API request (payload format 2.0)',
  parameters: [
    ...httpParams,
    param.string('route', 'route path; the route key becomes "METHOD route" when the path fits it, else $default', '/items/{id}'),
    param.string('stage', 'stage ($default serves at the root; a named stage prefixes rawPath)', '$default'),
    apiId,
    ...awsAccount,
  ],
  generate: (p): APIGatewayProxyEventV2 => {
    const domainName = `${p.apiId}.execute-api.${p.region}.amazonaws.com`;
    const req = httpRequest(p, domainName);
    const matched = matchRoute(p.route, req.path);
    const routeKey = matched ? `${req.method} ${p.route}` : '$default';
    const rawPath = p.stage === '$default' ? req.path : `/${p.stage}${req.path}`;
    const context = contextV2(req, p, p.apiId, domainName, routeKey, p.stage, rawPath);
    return payloadV2(req, routeKey, rawPath, context, matched && !isEmpty(matched) ? matched : undefined);
  },
});

export const functionUrl = defineEvent({
  name: 'aws:function-url',
  provider: 'aws',
  description: 'Lambda Function URL request (payload format 2.0, auth type NONE)',
  parameters: [...httpParams, param.string('urlId', 'the url id (first label of the *.lambda-url.<region>.on.aws host)', 'abcdefghijklmnopqrstuvwxyz012345'), ...awsAccount],
  generate: (p): APIGatewayProxyEventV2 => {
    const domainName = `${p.urlId}.lambda-url.${p.region}.on.aws`;
    const req = httpRequest(p, domainName, { 'X-Amzn-Tls-Version': 'TLSv1.3', 'X-Amzn-Tls-Cipher-Suite': 'TLS_AES_128_GCM_SHA256' });
    const context = contextV2(req, p, p.urlId, domainName, '$default', '$default', req.path);
    return payloadV2(req, '$default', req.path, context);
  },
});

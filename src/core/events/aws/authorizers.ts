/** Lambda authorizer inputs: REST API TOKEN and REQUEST authorizers, and the HTTP API (2.0) one. */
import type { APIGatewayRequestAuthorizerEvent, APIGatewayRequestAuthorizerEventV2, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { clfTime } from '../ids';
import { defineEvent, param } from '../types';
import { restApiParts, restRequestContext } from './apiGateway';
import { arn, awsAccount } from './common';
import { httpParams, httpRequest, isEmpty, joinedLowercase, rawQueryString } from './httpRequest';
import { matchRoute } from './route';

const apiId = param.string('apiId', 'API id', 'a1b2c3d4e5');
const stage = param.string('stage', 'deployment stage', 'prod');

/** `arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/items/42`: what the policy must allow. */
function methodArn(p: { region: string; accountId: string; apiId: string; stage: string }, method: string, path: string): string {
  return arn('execute-api', p.region, p.accountId, `${p.apiId}/${p.stage}/${method.toUpperCase()}${path.startsWith('/') ? path : `/${path}`}`);
}

export const tokenAuthorizer = defineEvent({
  name: 'aws:apigateway-authorizer-token',
  provider: 'aws',
  description: 'API Gateway REST API Lambda authorizer, TOKEN type (the caller\'s bearer token)',
  parameters: [
    param.string('token', 'the Authorization header value', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJl'),
    param.string('method', 'HTTP method of the request being authorised', 'GET'),
    param.string('path', 'path of the request being authorised', '/items/42'),
    apiId,
    stage,
    ...awsAccount,
  ],
  generate: (p): APIGatewayTokenAuthorizerEvent => ({
    type: 'TOKEN',
    methodArn: methodArn(p, p.method, p.path),
    authorizationToken: p.token,
  }),
});

export const requestAuthorizer = defineEvent({
  name: 'aws:apigateway-authorizer-request',
  provider: 'aws',
  description: 'API Gateway REST API Lambda authorizer, REQUEST type (headers, query and context of the request)',
  parameters: [
    ...httpParams,
    param.string('resource', 'resource template', '/items/{id}'),
    param.string('authorization', 'the Authorization header sent (empty for none)', 'Bearer example-token'),
    apiId,
    stage,
    ...awsAccount,
  ],
  generate: (p): APIGatewayRequestAuthorizerEvent => {
    const req = httpRequest(p, `${p.apiId}.execute-api.${p.region}.amazonaws.com`, p.authorization ? { Authorization: p.authorization } : {});
    const parts = restApiParts(req, p.resource);
    return {
      type: 'REQUEST',
      methodArn: methodArn(p, req.method, req.path),
      ...parts,
      requestContext: { ...restRequestContext(req, p, parts.resource), authorizer: undefined },
    };
  },
});

export const httpApiAuthorizer = defineEvent({
  name: 'aws:apigateway-v2-authorizer',
  provider: 'aws',
  description: 'API Gateway HTTP API Lambda authorizer (payload format 2.0)',
  parameters: [
    ...httpParams,
    param.string('route', 'route path', '/items/{id}'),
    param.string('authorization', 'the Authorization header (the identity source)', 'Bearer example-token'),
    param.string('apiId', 'API id', 'a1b2c3d4e5'),
    param.string('stage', 'stage', '$default'),
    ...awsAccount,
  ],
  generate: (p): APIGatewayRequestAuthorizerEventV2 => {
    const domainName = `${p.apiId}.execute-api.${p.region}.amazonaws.com`;
    const req = httpRequest(p, domainName, p.authorization ? { Authorization: p.authorization } : {});
    const matched = matchRoute(p.route, req.path);
    const routeKey = matched ? `${req.method} ${p.route}` : '$default';
    const headers = joinedLowercase(req.headers);
    const cookies = headers.cookie ? headers.cookie.split(/;\s*/) : [];
    delete headers.cookie;
    return {
      version: '2.0',
      type: 'REQUEST',
      routeArn: methodArn(p, req.method, req.path),
      identitySource: p.authorization ? [p.authorization] : [],
      routeKey,
      rawPath: req.path,
      rawQueryString: rawQueryString(req.query),
      cookies,
      headers,
      ...(isEmpty(req.query) ? {} : { queryStringParameters: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, v.join(',')])) }),
      requestContext: {
        accountId: p.accountId,
        apiId: p.apiId,
        domainName,
        domainPrefix: p.apiId,
        http: { method: req.method, path: req.path, protocol: 'HTTP/1.1', sourceIp: req.sourceIp, userAgent: req.userAgent },
        requestId: req.requestId,
        routeKey,
        stage: p.stage,
        time: clfTime(req.date),
        timeEpoch: req.date.getTime(),
      },
      ...(matched && !isEmpty(matched) ? { pathParameters: matched } : {}),
    };
  },
});

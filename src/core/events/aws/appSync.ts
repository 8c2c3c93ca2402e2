/** AppSync direct Lambda resolver. */
import type { AppSyncIdentityCognito, AppSyncResolverEvent } from 'aws-lambda';
import { freshUuid, uuid } from '../ids';
import { defineEvent, param } from '../types';
import { asObject, asStringArray, oneOf } from '../values';

/** `["id", "author/name"]` → the GraphQL selection set AppSync passes alongside the list. */
function selectionSetGraphQL(fields: string[]): string {
  const tree: Record<string, unknown> = {};
  for (const field of fields) {
    let node = tree;
    for (const part of field.split('/')) node = (node[part] ??= {}) as Record<string, unknown>;
  }
  const render = (node: Record<string, unknown>, depth: number): string =>
    Object.entries(node)
      .map(([name, child]) => {
        const pad = '  '.repeat(depth);
        const children = child as Record<string, unknown>;
        return Object.keys(children).length ? `${pad}${name} {\n${render(children, depth + 1)}\n${pad}}` : `${pad}${name}`;
      })
      .join('\n');
  return `{\n${render(tree, 1)}\n}`;
}

export const appSyncResolver = defineEvent({
  name: 'aws:appsync-resolver',
  provider: 'aws',
  description: 'AppSync direct Lambda resolver invocation',
  parameters: [
    param.string('fieldName', 'the field being resolved', 'getPost'),
    param.string('parentTypeName', 'its parent type (Query, Mutation or an object type)', 'Query'),
    param.json('arguments', 'the field arguments', { id: 'post-1' }),
    param.json('selectionSetList', 'fields selected (nested fields as parent/child)', ['id', 'title', 'author', 'author/name']),
    param.json('source', 'the parent object (null for root fields)', null),
    param.string('auth', 'API_KEY (no identity) or AMAZON_COGNITO_USER_POOLS', 'API_KEY'),
    param.string('username', 'Cognito user name, for AMAZON_COGNITO_USER_POOLS', 'jane.doe'),
    param.string('requestId', 'request id (x-amzn-requestid)', freshUuid),
    param.string('region', 'AWS region', 'us-east-1'),
  ],
  generate: (p): AppSyncResolverEvent<Record<string, unknown>> => {
    const fields = asStringArray(p.selectionSetList, 'selectionSetList');
    const auth = oneOf(p.auth, ['API_KEY', 'AMAZON_COGNITO_USER_POOLS'], 'auth');
    const sub = uuid();
    const identity: AppSyncIdentityCognito | null =
      auth === 'API_KEY'
        ? null
        : {
            sub,
            issuer: `https://cognito-idp.${p.region}.amazonaws.com/${p.region}_aBcDeFgHi`,
            username: p.username,
            claims: { sub, 'cognito:username': p.username, token_use: 'id', auth_time: Math.floor(Date.now() / 1000) },
            sourceIp: ['203.0.113.10'],
            defaultAuthStrategy: 'ALLOW',
            groups: null,
          };
    return {
      arguments: asObject(p.arguments, 'arguments'),
      identity,
      source: p.source === null ? null : asObject(p.source, 'source'),
      request: {
        headers: {
          accept: 'application/json, text/plain, */*',
          'content-type': 'application/json',
          host: `example1234567890abcdef.appsync-api.${p.region}.amazonaws.com`,
          'user-agent': 'Mozilla/5.0',
          'x-amzn-requestid': p.requestId,
          ...(auth === 'API_KEY' ? { 'x-api-key': 'da2-exampleapikey1234567890' } : {}),
        },
        domainName: null,
      },
      info: {
        selectionSetList: fields,
        selectionSetGraphQL: selectionSetGraphQL(fields),
        parentTypeName: p.parentTypeName,
        fieldName: p.fieldName,
        variables: {},
      },
      prev: null,
      stash: {},
    };
  },
});

// Function URLs of the local cloud through the real AWS CLI: the URL config API, the permissions a
// public URL needs, and the URL itself answering an HTTP request with payload 2.0.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { awsJson, deployZip, requireClients, ROLE, runAws, startServe, type Clients, type Serve } from '../helpers/awsClients';

interface UrlConfig {
  FunctionUrl: string;
  FunctionArn: string;
  AuthType: string;
  InvokeMode?: string;
  Cors?: { AllowOrigins?: string[]; MaxAge?: number };
}

describe('aws lambda: function URLs on the local cloud of swb serve', () => {
  let clients: Clients;
  let serve: Serve;
  const lambda = <T = Record<string, unknown>>(...args: string[]): Promise<T> => awsJson<T>(serve, clients.aws, ['lambda', ...args]);

  before(async () => {
    clients = await requireClients();
    serve = await startServe();
    const zip = deployZip(serve, 'node', 'url');
    await lambda('create-function', '--function-name', 'web', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--role', ROLE, '--zip-file', `fileb://${zip}`);
    await lambda('wait', 'function-active-v2', '--function-name', 'web');
  });
  after(() => serve?.close());

  test('create-function-url-config, add-permission; the URL answers; update, get, delete', async () => {
    const created = await lambda<UrlConfig>('create-function-url-config', '--function-name', 'web', '--auth-type', 'NONE', '--cors', 'AllowOrigins=https://app.example.com,MaxAge=60');
    assert.match(created.FunctionUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(created.AuthType, 'NONE');
    assert.deepEqual(created.Cors?.AllowOrigins, ['https://app.example.com']);
    const permission = await lambda<{ Statement: string }>(
      'add-permission', '--function-name', 'web', '--statement-id', 'FunctionURLAllowPublicAccess', '--action', 'lambda:InvokeFunctionUrl',
      '--principal', '*', '--function-url-auth-type', 'NONE',
    );
    assert.equal(JSON.parse(permission.Statement).Sid, 'FunctionURLAllowPublicAccess');

    const response = await fetch(`${created.FunctionUrl}orders?id=7`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
    const body = (await response.json()) as { code: string; event: { rawPath: string; queryStringParameters: Record<string, string>; requestContext: { routeKey: string } } };
    assert.equal(body.code, 'url');
    assert.equal(body.event.rawPath, '/orders');
    assert.deepEqual(body.event.queryStringParameters, { id: '7' });
    assert.equal(body.event.requestContext.routeKey, '$default');

    // (Debian's AWS CLI 2.9 predates --invoke-mode: the CORS is what changes here.)
    const updated = await lambda<UrlConfig>('update-function-url-config', '--function-name', 'web', '--cors', 'AllowOrigins=*,MaxAge=300');
    assert.deepEqual(updated.Cors?.AllowOrigins, ['*']);
    assert.equal(updated.FunctionUrl, created.FunctionUrl, 'the URL stays');
    assert.equal((await lambda<UrlConfig>('get-function-url-config', '--function-name', 'web')).Cors?.MaxAge, 300);
    const anyOrigin = await fetch(created.FunctionUrl, { headers: { origin: 'https://elsewhere.example' } });
    assert.equal(anyOrigin.headers.get('access-control-allow-origin'), '*', 'the update took effect at once');
    await anyOrigin.arrayBuffer();
    const policy = await lambda<{ Policy: string }>('get-policy', '--function-name', 'web');
    assert.deepEqual((JSON.parse(policy.Policy) as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid), ['FunctionURLAllowPublicAccess']);

    const deleted = await runAws(serve, clients.aws, ['lambda', 'delete-function-url-config', '--function-name', 'web']);
    assert.equal(deleted.code, 0, deleted.stderr);
    const gone = await runAws(serve, clients.aws, ['lambda', 'get-function-url-config', '--function-name', 'web']);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /ResourceNotFoundException/);
    await assert.rejects(fetch(created.FunctionUrl), 'the URL is no longer served');
  });
});

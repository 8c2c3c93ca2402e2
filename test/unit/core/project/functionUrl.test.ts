import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifest } from '../../../../src/core/project/manifest';
import { parseSamTemplate } from '../../../../src/core/project/sam';
import { parseServerlessYml } from '../../../../src/core/project/serverlessYml';

// A function's URL as SAM, the Serverless Framework and the manifest declare it.

const sam = (urlConfig: string, globals = ''): string =>
  `Transform: AWS::Serverless-2016-10-31\n${globals}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: nodejs20.x\n${urlConfig}`;

test('SAM FunctionUrlConfig: AuthType, InvokeMode, Cors, from Globals too', () => {
  const own = parseSamTemplate(
    sam(
      '      FunctionUrlConfig:\n        AuthType: NONE\n        InvokeMode: RESPONSE_STREAM\n        Cors:\n          AllowOrigins: ["https://app.example.com"]\n          AllowMethods: [GET, POST]\n          AllowHeaders: [content-type]\n          ExposeHeaders: [x-total]\n          AllowCredentials: true\n          MaxAge: 300\n',
    ),
    '/p/template.yaml',
  );
  assert.deepEqual(own.functions[0]!.url, {
    authType: 'NONE',
    invokeMode: 'RESPONSE_STREAM',
    cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['content-type'], exposeHeaders: ['x-total'], allowCredentials: true, maxAge: 300 },
  });
  const fromGlobals = parseSamTemplate(sam('', 'Globals:\n  Function:\n    FunctionUrlConfig:\n      AuthType: AWS_IAM\n'), '/p/template.yaml');
  assert.deepEqual(fromGlobals.functions[0]!.url, { authType: 'AWS_IAM', invokeMode: 'BUFFERED' });
  assert.equal(parseSamTemplate(sam(''), '/p/template.yaml').functions[0]!.url, undefined);
});

test('a bad FunctionUrlConfig is a warning at its line; the function still loads without a URL', () => {
  const text = sam('      FunctionUrlConfig:\n        InvokeMode: STREAMING\n        AuthType: NONE\n');
  const result = parseSamTemplate(text, '/p/template.yaml');
  assert.equal(result.functions.length, 1);
  assert.equal(result.functions[0]!.url, undefined);
  const warning = result.diagnostics.find((d) => /FunctionUrlConfig/.test(d.message))!;
  assert.equal(warning.severity, 'warning');
  assert.match(warning.message, /Fn: FunctionUrlConfig\.InvokeMode must be BUFFERED or RESPONSE_STREAM, found "STREAMING"/);
  assert.equal(warning.line, text.split('\n').indexOf('      FunctionUrlConfig:') + 1);
  assert.match(parseSamTemplate(sam('      FunctionUrlConfig:\n        InvokeMode: BUFFERED\n'), '/p/t.yaml').diagnostics[0]!.message, /needs AuthType/);
});

const service = (fn: string): string => `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  hello:\n    handler: h.main\n${fn}`;

test('serverless.yml url: true, authorizer, invokeMode, cors: true and a cors mapping', () => {
  const parse = (fn: string) => parseServerlessYml(service(fn), '/s/serverless.yml', { env: {} });
  assert.deepEqual(parse('    url: true\n').functions[0]!.url, { authType: 'NONE', invokeMode: 'BUFFERED' });
  assert.equal(parse('    url: false\n').functions[0]!.url, undefined);
  assert.deepEqual(parse('    url:\n      authorizer: aws_iam\n      invokeMode: RESPONSE_STREAM\n').functions[0]!.url, { authType: 'AWS_IAM', invokeMode: 'RESPONSE_STREAM' });
  assert.deepEqual(parse('    url:\n      cors: true\n').functions[0]!.url!.cors, {
    allowOrigins: ['*'],
    allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token'],
    allowMethods: ['*'],
  });
  assert.deepEqual(
    parse('    url:\n      cors:\n        allowedOrigins: [https://a.example]\n        allowedMethods: [GET]\n        exposedResponseHeaders: [x-id]\n        maxAge: 60\n').functions[0]!.url!.cors,
    { allowOrigins: ['https://a.example'], allowMethods: ['GET'], exposeHeaders: ['x-id'], maxAge: 60 },
  );
  const bad = parse('    url:\n      authorizer: cognito\n');
  assert.equal(bad.functions[0]!.url, undefined);
  assert.match(bad.diagnostics.find((d) => /url/.test(d.message))!.message, /functions\.hello\.url\.authorizer must be aws_iam, found "cognito"; the function has no URL locally/);
});

const manifest = (url: unknown) => JSON.stringify({ functions: { hello: { runtime: 'nodejs20.x', handler: 'index.handler', url } } });

test('the manifest’s url: true or an object; mistakes are errors naming the key', () => {
  assert.deepEqual(parseManifest(manifest(true), '/m/serverless-workbench.json').functions[0]!.url, { authType: 'NONE', invokeMode: 'BUFFERED' });
  const full = parseManifest(manifest({ invokeMode: 'RESPONSE_STREAM', cors: { allowOrigins: ['*'], maxAge: 10 } }), '/m/serverless-workbench.json');
  assert.deepEqual(full.functions[0]!.url, { authType: 'NONE', invokeMode: 'RESPONSE_STREAM', cors: { allowOrigins: ['*'], maxAge: 10 } });
  const bad = parseManifest(manifest({ invokeMode: 'RESPONSE_STREAM', corss: {} }), '/m/serverless-workbench.json');
  assert.match(bad.diagnostics[0]!.message, /"url" is invalid \(url has an unknown key "corss" \(expected authType, invokeMode, cors\)\)/);
  assert.equal(bad.diagnostics[0]!.severity, 'error');
});

test('an AWS::Lambda::Url resource gives the function it targets a URL (GetAtt or Ref); another target is a warning', () => {
  const text = [
    'Resources:',
    '  Fn:',
    '    Type: AWS::Lambda::Function',
    '    Properties: { Handler: app.handler, Runtime: nodejs20.x, Code: src, Role: arn:aws:iam::123456789012:role/r }',
    '  Other:',
    '    Type: AWS::Lambda::Function',
    '    Properties: { Handler: app.other, Runtime: nodejs20.x, Code: src, Role: arn:aws:iam::123456789012:role/r }',
    '  FnUrl:',
    '    Type: AWS::Lambda::Url',
    '    Properties:',
    '      TargetFunctionArn: !GetAtt Fn.Arn',
    '      AuthType: AWS_IAM',
    '      InvokeMode: RESPONSE_STREAM',
    '  OtherUrl:',
    '    Type: AWS::Lambda::Url',
    '    Properties: { TargetFunctionArn: !Ref Other, AuthType: NONE, Cors: { AllowOrigins: ["*"] } }',
    '  Stray:',
    '    Type: AWS::Lambda::Url',
    '    Properties: { TargetFunctionArn: arn:aws:lambda:us-east-1:123456789012:function:elsewhere, AuthType: NONE }',
    '',
  ].join('\n');
  const result = parseSamTemplate(text, '/p/template.yaml');
  const byName = Object.fromEntries(result.functions.map((f) => [f.name, f.url]));
  assert.deepEqual(byName.Fn, { authType: 'AWS_IAM', invokeMode: 'RESPONSE_STREAM' });
  assert.deepEqual(byName.Other, { authType: 'NONE', invokeMode: 'BUFFERED', cors: { allowOrigins: ['*'] } });
  const stray = result.diagnostics.find((d) => /Stray/.test(d.message))!;
  assert.equal(stray.severity, 'warning');
  assert.match(stray.message, /TargetFunctionArn does not name a function of this template/);
});

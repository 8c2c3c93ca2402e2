import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { UserError } from '../../../../src/core/errors';
import { discoverFunctions } from '../../../../src/core/project/discover';
import { cloudFormationTags } from '../../../../src/core/project/cloudFormationTags';
import { scaffoldFunction } from '../../../../src/core/scaffold';
import type { ScaffoldResult, ScaffoldRuntimeId, ScaffoldTriggerId } from '../../../../src/core/scaffold';
import { createTestEmulator } from '../../../helpers/emulator';
import { checkSampleResult, invokeWithSampleEvents, tempWorkspace } from './scaffoldHarness';

const fixture = path.resolve(__dirname, '../../../fixtures/scaffold/sam-app');
const root = tempWorkspace(after);
cpSync(fixture, root, { recursive: true });
const templateFile = path.join(root, 'template.yaml');
const original = readFileSync(templateFile, 'utf8');
const { emulator } = createTestEmulator(after);

/** One function per trigger, across the languages. */
const plan: { name: string; runtime: ScaffoldRuntimeId; trigger: ScaffoldTriggerId }[] = [
  { name: 'Api', runtime: 'nodejs20.x-ts', trigger: 'http' },
  { name: 'Uploads', runtime: 'nodejs20.x', trigger: 's3' },
  { name: 'Orders', runtime: 'python3.12', trigger: 'sqs' },
  { name: 'Nightly', runtime: 'python3.11', trigger: 'schedule' },
  { name: 'Changes', runtime: 'nodejs20.x-ts', trigger: 'dynamodb' },
];
const results = new Map<string, ScaffoldResult>();

before(async () => {
  for (const step of plan) results.set(step.name, await scaffoldFunction({ root, provider: 'aws', ...step }));
});

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

test('functions are declared in template.yaml, not in a manifest', () => {
  for (const result of results.values()) {
    assert.equal(result.manifestKind, 'sam');
    assert.equal(result.manifestFile, templateFile);
    assert.equal(result.files.at(-1), templateFile);
  }
  assert.equal(existsSync(path.join(root, 'serverless-workbench.json')), false);
});

test('the template keeps every byte it had: comments, short-form tags, quoting, layout', () => {
  const updated = readFileSync(templateFile, 'utf8');
  // The new resources are one inserted block; everything before and after it is the original text.
  const prefix = commonPrefixLength(original, updated);
  const inserted = updated.slice(prefix, updated.length - (original.length - prefix));
  assert.equal(updated, original.slice(0, prefix) + inserted + original.slice(prefix));
  // After the last resource, before Outputs, separated by blank lines like the resources already there.
  assert.ok(updated.includes('            Events: s3:ObjectCreated:*\n\n  Api:\n    Type: AWS::Serverless::Function\n'));
  assert.ok(updated.includes('        StreamViewType: NEW_AND_OLD_IMAGES\n\nOutputs:\n'));
  for (const kept of ['# Shared by every function.', '# makes thumbnails', "!Sub 'photos-${Stage}'", '# The bucket users upload to.', '    Value: !GetAtt Table.Arn']) {
    assert.ok(updated.includes(kept), kept);
  }
  // The new resources use short-form tags too, and the template's own list indentation.
  assert.match(inserted, /^ {12}Bucket: !Ref UploadsBucket$/m);
  assert.match(inserted, /^ {12}Queue: !GetAtt OrdersQueue\.Arn$/m);
  assert.match(inserted, /^ {12}Stream: !GetAtt ChangesTable\.StreamArn$/m);
  assert.match(inserted, /^ {12}FunctionResponseTypes:\n {14}- ReportBatchItemFailures$/m);
});

test('the new resources are what SAM expects', () => {
  const template = parse(readFileSync(templateFile, 'utf8'), { customTags: cloudFormationTags }) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: unknown }> };
  const resources = template.Resources;
  assert.deepEqual(Object.keys(resources), ['PhotosBucket', 'Table', 'WorkerQueue', 'Thumbnails', 'Api', 'Uploads', 'UploadsBucket', 'Orders', 'OrdersQueue', 'Nightly', 'Changes', 'ChangesTable']);
  assert.deepEqual(resources.Api.Properties, {
    CodeUri: 'functions/Api/',
    Handler: 'index.handler',
    Runtime: 'nodejs20.x',
    Description: 'HTTP API: GET /Api',
    Events: { HttpGet: { Type: 'HttpApi', Properties: { Path: '/Api', Method: 'GET' } } },
  });
  assert.deepEqual(resources.Api.Metadata, { BuildMethod: 'esbuild', BuildProperties: { EntryPoints: ['index.ts'] } });
  assert.deepEqual(resources.Orders.Properties?.Events, {
    Messages: { Type: 'SQS', Properties: { Queue: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] }, BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] } },
  });
  assert.equal(resources.OrdersQueue.Type, 'AWS::SQS::Queue');
  assert.equal(resources.UploadsBucket.Type, 'AWS::S3::Bucket');
  assert.deepEqual(resources.ChangesTable.Properties?.StreamSpecification, { StreamViewType: 'NEW_AND_OLD_IMAGES' });
  assert.equal(resources.Nightly.Properties?.Runtime, 'python3.11');
});

test('discovery reads the new functions back with their events', async () => {
  const discovered = await discoverFunctions(root);
  const byName = new Map(discovered.functions.map((spec) => [spec.name, spec]));
  assert.ok(byName.has('Thumbnails'), 'the existing function still loads');
  assert.deepEqual(byName.get('Api')?.events, [{ type: 'httpApi', method: 'GET', path: '/Api' }]);
  assert.equal(byName.get('Api')?.codeDir, path.join(root, 'functions', 'Api'));
  assert.equal(byName.get('Orders')?.handler, 'app.lambda_handler');
  assert.deepEqual(byName.get('Nightly')?.events, [{ type: 'schedule', schedule: 'rate(5 minutes)' }]);
  assert.equal(byName.get('Changes')?.events[0]?.type, 'dynamodb');
  assert.equal(byName.get('Uploads')?.environment.TABLE_NAME !== undefined, true, 'Globals apply to new functions');
});

test('every function scaffolded into the SAM template invokes successfully with its sample event', async () => {
  const invocations = await invokeWithSampleEvents(emulator, root, [...results.values()].map((r) => ({ name: r.functionName, eventFile: r.eventFile })));
  for (const step of plan) {
    const result = results.get(step.name)!;
    checkSampleResult(step.trigger, step.name, invocations.get(step.name)!, result.eventFile);
  }
});

test('SAM names are logical IDs: letters and digits only, not any existing resource', async () => {
  const before = readFileSync(templateFile, 'utf8');
  const attempt = (name: string, trigger: ScaffoldTriggerId = 'http') => scaffoldFunction({ root, name, provider: 'aws', runtime: 'nodejs20.x', trigger });
  await assert.rejects(attempt('my-function'), { name: 'UserError', message: /"my-function" must be letters and digits only: in template.yaml it is the resource's logical ID/ });
  await assert.rejects(attempt('PhotosBucket'), { message: /"PhotosBucket" is already declared in this workspace/ });
  await assert.rejects(attempt('Thumbnails'), { message: /"Thumbnails" is already declared/ });
  // The SQS trigger adds WorkerQueue, which the template already has.
  await assert.rejects(attempt('Worker', 'sqs'), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /the SQS trigger adds the resource WorkerQueue, but "WorkerQueue" is already declared in template\.yaml/);
    return true;
  });
  assert.equal(existsSync(path.join(root, 'functions', 'Worker')), false, 'nothing written');
  assert.equal(readFileSync(templateFile, 'utf8'), before);
});

test('a template with an empty Resources mapping gets a block-style one, comments kept', async () => {
  const dir = tempWorkspace(after);
  writeFileSync(path.join(dir, 'template.yaml'), "# New app\nTransform: AWS::Serverless-2016-10-31\nResources: {} # filled in by New Function\n\nOutputs:\n  Name:\n    Value: !Ref AWS::StackName\n");
  await scaffoldFunction({ root: dir, name: 'Hello', provider: 'aws', runtime: 'nodejs20.x', trigger: 'schedule' });
  const text = readFileSync(path.join(dir, 'template.yaml'), 'utf8');
  assert.match(text, /^# New app\n/);
  assert.match(text, /^Resources:\n {2}Hello:\n {4}Type: AWS::Serverless::Function\n/m);
  assert.match(text, /# filled in by New Function/);
  assert.match(text, /^ {4}Value: !Ref AWS::StackName$/m);
  const discovered = await discoverFunctions(dir);
  assert.deepEqual(discovered.functions.map((f) => f.name), ['Hello']);
});

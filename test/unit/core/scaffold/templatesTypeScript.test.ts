import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { createTestEmulator } from '../../../helpers/emulator';
import { assertNodeTestsPassed, inPool, runCommand, templateInvocationTests, tempWorkspace, testScript } from './scaffoldHarness';

// node_modules links to this repository's, so the generated `node --import tsx` finds tsx as after `npm install`.
const root = tempWorkspace(after, { linkNodeModules: true });
const { emulator } = createTestEmulator(after);
const scaffolded = templateInvocationTests('nodejs20.x-ts', root, emulator);

const eventTypes = {
  http: 'APIGatewayProxyEventV2',
  s3: 'S3Event',
  sqs: 'SQSEvent',
  schedule: 'ScheduledEvent',
  dynamodb: 'DynamoDBStreamEvent',
};

test('TypeScript handlers are typed with the event type from @types/aws-lambda', () => {
  for (const [trigger, result] of scaffolded) {
    const code = readFileSync(result.handlerFile, 'utf8');
    assert.equal(path.basename(result.handlerFile), 'index.ts');
    assert.match(code, /^import type \{[^}]*\} from 'aws-lambda';$/m, trigger);
    assert.match(code, new RegExp(`export const handler = async \\(event: ${eventTypes[trigger]}\\)`), trigger);
  }
  assert.match(readFileSync(scaffolded.get('sqs')!.handlerFile, 'utf8'), /Promise<SQSBatchResponse>/);
});

test('the generated TypeScript unit tests pass (npm test script, through tsx)', async () => {
  const codeDirs = [...scaffolded.values()].map((result) => path.dirname(result.handlerFile));
  const runs = await inPool(2, codeDirs.map((dir) => () => runCommand(testScript(dir), dir)));
  runs.forEach((run, i) => assertNodeTestsPassed(run, codeDirs[i]));
  assert.match(testScript(codeDirs[0]), /^node --import tsx --test index\.test\.ts$/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyIntrinsicContext, evaluate, evaluateWithPlaceholders, pseudoParametersFor } from '../../../../src/core/project/cfnIntrinsics';
import type { IntrinsicContext } from '../../../../src/core/project/cfnIntrinsics';
import { attributePlaceholder, placeholderId, refPlaceholder } from '../../../../src/core/project/cfnPlaceholders';
import type { StackPlace } from '../../../../src/core/project/cfnPlaceholders';

const place: StackPlace = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333', stackName: 'shop', urlSuffix: 'amazonaws.com' };

function context(resources: Record<string, { type: string; properties?: Record<string, unknown> }>): IntrinsicContext {
  const declarations = new Map(Object.entries(resources).map(([id, r]) => [id, { type: r.type, properties: r.properties ?? {} }]));
  return {
    ...emptyIntrinsicContext(),
    parameters: new Map([['Stage', 'dev']]),
    declaredParameters: new Set(['Stage']),
    pseudoParameters: pseudoParametersFor('eu-west-1', { accountId: '111122223333', stackName: 'shop' }),
    resources: new Set(declarations.keys()),
    resourceDeclarations: declarations,
  };
}

test('Ref gives what each service returns: a name, a queue URL, a topic ARN, an API id', () => {
  assert.deepEqual(refPlaceholder({ id: 'Orders', type: 'AWS::DynamoDB::Table' }, place), { value: 'shop-Orders', guessed: true });
  assert.deepEqual(refPlaceholder({ id: 'Orders', type: 'AWS::DynamoDB::Table', declaredName: 'orders' }, place), { value: 'orders', guessed: false });
  assert.deepEqual(refPlaceholder({ id: 'Jobs', type: 'AWS::SQS::Queue', declaredName: 'jobs' }, place), {
    value: 'https://sqs.eu-west-1.amazonaws.com/111122223333/jobs',
    guessed: false,
  });
  assert.equal(refPlaceholder({ id: 'Alerts', type: 'AWS::SNS::Topic' }, place).value, 'arn:aws:sns:eu-west-1:111122223333:shop-Alerts');
  assert.equal(refPlaceholder({ id: 'Uploads', type: 'AWS::S3::Bucket' }, place).value, 'shop-uploads', 'generated bucket names are lower case');
  assert.equal(refPlaceholder({ id: 'Flow', type: 'AWS::Serverless::StateMachine' }, place).value, 'arn:aws:states:eu-west-1:111122223333:stateMachine:shop-Flow');
  const api = refPlaceholder({ id: 'ServerlessRestApi', type: 'AWS::Serverless::Api' }, place);
  assert.match(api.value, /^[a-z0-9]{10}$/);
  assert.equal(api.guessed, true);
  assert.equal(api.value, placeholderId('ServerlessRestApi', 10), 'the same template always gives the same id');
  assert.equal(refPlaceholder({ id: 'Thing', type: 'AWS::Custom::Thing' }, place).value, 'shop-Thing');
});

test('GetAtt shapes ARNs and the common attributes; an attribute it cannot shape is undefined', () => {
  assert.equal(attributePlaceholder({ id: 'Fn', type: 'AWS::Serverless::Function', declaredName: 'api' }, 'Arn', place)?.value, 'arn:aws:lambda:eu-west-1:111122223333:function:api');
  assert.equal(attributePlaceholder({ id: 'T', type: 'AWS::DynamoDB::Table', declaredName: 't' }, 'StreamArn', place)?.value, 'arn:aws:dynamodb:eu-west-1:111122223333:table/t/stream/1970-01-01T00:00:00.000');
  assert.equal(attributePlaceholder({ id: 'Q', type: 'AWS::SQS::Queue' }, 'QueueName', place)?.value, 'shop-Q');
  assert.equal(attributePlaceholder({ id: 'R', type: 'AWS::IAM::Role' }, 'Arn', place)?.value, 'arn:aws:iam::111122223333:role/shop-R');
  assert.equal(attributePlaceholder({ id: 'B', type: 'AWS::S3::Bucket', declaredName: 'b' }, 'Arn', place)?.value, 'arn:aws:s3:::b');
  assert.equal(attributePlaceholder({ id: 'W', type: 'AWS::Some::Widget' }, 'Arn', place)?.value, 'arn:aws:some:eu-west-1:111122223333:shop-W');
  assert.equal(attributePlaceholder({ id: 'Child', type: 'AWS::Serverless::Application' }, 'Outputs.Url', place), undefined);
});

test('evaluate stays strict; evaluateWithPlaceholders resolves and says which values are guesses', () => {
  const ctx = context({
    Table: { type: 'AWS::DynamoDB::Table', properties: { TableName: { 'Fn::Sub': 'orders-${Stage}' } } },
    Queue: { type: 'AWS::SQS::Queue' },
  });
  const tableArn = { 'Fn::GetAtt': ['Table', 'Arn'] };
  assert.deepEqual(evaluate(tableArn, ctx), { ok: false, reason: '!GetAtt Table.Arn is an attribute of a deployed resource' });
  assert.deepEqual(evaluateWithPlaceholders(tableArn, ctx), { ok: true, value: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders-dev', guesses: [] });

  const sub = evaluateWithPlaceholders({ 'Fn::Sub': '${Queue.Arn}|${Queue}|${Table}' }, ctx);
  assert.equal(sub.ok && sub.value, 'arn:aws:sqs:eu-west-1:111122223333:shop-Queue|https://sqs.eu-west-1.amazonaws.com/111122223333/shop-Queue|orders-dev');
  assert.deepEqual(sub.guesses, ['!GetAtt Queue.Arn is an attribute of a deployed resource', '!Ref Queue names a resource, known only when deployed']);

  const missing = evaluateWithPlaceholders({ 'Fn::GetAtt': 'Nope.Arn' }, ctx);
  assert.equal(missing.ok, false);
  assert.equal(!missing.ok && missing.reason, '!GetAtt Nope.Arn is an attribute of a deployed resource, and Nope is not a resource of the template');
  const imported = evaluateWithPlaceholders({ 'Fn::ImportValue': 'shared-bus' }, ctx);
  assert.equal(!imported.ok && imported.reason, '!ImportValue shared-bus is an export of another deployed stack');
});

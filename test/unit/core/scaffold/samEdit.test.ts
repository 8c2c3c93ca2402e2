import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSamTemplate } from '../../../../src/core/project/sam';
import { addSamResources, parseTemplate } from '../../../../src/core/scaffold/samEdit';
import type { TemplateResource } from '../../../../src/core/scaffold/samEdit';

const queue: TemplateResource = { Type: 'AWS::SQS::Queue', Properties: { Tags: [{ Key: 'app', Value: { tag: '!Ref', value: 'AWS::StackName' } }] } };

function withQueue(text: string): string {
  const updated = addSamResources(text, 'template.yaml', { NewQueue: queue });
  assert.ok(parseTemplate(updated, 'template.yaml')?.resourceIds.has('NewQueue'), updated);
  return updated;
}

test('follows the template: 4-space indentation, sequences at the key column, no blank lines between resources', () => {
  const text = 'Resources:\n    First:\n        Type: AWS::SQS::Queue\n        Properties:\n            Tags:\n            - Key: a\n              Value: b\n    Second:\n        Type: AWS::SQS::Queue\n';
  assert.equal(
    withQueue(text),
    `${text}    NewQueue:\n        Type: AWS::SQS::Queue\n        Properties:\n            Tags:\n            - Key: app\n              Value: !Ref AWS::StackName\n`,
  );
});

test('keeps Windows line endings', () => {
  const text = 'Resources:\r\n  First:\r\n    Type: AWS::SQS::Queue\r\n\r\nOutputs:\r\n  A:\r\n    Value: !Ref First\r\n';
  const updated = withQueue(text);
  assert.doesNotMatch(updated, /[^\r]\n/);
  assert.ok(updated.endsWith('\r\n  NewQueue:\r\n    Type: AWS::SQS::Queue\r\n    Properties:\r\n      Tags:\r\n        - Key: app\r\n          Value: !Ref AWS::StackName\r\n\r\nOutputs:\r\n  A:\r\n    Value: !Ref First\r\n'));
});

test('a last resource without a final newline still gets a line of its own', () => {
  const updated = withQueue('Resources:\n  First:\n    Type: AWS::SQS::Queue');
  assert.match(updated, /^ {4}Type: AWS::SQS::Queue\n {2}NewQueue:\n/m);
  assert.deepEqual(parseTemplate(updated, 'template.yaml')?.resourceIds, new Set(['First', 'NewQueue']));
});

test('a flow-style Resources mapping is rewritten in block style through the Document API, tags kept', () => {
  const updated = withQueue('Transform: AWS::Serverless-2016-10-31 # SAM\nResources: { First: { Type: "AWS::SNS::Topic", Properties: { TopicName: !Sub "${AWS::StackName}-t" } } }\n');
  assert.match(updated, /^Transform: AWS::Serverless-2016-10-31 # SAM$/m);
  assert.match(updated, /TopicName: !Sub "\$\{AWS::StackName\}-t"/);
  assert.match(updated, /^ {2}NewQueue:\n {4}Type: AWS::SQS::Queue$/m);
});

test('a YAML error is refused with its line; a YAML file that is no template is not one', () => {
  assert.throws(() => addSamResources('Resources:\n  A: [\n', 'template.yaml', { NewQueue: queue }), { name: 'UserError', message: /^cannot add the function to template\.yaml: YAML error at line \d+/ });
  assert.equal(parseTemplate('name: my-chart\nversion: 1\n', 'template.yaml'), undefined);
  assert.equal(parseSamTemplate(withQueue('Resources:\n  A:\n    Type: AWS::SNS::Topic\n'), '/t/template.yaml').diagnostics.length, 0);
});

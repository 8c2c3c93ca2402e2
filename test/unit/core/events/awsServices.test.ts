import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  AppSyncResolverEvent,
  CloudFormationCustomResourceEvent,
  CloudFrontRequestEvent,
  CloudFrontResponseEvent,
  CodePipelineEvent,
  LexV2Event,
  PostConfirmationTriggerEvent,
  PreSignUpTriggerEvent,
  PreTokenGenerationTriggerEvent,
  SecretsManagerRotationEvent,
} from 'aws-lambda';
import { generateEvent } from '../../../../src/core/events';
import type { ConfigRuleEvent } from '../../../../src/core/events/aws/config';
import type { StepFunctionsCallbackInput } from '../../../../src/core/events/aws/stepFunctions';

const gen = <T>(name: string, params: Record<string, string> = {}): T => generateEvent(name, params) as T;

test('aws:cognito-pre-signup has the user attributes and a response to fill in', () => {
  const event = gen<PreSignUpTriggerEvent>('aws:cognito-pre-signup', { email: 'z@example.com', userName: 'zed', userAttributes: '{"given_name":"Zed"}' });
  assert.equal(event.triggerSource, 'PreSignUp_SignUp');
  assert.equal(event.userName, 'zed');
  assert.equal(event.version, '1');
  assert.deepEqual(event.request.userAttributes, { email: 'z@example.com', given_name: 'Zed' });
  assert.deepEqual(event.response, { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
  assert.throws(() => generateEvent('aws:cognito-pre-signup', { triggerSource: 'SignUp' }), /must be one of PreSignUp_SignUp/);
});

test('aws:cognito-post-confirmation has a confirmed user with a sub', () => {
  const event = gen<PostConfirmationTriggerEvent>('aws:cognito-post-confirmation', { sub: 'sub-1' });
  assert.equal(event.triggerSource, 'PostConfirmation_ConfirmSignUp');
  assert.equal(event.request.userAttributes.sub, 'sub-1');
  assert.equal(event.request.userAttributes['cognito:user_status'], 'CONFIRMED');
  assert.equal(event.callerContext.clientId, '1example23456789abcdefghij');
});

test('aws:cognito-pre-token-generation has groups and claimsOverrideDetails null', () => {
  const event = gen<Omit<PreTokenGenerationTriggerEvent, 'response'> & { response: { claimsOverrideDetails: null } }>('aws:cognito-pre-token-generation', { groups: '["admins","staff"]' });
  assert.equal(event.triggerSource, 'TokenGeneration_Authentication');
  assert.deepEqual(event.request.groupConfiguration.groupsToOverride, ['admins', 'staff']);
  assert.equal(event.response.claimsOverrideDetails, null);
});

test('aws:cloudfront-viewer-request has Lambda@Edge headers and the URI', () => {
  const event = gen<CloudFrontRequestEvent>('aws:cloudfront-viewer-request', { uri: '/a.html', querystring: 'x=1', headers: '{"Accept-Language":"de"}' });
  const { config, request } = event.Records[0].cf;
  assert.equal(config.eventType, 'viewer-request');
  assert.equal(config.distributionId, 'EDFDVBD6EXAMPLE');
  assert.equal(request.uri, '/a.html');
  assert.equal(request.querystring, 'x=1');
  assert.deepEqual(request.headers.host, [{ key: 'Host', value: 'd111111abcdef8.cloudfront.net' }]);
  assert.deepEqual(request.headers['accept-language'], [{ key: 'Accept-Language', value: 'de' }]);
});

test('aws:cloudfront-viewer-response has the response status and headers', () => {
  const event = gen<CloudFrontResponseEvent>('aws:cloudfront-viewer-response', { status: '404', statusDescription: 'Not Found', responseHeaders: '{"X-Test":"1"}' });
  const { config, response, request } = event.Records[0].cf;
  assert.equal(config.eventType, 'viewer-response');
  assert.equal(response.status, '404');
  assert.equal(response.statusDescription, 'Not Found');
  assert.equal(response.headers['x-test'][0].value, '1');
  assert.equal(response.headers['content-type'][0].value, 'text/html');
  assert.equal(request.method, 'GET');
});

test('aws:appsync-resolver has arguments, field info and the selection set', () => {
  const event = gen<AppSyncResolverEvent<{ id: string }>>('aws:appsync-resolver', { fieldName: 'getUser', arguments: '{"id":"u1"}', selectionSetList: '["id","profile","profile/name"]' });
  assert.deepEqual(event.arguments, { id: 'u1' });
  assert.equal(event.info.fieldName, 'getUser');
  assert.equal(event.info.parentTypeName, 'Query');
  assert.deepEqual(event.info.selectionSetList, ['id', 'profile', 'profile/name']);
  assert.equal(event.info.selectionSetGraphQL, '{\n  id\n  profile {\n    name\n  }\n}');
  assert.equal(event.identity, null);
  assert.equal(event.source, null);
  const cognito = gen<AppSyncResolverEvent<unknown>>('aws:appsync-resolver', { auth: 'AMAZON_COGNITO_USER_POOLS', username: 'bob' });
  assert.ok(cognito.identity && 'username' in cognito.identity && cognito.identity.username === 'bob');
});

test('aws:stepfunctions-task is the state input, or {input, taskToken} for callbacks', () => {
  assert.deepEqual(gen('aws:stepfunctions-task', { input: '{"a":1}' }), { a: 1 });
  const callback = gen<StepFunctionsCallbackInput>('aws:stepfunctions-task', { input: '{"a":1}', callback: 'true', includeContext: 'true', stateMachine: 'M', state: 'S' });
  assert.deepEqual(callback.input, { a: 1 });
  assert.match(callback.taskToken, /^AQC/);
  assert.equal(callback.context?.Task?.Token, callback.taskToken);
  assert.equal(callback.context?.StateMachine.Id, 'arn:aws:states:us-east-1:123456789012:stateMachine:M');
  assert.equal(callback.context?.State.Name, 'S');
});

test('aws:iot is the device payload plus the columns the rule selects', () => {
  const event = gen<Record<string, unknown>>('aws:iot', { payload: '{"t":20}', topic: 'd/1', clientId: 'c1', time: '2024-05-01T12:00:00Z' });
  assert.deepEqual(event, { t: 20, topic: 'd/1', clientId: 'c1', timestamp: Date.parse('2024-05-01T12:00:00Z') });
  assert.deepEqual(gen('aws:iot', { payload: '{"t":20}', addMetadata: 'false' }), { t: 20 });
});

test('aws:lex-v2 has the intent, slots and a proposed slot to elicit', () => {
  const event = gen<LexV2Event>('aws:lex-v2', { intent: 'BookHotel', slots: '{"City":"Paris","Nights":null}', inputTranscript: 'book paris' });
  assert.equal(event.sessionState.intent.name, 'BookHotel');
  assert.equal(event.invocationSource, 'DialogCodeHook');
  assert.equal(event.inputTranscript, 'book paris');
  const city = event.sessionState.intent.slots.City;
  assert.ok(city && city.shape === 'Scalar');
  assert.equal(city.value.interpretedValue, 'Paris');
  assert.equal(event.sessionState.intent.slots.Nights, null);
  assert.deepEqual(event.proposedNextState.dialogAction, { type: 'ElicitSlot', slotToElicit: 'Nights' });
  assert.equal(event.interpretations[0].intent.name, 'BookHotel');
});

test('aws:secretsmanager-rotation has the step, secret ARN and token', () => {
  const event = gen<SecretsManagerRotationEvent>('aws:secretsmanager-rotation', { step: 'testSecret', secretName: 'db', token: 'tok-1' });
  assert.equal(event.Step, 'testSecret');
  assert.match(event.SecretId, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:db-[0-9a-f]{6}$/);
  assert.equal(event.ClientRequestToken, 'tok-1');
  assert.equal(gen<SecretsManagerRotationEvent>('aws:secretsmanager-rotation', { secretName: 'db' }).SecretId, event.SecretId, 'the ARN suffix is stable per secret');
});

test('aws:codepipeline-job has the job id, user parameters and artifacts', () => {
  const event = gen<CodePipelineEvent>('aws:codepipeline-job', { jobId: 'job-9', userParameters: 'deploy', continuationToken: 'c-1' });
  const job = event['CodePipeline.job'];
  assert.equal(job.id, 'job-9');
  assert.equal(job.accountId, '123456789012');
  assert.equal(job.data.actionConfiguration.configuration.UserParameters, 'deploy');
  assert.equal(job.data.inputArtifacts[0].location.type, 'S3');
  assert.match(job.data.artifactCredentials.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(job.data.continuationToken, 'c-1');
});

test('aws:config-rule carries invokingEvent and ruleParameters as JSON strings', () => {
  const event = gen<ConfigRuleEvent>('aws:config-rule', { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-1', ruleParameters: '{"k":"v"}' });
  const invoking = JSON.parse(event.invokingEvent) as { messageType: string; configurationItem: { resourceType: string; resourceId: string; ARN: string } };
  assert.equal(invoking.messageType, 'ConfigurationItemChangeNotification');
  assert.equal(invoking.configurationItem.resourceType, 'AWS::EC2::SecurityGroup');
  assert.equal(invoking.configurationItem.ARN, 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1');
  assert.deepEqual(JSON.parse(event.ruleParameters), { k: 'v' });
  assert.equal(event.version, '1.0');
  assert.equal(event.eventLeftScope, false);
  const periodic = gen<ConfigRuleEvent>('aws:config-rule', { periodic: 'true' });
  assert.equal((JSON.parse(periodic.invokingEvent) as { messageType: string }).messageType, 'ScheduledNotification');
});

test('aws:cloudformation-custom-resource varies its fields with the request type', () => {
  const create = gen<CloudFormationCustomResourceEvent>('aws:cloudformation-custom-resource', { properties: '{"Size":3}' });
  assert.equal(create.RequestType, 'Create');
  assert.equal('PhysicalResourceId' in create, false);
  assert.deepEqual(create.ResourceProperties, { ServiceToken: create.ServiceToken, Size: 3 });
  assert.match(create.ResponseURL, /^https:\/\/cloudformation-custom-resource-response-useast1\.s3\.amazonaws\.com\//);
  const update = gen<CloudFormationCustomResourceEvent>('aws:cloudformation-custom-resource', { requestType: 'Update' });
  assert.ok(update.RequestType === 'Update' && update.PhysicalResourceId === 'seed-data-orders' && update.OldResourceProperties.Items === 5);
  const remove = gen<CloudFormationCustomResourceEvent>('aws:cloudformation-custom-resource', { requestType: 'Delete' });
  assert.ok(remove.RequestType === 'Delete' && remove.PhysicalResourceId === 'seed-data-orders');
});

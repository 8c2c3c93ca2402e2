/** CloudFormation custom resource request. */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { freshUuid, uuid } from '../ids';
import { defineEvent, param } from '../types';
import { asObject, oneOf } from '../values';
import { arn, awsAccount } from './common';

export const cloudFormationCustomResource = defineEvent({
  name: 'aws:cloudformation-custom-resource',
  provider: 'aws',
  description: 'CloudFormation custom resource request (Create, Update or Delete)',
  parameters: [
    param.string('requestType', 'Create, Update or Delete', 'Create'),
    param.string('stack', 'stack name', 'orders-stack'),
    param.string('logicalResourceId', 'logical id of the custom resource', 'SeedData'),
    param.string('resourceType', 'resource type', 'Custom::SeedData'),
    param.json('properties', 'ResourceProperties (besides ServiceToken)', { TableName: 'Orders', Items: 10 }),
    param.json('oldProperties', 'OldResourceProperties, for Update', { TableName: 'Orders', Items: 5 }),
    param.string('physicalResourceId', 'physical id (Update and Delete)', 'seed-data-orders'),
    param.string('function', 'the custom resource function name', 'seed-data'),
    param.string('requestId', 'request id', freshUuid),
    ...awsAccount,
  ],
  generate: (p): CloudFormationCustomResourceEvent => {
    const requestType = oneOf(p.requestType, ['Create', 'Update', 'Delete'], 'requestType');
    const serviceToken = arn('lambda', p.region, p.accountId, `function:${p.function}`);
    const stackId = arn('cloudformation', p.region, p.accountId, `stack/${p.stack}/${uuid()}`);
    const common = {
      ServiceToken: serviceToken,
      ResponseURL:
        `https://cloudformation-custom-resource-response-${p.region.replace(/-/g, '')}.s3.amazonaws.com/` +
        `${encodeURIComponent(stackId)}%7C${p.logicalResourceId}%7C${p.requestId}` +
        `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240501T120000Z&X-Amz-Expires=7200&X-Amz-SignedHeaders=host&X-Amz-Signature=${'0'.repeat(64)}`,
      StackId: stackId,
      RequestId: p.requestId,
      LogicalResourceId: p.logicalResourceId,
      ResourceType: p.resourceType,
      ResourceProperties: { ServiceToken: serviceToken, ...asObject(p.properties, 'properties') },
    };
    if (requestType === 'Create') return { ...common, RequestType: 'Create' };
    if (requestType === 'Delete') return { ...common, RequestType: 'Delete', PhysicalResourceId: p.physicalResourceId };
    return {
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: p.physicalResourceId,
      OldResourceProperties: { ServiceToken: serviceToken, ...asObject(p.oldProperties, 'oldProperties') },
    };
  },
});

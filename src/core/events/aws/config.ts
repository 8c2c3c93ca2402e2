/** AWS Config custom Lambda rule evaluation. */
import { freshUuid, now, parseTime, token } from '../ids';
import { defineEvent, param } from '../types';
import { asObject } from '../values';
import { arn, awsAccount } from './common';

/** No @types/aws-lambda type exists; the fields AWS Config documents for rule events. */
export interface ConfigRuleEvent {
  version: string;
  invokingEvent: string;
  ruleParameters: string;
  resultToken: string;
  eventLeftScope: boolean;
  executionRoleArn: string;
  configRuleArn: string;
  configRuleName: string;
  configRuleId: string;
  accountId: string;
  evaluationMode: 'DETECTIVE' | 'PROACTIVE';
}

/** `AWS::EC2::SecurityGroup` + `sg-1` → `arn:aws:ec2:<region>:<account>:security-group/sg-1`. */
export function resourceArn(resourceType: string, resourceId: string, region: string, accountId: string): string {
  const [, service = 'ec2', kind = 'resource'] = resourceType.split('::');
  if (resourceType === 'AWS::S3::Bucket') return `arn:aws:s3:::${resourceId}`;
  const kebab = kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return arn(service.toLowerCase(), region, accountId, `${kebab}/${resourceId}`);
}

export const configRule = defineEvent({
  name: 'aws:config-rule',
  provider: 'aws',
  description: 'AWS Config custom rule evaluation (configuration change, or periodic)',
  parameters: [
    param.string('ruleName', 'Config rule name', 'required-tags'),
    param.boolean('periodic', 'a periodic evaluation (ScheduledNotification) instead of a configuration change', false),
    param.string('resourceType', 'resource type of the changed item', 'AWS::EC2::Instance'),
    param.string('resourceId', 'resource id of the changed item', 'i-0123456789abcdef0'),
    param.json('configuration', 'the resource configuration', { instanceType: 't3.micro', state: { name: 'running' } }),
    param.json('tags', 'resource tags', { Environment: 'staging' }),
    param.json('ruleParameters', 'rule parameters', { requiredTag: 'Owner' }),
    param.boolean('eventLeftScope', 'the resource was removed from the rule scope', false),
    param.string('resultToken', 'token to pass to PutEvaluations', freshUuid),
    param.string('time', 'notification time (ISO 8601)', now),
    ...awsAccount,
  ],
  generate: (p): ConfigRuleEvent => {
    const time = parseTime(p.time).toISOString();
    const configRuleId = `config-rule-${token(6, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
    const invokingEvent = p.periodic
      ? { awsAccountId: p.accountId, notificationCreationTime: time, messageType: 'ScheduledNotification', recordVersion: '1.0' }
      : {
          configurationItemDiff: null,
          configurationItem: {
            relatedEvents: [],
            relationships: [],
            configuration: asObject(p.configuration, 'configuration'),
            supplementaryConfiguration: {},
            tags: asObject(p.tags, 'tags'),
            configurationItemVersion: '1.3',
            configurationItemCaptureTime: time,
            configurationStateId: Date.parse(time),
            awsAccountId: p.accountId,
            configurationItemStatus: 'OK',
            resourceType: p.resourceType,
            resourceId: p.resourceId,
            resourceName: null,
            ARN: resourceArn(p.resourceType, p.resourceId, p.region, p.accountId),
            awsRegion: p.region,
            availabilityZone: `${p.region}a`,
            configurationStateMd5Hash: '',
          },
          notificationCreationTime: time,
          messageType: 'ConfigurationItemChangeNotification',
          recordVersion: '1.3',
        };
    return {
      version: '1.0',
      invokingEvent: JSON.stringify(invokingEvent),
      ruleParameters: JSON.stringify(asObject(p.ruleParameters, 'ruleParameters')),
      resultToken: p.resultToken,
      eventLeftScope: p.eventLeftScope,
      executionRoleArn: arn('iam', '', p.accountId, 'role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig'),
      configRuleArn: arn('config', p.region, p.accountId, `config-rule/${configRuleId}`),
      configRuleName: p.ruleName,
      configRuleId,
      accountId: p.accountId,
      evaluationMode: 'DETECTIVE',
    };
  },
});

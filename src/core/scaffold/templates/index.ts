import type { ScaffoldTriggerId, TriggerTemplate } from '../types';
import { dynamodbTemplate } from './dynamodb';
import { httpTemplate } from './http';
import { s3Template } from './s3';
import { scheduleTemplate } from './schedule';
import { sqsTemplate } from './sqs';

/** Every AWS trigger template, in the order pickers list them. */
export const triggerTemplates: Record<ScaffoldTriggerId, TriggerTemplate> = {
  http: httpTemplate,
  s3: s3Template,
  sqs: sqsTemplate,
  schedule: scheduleTemplate,
  dynamodb: dynamodbTemplate,
};

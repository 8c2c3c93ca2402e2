/** Every AWS event in the catalogue, in the order `swb events list` shows them. */
import type { EventDefinition } from '../types';
import { alb } from './alb';
import { apiGatewayV1, apiGatewayV2, functionUrl } from './apiGateway';
import { appSyncResolver } from './appSync';
import { httpApiAuthorizer, requestAuthorizer, tokenAuthorizer } from './authorizers';
import { cloudFormationCustomResource } from './cloudFormation';
import { cloudFrontViewerRequest, cloudFrontViewerResponse } from './cloudFront';
import { cloudWatchAlarm, cloudWatchLogs } from './cloudWatch';
import { codePipelineJob } from './codePipeline';
import { cognitoPostConfirmation, cognitoPreSignUp, cognitoPreTokenGeneration } from './cognito';
import { configRule } from './config';
import { dynamodbInsert, dynamodbModify, dynamodbRemove } from './dynamodb';
import { eventBridge, eventBridgeScheduled } from './eventBridge';
import { iot } from './iot';
import { msk, selfManagedKafka } from './kafka';
import { firehose, kinesis } from './kinesis';
import { lexV2 } from './lex';
import { s3Batch, s3Delete, s3EventBridge, s3Put } from './s3';
import { secretsManagerRotation } from './secretsManager';
import { ses } from './ses';
import { sns } from './sns';
import { sqs, sqsBatch, sqsFifo } from './sqs';
import { stepFunctionsTask } from './stepFunctions';

export const awsEvents: readonly EventDefinition[] = [
  apiGatewayV1,
  apiGatewayV2,
  functionUrl,
  tokenAuthorizer,
  requestAuthorizer,
  httpApiAuthorizer,
  alb,
  s3Put,
  s3Delete,
  s3EventBridge,
  s3Batch,
  sqs,
  sqsBatch,
  sqsFifo,
  sns,
  ses,
  eventBridgeScheduled,
  eventBridge,
  dynamodbInsert,
  dynamodbModify,
  dynamodbRemove,
  kinesis,
  firehose,
  msk,
  selfManagedKafka,
  cloudWatchLogs,
  cloudWatchAlarm,
  cognitoPreSignUp,
  cognitoPostConfirmation,
  cognitoPreTokenGeneration,
  cloudFrontViewerRequest,
  cloudFrontViewerResponse,
  appSyncResolver,
  stepFunctionsTask,
  iot,
  lexV2,
  secretsManagerRotation,
  codePipelineJob,
  configRule,
  cloudFormationCustomResource,
];

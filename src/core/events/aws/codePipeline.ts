/** CodePipeline Invoke action job. */
import type { CodePipelineEvent } from 'aws-lambda';
import { base64Random, freshUuid, hex, token } from '../ids';
import { defineEvent, param } from '../types';
import { awsAccount } from './common';

export const codePipelineJob = defineEvent({
  name: 'aws:codepipeline-job',
  provider: 'aws',
  description: 'CodePipeline Lambda invoke action job',
  parameters: [
    param.string('pipeline', 'pipeline name', 'orders-pipeline'),
    param.string('functionName', 'the invoked function name', 'pipeline-check'),
    param.string('userParameters', 'UserParameters string from the action configuration', '{"environment":"staging"}'),
    param.string('jobId', 'job id', freshUuid),
    param.string('continuationToken', 'continuation token of a resumed job (empty for a first call)', ''),
    ...awsAccount,
  ],
  generate: (p): CodePipelineEvent => {
    const bucketName = `codepipeline-${p.region}-${p.accountId}`;
    const artifact = (name: string, revision: string | null) => ({
      name,
      revision,
      location: { type: 'S3' as const, s3Location: { bucketName, objectKey: `${p.pipeline.slice(0, 20)}/${name.slice(0, 20)}/${token(7)}` } },
    });
    return {
      'CodePipeline.job': {
        id: p.jobId,
        accountId: p.accountId,
        data: {
          actionConfiguration: { configuration: { FunctionName: p.functionName, UserParameters: p.userParameters } },
          inputArtifacts: [artifact('SourceArtifact', hex(20))],
          outputArtifacts: [artifact('BuildArtifact', null)],
          artifactCredentials: {
            accessKeyId: `ASIA${token(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
            secretAccessKey: base64Random(30),
            sessionToken: base64Random(300),
          },
          ...(p.continuationToken ? { continuationToken: p.continuationToken } : {}),
        },
      },
    };
  },
});

/** Secrets Manager rotation: one call per rotation step. */
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { freshUuid, md5Hex } from '../ids';
import { defineEvent, param } from '../types';
import { oneOf } from '../values';
import { arn, awsAccount } from './common';

export const secretsManagerRotation = defineEvent({
  name: 'aws:secretsmanager-rotation',
  provider: 'aws',
  description: 'Secrets Manager rotation step (createSecret, setSecret, testSecret, finishSecret)',
  parameters: [
    param.string('step', 'createSecret, setSecret, testSecret or finishSecret', 'createSecret'),
    param.string('secretName', 'secret name', 'prod/orders/db'),
    param.string('token', 'ClientRequestToken: the version id of the new secret', freshUuid),
    ...awsAccount,
  ],
  generate: (p): SecretsManagerRotationEvent => ({
    Step: oneOf(p.step, ['createSecret', 'setSecret', 'testSecret', 'finishSecret'], 'step'),
    // Secrets Manager appends six random characters to the name in the ARN; keep them stable per name.
    SecretId: arn('secretsmanager', p.region, p.accountId, `secret:${p.secretName}-${md5Hex(p.secretName).slice(0, 6)}`),
    ClientRequestToken: p.token,
  }),
});

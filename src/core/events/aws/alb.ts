/** Application Load Balancer request to a Lambda target group. */
import type { ALBEvent } from 'aws-lambda';
import { md5Hex } from '../ids';
import { defineEvent, param } from '../types';
import { arn, awsAccount } from './common';
import { httpParams, httpRequest } from './httpRequest';

/** ALB passes query values still URL-encoded, as they arrived. */
function encodedQuery(query: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(query).map(([key, values]) => [encodeURIComponent(key), values.map(encodeURIComponent)]));
}

function lowercaseNames(map: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(map)) (out[key.toLowerCase()] ??= []).push(...values);
  return out;
}

const last = (map: Record<string, string[]>) => Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v[v.length - 1]]));

export const alb = defineEvent({
  name: 'aws:alb',
  provider: 'aws',
  description: 'Application Load Balancer request to a Lambda target',
  parameters: [
    ...httpParams,
    param.boolean('multiValue', 'the target group has multi-value headers enabled (multiValueHeaders / multiValueQueryStringParameters)', false),
    param.string('targetGroup', 'target group name', 'lambda-target'),
    ...awsAccount,
  ],
  generate: (p): ALBEvent => {
    const req = httpRequest(p, `my-alb-1234567890.${p.region}.elb.amazonaws.com`);
    const headers = lowercaseNames(req.headers);
    const query = encodedQuery(req.query);
    // The id after the name is fixed per target group, so derive it from the name.
    const targetGroupArn = arn('elasticloadbalancing', p.region, p.accountId, `targetgroup/${p.targetGroup}/${md5Hex(p.targetGroup).slice(0, 16)}`);
    const values = p.multiValue
      ? { multiValueQueryStringParameters: query, multiValueHeaders: headers }
      : { queryStringParameters: last(query), headers: last(headers) };
    return {
      requestContext: { elb: { targetGroupArn } },
      httpMethod: req.method,
      path: req.path,
      ...values,
      body: req.body ?? '',
      isBase64Encoded: req.isBase64Encoded,
    };
  },
});

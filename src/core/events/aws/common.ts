/** Parameters and names most AWS events share. */
import { param } from '../types';

export const region = param.string('region', 'AWS region the event comes from', 'us-east-1');
export const accountId = param.string('accountId', 'the 12-digit AWS account id', '123456789012');

/** `region` and `accountId`, spread into an event's parameter list. */
export const awsAccount = [region, accountId] as const;

export function arn(service: string, regionName: string, account: string, resource: string): string {
  return `arn:aws:${service}:${regionName}:${account}:${resource}`;
}

import { CancelledError, UserError } from '../../errors';
import { ProviderError } from '../errors';
import { errorName, httpStatus, isAbort, isThrottle, mapAwsError, networkCode } from './awsErrors';

/**
 * IAM's failures while finding or creating an execution role, as one line. The one people meet
 * most is not being allowed to create roles (many accounts keep IAM to administrators): the line
 * names the permission that is missing and the way out (use an existing role instead).
 */
export interface IamErrorContext {
  /** The IAM action that failed, e.g. `CreateRole`. */
  action: 'GetRole' | 'CreateRole' | 'AttachRolePolicy' | 'ListAttachedRolePolicies';
  /** What was being done, e.g. "create the IAM role serverless-workbench-lambda-basic". */
  doing: string;
  profile: string;
  region: string;
  /** The custom IAM endpoint, when there is one. */
  endpoint?: string;
  /** The way out when not allowed, e.g. "pass --role <ARN of an existing role> instead". */
  instead: string;
}

const validationNames = new Set(['MalformedPolicyDocumentException', 'MalformedPolicyDocument', 'InvalidInputException', 'InvalidInput', 'ValidationError', 'LimitExceededException', 'LimitExceeded']);

export function mapIamError(error: unknown, context: IamErrorContext, signal?: AbortSignal): Error {
  if (error instanceof ProviderError || error instanceof UserError || error instanceof CancelledError) return error;
  if (isAbort(error, signal)) return new CancelledError();
  const name = errorName(error) ?? 'Error';
  const message = firstLine(error instanceof Error ? error.message : String(error));
  const code = networkCode(error);
  if (code || name === 'TimeoutError') {
    const target = context.endpoint ?? 'iam.amazonaws.com';
    return new ProviderError(`cannot reach IAM at ${target} (${code ?? 'timed out'}) to ${context.doing}: check the network, or ${context.instead}`, 'network');
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return new ProviderError(`not allowed to ${context.doing}: profile "${context.profile}" lacks the iam:${context.action} permission; ${context.instead}`, 'access-denied');
  }
  if (isThrottle(error)) return new ProviderError(`IAM is throttling requests (${name}); try again in a moment`, 'throttled');
  // Expired, missing or rejected credentials read the same as for Lambda (what to run to fix them).
  const generic = mapAwsError(error, { flavor: 'aws', profile: context.profile, location: 'IAM', region: context.region, endpoint: context.endpoint });
  if (generic instanceof ProviderError && generic.kind === 'credentials') return generic;
  if (httpStatus(error) === 403) {
    return new ProviderError(`not allowed to ${context.doing}: profile "${context.profile}" lacks the iam:${context.action} permission; ${context.instead}`, 'access-denied');
  }
  if (name === 'LimitExceededException' || name === 'LimitExceeded') {
    return new ProviderError(`IAM refused to ${context.doing}: ${message} (the account's IAM quota); ${context.instead}`, 'invalid');
  }
  if (validationNames.has(name)) return new ProviderError(`IAM rejected the request to ${context.doing} (${name}): ${message}`, 'invalid');
  return new ProviderError(`IAM ${name === 'Error' ? 'error' : name} while trying to ${context.doing}: ${message}`, 'service');
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
}

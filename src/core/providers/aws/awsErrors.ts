import { CancelledError, UserError } from '../../errors';
import { ProviderError } from '../errors';
import { redactSecrets } from '../secrets';

/**
 * Turns what the AWS SDK throws (service exceptions, credential-provider errors, socket errors,
 * waiter results) into one line that says what went wrong and what to run. Waiter errors are JSON
 * dumps of the last GetFunction response, environment included, so their text is never shown.
 */
export interface AwsErrorContext {
  flavor: 'aws' | 'local';
  /** The profile named in credential messages. */
  profile: string;
  /** Where requests went, e.g. "profile dev, eu-west-1" or "local cloud at http://127.0.0.1:3001". */
  location: string;
  endpoint?: string;
  region: string;
  functionName?: string;
  /** Values to keep out of messages (the function's environment). */
  environment?: Record<string, string>;
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  errno?: string;
  cause?: unknown;
  errors?: unknown[];
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);
const expiredNames = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired']);
const rejectedCredentialNames = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignature', 'MissingAuthenticationToken', 'InvalidAccessKeyId']);
const throttleNames = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'RequestLimitExceeded']);

export function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape).name : undefined;
}

export function httpStatus(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape).$metadata?.httpStatusCode : undefined;
}

export function isNotFound(error: unknown): boolean {
  return errorName(error) === 'ResourceNotFoundException' || (httpStatus(error) === 404 && errorName(error) !== 'AbortError');
}

export function isThrottle(error: unknown): boolean {
  const name = errorName(error);
  return (name !== undefined && throttleNames.has(name)) || httpStatus(error) === 429;
}

export function isConflict(error: unknown): boolean {
  return errorName(error) === 'ResourceConflictException';
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const name = errorName(error);
  return name === 'AbortError' || error instanceof CancelledError;
}

/** The socket error code, wherever the SDK or Node put it. */
export function networkCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const shape = current as SdkErrorShape;
    for (const code of [shape.code, shape.errno]) if (typeof code === 'string' && networkCodes.has(code)) return code;
    const nested = shape.errors?.find((e) => networkCode(e) !== undefined);
    if (nested) return networkCode(nested);
    current = shape.cause;
  }
  return undefined;
}

export function mapAwsError(error: unknown, context: AwsErrorContext, signal?: AbortSignal): Error {
  if (error instanceof ProviderError || error instanceof UserError || error instanceof CancelledError) return error;
  if (isAbort(error, signal)) return new CancelledError();
  const name = errorName(error) ?? 'Error';
  const message = redactSecrets(firstLine(error instanceof Error ? error.message : String(error)), context.environment);
  const profile = context.profile;

  const code = networkCode(error);
  if (code || name === 'TimeoutError' || name === 'RequestTimeout') {
    return networkError(code ?? 'timed out', context);
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    return new ProviderError(`no usable AWS credentials for profile "${profile}": run \`aws configure --profile ${profile}\` (or \`aws sso login --profile ${profile}\` for SSO)`, 'credentials', `aws configure --profile ${profile}`);
  }
  if (expiredNames.has(name)) {
    return new ProviderError(
      `the AWS credentials of profile "${profile}" have expired: run \`aws sso login --profile ${profile}\` (SSO) or refresh them with \`aws configure --profile ${profile}\``,
      'credentials',
      `aws sso login --profile ${profile}`,
    );
  }
  if (rejectedCredentialNames.has(name)) {
    return new ProviderError(
      `AWS rejected the credentials of profile "${profile}" (${name}): check them with \`aws sts get-caller-identity --profile ${profile}\``,
      'credentials',
      `aws sts get-caller-identity --profile ${profile}`,
    );
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || httpStatus(error) === 403) {
    return new ProviderError(`access denied (profile "${profile}", ${context.region}): ${message}`, 'access-denied');
  }
  if (name === 'ResourceNotFoundException') {
    const what = context.functionName ? `function "${context.functionName}"` : 'resource';
    return new ProviderError(`${what} not found in ${context.location}`, 'not-found');
  }
  if (isThrottle(error)) return new ProviderError(`Lambda is throttling requests (${name}); try again in a moment`, 'throttled');
  if (isConflict(error)) return new ProviderError(`conflict: ${message}`, 'conflict');
  if (name.endsWith('ValidationException') || name.startsWith('InvalidParameter') || name === 'InvalidRequestContentException' || name === 'CodeStorageExceededException' || name === 'RequestTooLargeException') {
    return new ProviderError(`Lambda rejected the request (${name}): ${message}`, 'invalid');
  }
  if (/Region is missing/i.test(message)) return new UserError('no AWS region: pass --region, set AWS_REGION, or set a region in the profile');
  if (httpStatus(error) !== undefined) return new ProviderError(`Lambda ${name}: ${message}`, 'service');
  return new ProviderError(`${name === 'Error' ? '' : `${name}: `}${message}`, 'service');
}

function networkError(code: string, context: AwsErrorContext): ProviderError {
  const target = context.endpoint ?? `lambda.${context.region}.amazonaws.com`;
  if (context.flavor === 'local' && code === 'ECONNREFUSED') {
    return new ProviderError(`no local cloud at ${target}: start it with \`swb serve\` or \`Serverless: Start Local Cloud\``, 'network', 'swb serve');
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ProviderError(`cannot resolve ${hostOf(target)} (${code}): check the network${context.endpoint ? ' and --endpoint-url' : ''}`, 'network');
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') {
    return new ProviderError(`the connection to ${target} was dropped (${code}) before an answer; try again`, 'network');
  }
  if (code === 'timed out') return new ProviderError(`no answer from ${target} (timed out): check the network${context.endpoint ? ' and --endpoint-url' : ''}`, 'network');
  return new ProviderError(`cannot reach ${target} (${code}): check the network${context.endpoint ? ' and --endpoint-url' : ''}`, 'network');
}

function hostOf(target: string): string {
  try {
    return new URL(target.includes('://') ? target : `https://${target}`).host;
  } catch {
    return target;
  }
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
}

/**
 * The Lambda control plane's error vocabulary. Operations throw `CloudError`; the HTTP layer
 * answers with AWS's REST-JSON error: status, `x-amzn-ErrorType: <type>` and a body
 * `{"Type": "User", "message": …}`, which `@aws-sdk/client-lambda` and botocore map back to
 * their exception classes of the same name.
 */
export type CloudErrorType =
  | 'ResourceNotFoundException'
  | 'ResourceConflictException'
  | 'InvalidParameterValueException'
  | 'InvalidRequestContentException'
  | 'PreconditionFailedException'
  | 'RequestEntityTooLargeException'
  | 'TooManyRequestsException'
  | 'ServiceException';

const statusOf: Record<CloudErrorType, number> = {
  ResourceNotFoundException: 404,
  ResourceConflictException: 409,
  InvalidParameterValueException: 400,
  InvalidRequestContentException: 400,
  PreconditionFailedException: 412,
  RequestEntityTooLargeException: 413,
  TooManyRequestsException: 429,
  ServiceException: 500,
};

export class CloudError extends Error {
  override readonly name = 'CloudError';
  readonly status: number;
  constructor(
    readonly type: CloudErrorType,
    message: string,
    /** Extra members of the error body (e.g. TooManyRequestsException's `Reason`). */
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
    this.status = statusOf[type];
  }

  /** The JSON body. Lambda's model spells the message `Message` for these two and `message` for the rest. */
  body(): Record<string, string> {
    const key = this.type === 'ResourceNotFoundException' || this.type === 'ServiceException' ? 'Message' : 'message';
    return { Type: this.status >= 500 ? 'Service' : 'User', [key]: this.message, ...this.extra };
  }
}

export const invalidParameter = (message: string): CloudError => new CloudError('InvalidParameterValueException', message);

export const functionNotFound = (arn: string): CloudError => new CloudError('ResourceNotFoundException', `Function not found: ${arn}`);

export const updateInProgress = (arn: string): CloudError =>
  new CloudError('ResourceConflictException', `The operation cannot be performed at this time. An update is in progress for resource: ${arn}`);

export const functionNotActive = (state: string): CloudError =>
  new CloudError('ResourceConflictException', `The operation cannot be performed at this time. The function is currently in the following state: ${state}`);

export const revisionMismatch = (what: 'GetFunction' | 'GetAlias'): CloudError =>
  new CloudError(
    'PreconditionFailedException',
    `The Revision Id provided does not match the latest Revision Id. Call the ${what} API to retrieve the latest Revision Id`,
  );

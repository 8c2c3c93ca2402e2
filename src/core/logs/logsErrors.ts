/**
 * CloudWatch Logs' error vocabulary. The store throws these; the HTTP handler turns them into
 * AWS JSON 1.1 errors (`{"__type": code, "message": …}`, status 400) that the SDK maps back to
 * its exception classes of the same name.
 */
export type LogsErrorCode =
  | 'ResourceNotFoundException'
  | 'ResourceAlreadyExistsException'
  | 'InvalidParameterException'
  | 'ThrottlingException'
  | 'UnknownOperationException'
  | 'UnsupportedOperationException'
  | 'SerializationException'
  | 'DataAlreadyAcceptedException';

export class LogsError extends Error {
  override readonly name = 'LogsError';
  constructor(
    readonly code: LogsErrorCode,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

export const groupNotFound = (): LogsError =>
  new LogsError('ResourceNotFoundException', 'The specified log group does not exist.');

export const streamNotFound = (): LogsError =>
  new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.');

export const invalidParameter = (message: string): LogsError => new LogsError('InvalidParameterException', message);

export const invalidNextToken = (): LogsError => invalidParameter('The specified nextToken is invalid.');

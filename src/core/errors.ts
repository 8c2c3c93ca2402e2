/**
 * Errors that cross the core/front-end boundary.
 *
 * A `UserError` is a problem with what the user asked for (bad flag, missing file, malformed
 * template). Front ends print its message as one line, with no stack trace: the CLI exits 2,
 * the extension shows "<what> failed: <why>".
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** Extra lines (e.g. usage) printed after the message by the CLI. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** Thrown when the user cancelled; front ends stay silent about it. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(message = 'Cancelled') {
    super(message);
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'AbortError');
}

/** One line describing an error, for notifications and CLI output. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? 'unknown error';
  return first.trim();
}

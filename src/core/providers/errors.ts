/**
 * A failure talking to a cloud, already turned into one line a person can act on ("run `aws sso
 * login --profile dev`"). Front ends print `message` (the CLI exits 1) and the Deployed Functions
 * tree shows it as a node, offering `fix` when there is one.
 */
export type ProviderErrorKind = 'credentials' | 'access-denied' | 'network' | 'not-found' | 'conflict' | 'throttled' | 'invalid' | 'service';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    message: string,
    readonly kind: ProviderErrorKind,
    /** A command that fixes it, e.g. `aws sso login --profile dev`. */
    readonly fix?: string,
  ) {
    super(message);
  }
}

export function isProviderError(error: unknown, kind?: ProviderErrorKind): error is ProviderError {
  return error instanceof ProviderError && (kind === undefined || error.kind === kind);
}

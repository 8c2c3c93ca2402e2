import { UserError } from '../core/errors';
import type { UploadLine } from '../core/logs/logUpload';
import { uploadLogLines } from '../core/logs/logUpload';
import { describeError, isNetworkError } from '../core/logs/tailErrors';
import { defaultLocalEndpoint } from '../core/providers';
import { localCredentials, normalizeEndpoint } from '../core/providers/local/localProvider';
import type { CliIo } from './command';

/**
 * `swb invoke --persist`: the invocation's log lines go to the running local cloud (`swb serve`,
 * or the editor's) through CloudWatch Logs' PutLogEvents, so `swb logs` and the editor's tails see
 * them. Persisting is a side effect: when nothing listens, or the service refuses, it is a warning
 * and the invoke's own exit status stands.
 */

/** Where to send them: `--endpoint-url`, else $SWB_LOCAL_ENDPOINT, else the local cloud's default port. */
export function persistEndpoint(flag: string | undefined, io: Pick<CliIo, 'env'>): string {
  const endpoint = normalizeEndpoint(flag ?? io.env.SWB_LOCAL_ENDPOINT ?? defaultLocalEndpoint);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UserError(`--endpoint-url "${flag}" is not a URL (e.g. http://127.0.0.1:3001)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`--endpoint-url must be http:// or https://, got "${flag}"`);
  return endpoint;
}

export async function persistLogs(functionName: string, lines: readonly UploadLine[], endpoint: string, io: Pick<CliIo, 'stderr'>): Promise<boolean> {
  try {
    const sent = await uploadLogLines({
      connection: { endpoint, region: 'us-east-1', credentials: async () => localCredentials },
      functionName,
      lines,
    });
    io.stderr(`swb invoke: ${sent.events} log line${sent.events === 1 ? '' : 's'} sent to ${sent.logGroupName} at ${endpoint}\n`);
    return true;
  } catch (error) {
    const why = isNetworkError(error)
      ? `no local cloud at ${endpoint} (start it with \`swb serve\`, or give its address with --endpoint-url)`
      : `${endpoint} refused them: ${describeError(error)}`;
    io.stderr(`swb invoke: warning: the logs were not persisted: ${why}\n`);
    return false;
  }
}

import { UserError } from '../../core/errors';
import { tailLogs } from '../../core/logs/tailer';
import { describeError, errorName, LogsUnreachableError } from '../../core/logs/tailErrors';
import type { TailEvent, TailStatus } from '../../core/logs/tailTypes';
import { parseTimeSpec } from '../../core/logs/timeSpec';
import { defaultLocalEndpoint } from '../../core/providers';
import { booleanFlag, stringFlag } from '../args';
import type { CliCommand, CliIo } from '../command';
import { logGroupForFunction, logsTargetFromFlags } from '../logsTarget';

const DEFAULT_SINCE = '10m';

export const logsCommand: CliCommand = {
  name: 'logs',
  summary: "Show or tail functions' logs (the local cloud or CloudWatch Logs)",
  usage: 'swb logs <function>… [--provider aws|local] [--profile P] [--region R] [--endpoint-url URL] [--tail] [--since 10m] [--until 1m] [--filter PATTERN] [--json]',
  help: [
    'Prints the log events of one or more functions (log group /aws/lambda/<function>; a name',
    'starting with / is taken as a log group), oldest first: `<time> <stream> <message>`, with the',
    'function before the stream when there are several.',
    '',
    'Options:',
    '  --tail, -f              keep following new events (Live Tail where the endpoint offers it,',
    '                          FilterLogEvents polling otherwise) until Ctrl+C',
    `  --since WHEN            from when: 5m, 1h, 2d, an ISO date or epoch ms (default ${DEFAULT_SINCE})`,
    '  --until WHEN            up to when (not with --tail)',
    '  --filter PATTERN        a CloudWatch Logs filter pattern: ERROR, "exact phrase", ?a ?b, -skip, { $.level = "error" }',
    '  --json                  one JSON object per event',
    '  --provider aws|local    local (the default: $SWB_PROVIDER, else aws when --profile is given) is',
    `                          the local cloud of \`swb serve\` at ${defaultLocalEndpoint}, no account needed`,
    "  --profile NAME          AWS shared-config profile (default: $AWS_PROFILE, then the default chain)",
    "  --region REGION         AWS region (default: $AWS_REGION, the profile's, then us-east-1)",
    '  --endpoint-url URL      the local cloud elsewhere, or any CloudWatch Logs-compatible endpoint for aws',
    '',
    'Exit status: 0 done (or stopped with Ctrl+C), 1 the logs could not be read, 2 bad input.',
  ],
  flags: {
    provider: { type: 'string' },
    profile: { type: 'string' },
    region: { type: 'string' },
    'endpoint-url': { type: 'string' },
    tail: { type: 'boolean', short: 'f' },
    since: { type: 'string' },
    until: { type: 'string' },
    filter: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const names = args.positionals;
    if (names.length === 0) throw new UserError('name one or more functions (or log groups starting with /)');
    const follow = booleanFlag(args, 'tail');
    const untilSpec = stringFlag(args, 'until');
    if (follow && untilSpec !== undefined) throw new UserError('--until ends the listing, so it cannot be combined with --tail');
    const now = Date.now();
    const since = parseTimeSpec(stringFlag(args, 'since') ?? DEFAULT_SINCE, now);
    const until = untilSpec !== undefined ? parseTimeSpec(untilSpec, now) : undefined;
    if (until !== undefined && until < since) throw new UserError('--until is before --since');
    const groups = names.map(logGroupForFunction);
    const target = logsTargetFromFlags(args, io);
    const labels = new Map(groups.map((group, i) => [group, names[i]]));
    const format = booleanFlag(args, 'json') ? formatJson : (event: TailEvent) => formatLine(event, groups.length > 1 ? labels.get(event.logGroupName) : undefined);
    const filter = stringFlag(args, 'filter');

    try {
      await tailLogs({
        connection: target.connection,
        logGroupNames: groups,
        ...(filter ? { filterPattern: filter } : {}),
        since,
        ...(until !== undefined ? { until } : {}),
        follow,
        signal: io.signal,
        onEvent: (event) => io.stdout(format(event)),
        onStatus: statusReporter(io, follow),
      });
      return 0;
    } catch (error) {
      if (error instanceof LogsUnreachableError) {
        io.stderr(`swb logs: ${target.unreachable}${target.provider === 'aws' ? `: ${describeError(error.cause)}` : ''}\n`);
        return 1;
      }
      // A malformed filter pattern, a time range the service rejects: the user's input.
      if (errorName(error) === 'InvalidParameterException') throw new UserError(describeError(error));
      throw error;
    }
  },
};

export function formatLine(event: TailEvent, label?: string): string {
  const time = new Date(event.timestamp).toISOString();
  const message = event.message.replace(/\r?\n$/, '');
  return `${time} ${label ? `${label} ` : ''}${event.logStreamName} ${message}\n`;
}

export function formatJson(event: TailEvent): string {
  return `${JSON.stringify({
    time: new Date(event.timestamp).toISOString(),
    logGroupName: event.logGroupName,
    logStreamName: event.logStreamName,
    timestamp: event.timestamp,
    message: event.message,
    eventId: event.eventId,
    ...(event.ingestionTime !== undefined ? { ingestionTime: event.ingestionTime } : {}),
  })}\n`;
}

/** Status on stderr, one line each, without repeating itself on every retry. */
function statusReporter(io: CliIo, follow: boolean): (status: TailStatus) => void {
  // Live Tail is retried now and then after a fallback: say how we follow only when it changes.
  let lastMode = '';
  const announce = (line: string, mode: string): void => {
    if (mode !== lastMode) io.stderr(line);
    lastMode = mode;
  };
  return (status) => {
    switch (status.kind) {
      case 'live':
        announce('swb logs: following with Live Tail (Ctrl+C to stop)\n', 'live');
        return;
      case 'polling':
        if (follow) announce(`swb logs: following by polling FilterLogEvents: ${status.reason} (Ctrl+C to stop)\n`, `polling ${status.reason}`);
        return;
      case 'missing-group':
        io.stderr(`swb logs: no log group ${status.logGroupName}${follow ? ' yet; waiting for the function to log' : ' (the function has not logged yet)'}\n`);
        return;
      case 'retrying':
        // Throttling is routine: say so only when it persists. A lost connection, at once.
        if (status.attempt === 1 ? !/Throttl/i.test(status.error) : (status.attempt & (status.attempt - 1)) === 0 && status.attempt >= 4) {
          io.stderr(`swb logs: ${status.error}; retrying in ${(status.delayMs / 1000).toFixed(1)} s\n`);
        }
        return;
    }
  };
}

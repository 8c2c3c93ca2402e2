import { lambdaLogGroupName } from './logNames';
import { createLogsClient, loadLogsSdk, type LogsConnection } from './logsSdk';
import { errorName } from './tailErrors';

/**
 * Sends log lines an emulator wrote elsewhere (`swb invoke --persist`) to a CloudWatch Logs
 * endpoint — the running local cloud — as Lambda files them: group `/aws/lambda/<function>`, one
 * stream per execution environment, one event per line. Creates the group and streams as needed
 * and keeps each PutLogEvents call inside the API's limits (10,000 events, 1 MB, 24 hours).
 */

export interface UploadLine {
  logStreamName: string;
  line: string;
  timestamp: number;
}

export interface UploadResult {
  logGroupName: string;
  streams: string[];
  events: number;
}

const MAX_EVENTS = 10_000;
const MAX_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;
const DAY = 24 * 60 * 60 * 1000;

export async function uploadLogLines(options: { connection: LogsConnection; functionName: string; lines: readonly UploadLine[] }): Promise<UploadResult> {
  const logGroupName = lambdaLogGroupName(options.functionName);
  const byStream = new Map<string, { timestamp: number; message: string }[]>();
  for (const { logStreamName, line, timestamp } of options.lines) {
    let events = byStream.get(logStreamName);
    if (!events) byStream.set(logStreamName, (events = []));
    events.push({ timestamp: Math.floor(timestamp), message: line.endsWith('\n') ? line : `${line}\n` });
  }
  const result: UploadResult = { logGroupName, streams: [...byStream.keys()], events: 0 };
  if (byStream.size === 0) return result;

  const sdk = await loadLogsSdk();
  const client = createLogsClient(sdk, options.connection);
  try {
    await ignoreExisting(client.send(new sdk.CreateLogGroupCommand({ logGroupName })));
    for (const [logStreamName, events] of byStream) {
      await ignoreExisting(client.send(new sdk.CreateLogStreamCommand({ logGroupName, logStreamName })));
      // Stable: lines of one millisecond keep their order.
      events.sort((a, b) => a.timestamp - b.timestamp);
      for (const batch of batches(events)) {
        await client.send(new sdk.PutLogEventsCommand({ logGroupName, logStreamName, logEvents: batch }));
        result.events += batch.length;
      }
    }
    return result;
  } finally {
    client.destroy();
  }
}

async function ignoreExisting(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (errorName(error) !== 'ResourceAlreadyExistsException') throw error;
  }
}

/** Chronological events cut where a PutLogEvents call would exceed its limits. */
export function* batches<T extends { timestamp: number; message: string }>(events: readonly T[]): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(event.message, 'utf8') + EVENT_OVERHEAD;
    const full = batch.length === MAX_EVENTS || bytes + size > MAX_BYTES || (batch.length > 0 && event.timestamp - batch[0].timestamp > DAY);
    if (full && batch.length > 0) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

import type { EmulatorOptions } from '../emulator/types';
import { lambdaLogGroupName } from './logNames';
import type { LogStore } from './logStore';
import type { InputLogEvent } from './logTypes';

type LogLine = Parameters<NonNullable<EmulatorOptions['onLog']>>[0];

const FLUSH_MS = 50;
const MAX_BATCH = 1000;

/**
 * Files the emulator's log lines into a log store the way Lambda files them in CloudWatch Logs:
 * group `/aws/lambda/<function>`, one stream per execution environment, one event per line
 * (newline-terminated, as Lambda's messages are). Lines are batched for up to FLUSH_MS (or
 * MAX_BATCH lines) so a busy server appends once per stream per batch, not once per line: the store
 * writes synchronously, and CloudWatch itself shows lines seconds late, not milliseconds.
 */
export interface EmulatorLogSink {
  onLog(line: LogLine): void;
  /** Writes what is batched now. */
  flush(): void;
}

export function createEmulatorLogSink(store: LogStore, onError?: (error: unknown) => void): EmulatorLogSink {
  type Batch = { functionName: string; group: string; stream: string; events: InputLogEvent[] };
  const pending = new Map<string, Batch>();
  let last: Batch | undefined;
  let timer: NodeJS.Timeout | undefined;
  let count = 0;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    count = 0;
    last = undefined;
    for (const { group, stream, events } of pending.values()) {
      try {
        store.ingest(group, stream, events);
      } catch (error) {
        onError?.(error);
      }
    }
    pending.clear();
  };

  return {
    onLog({ functionName, logStreamName, line, timestamp }) {
      // An invocation's lines come in runs from one environment: the run reuses its batch.
      let batch = last !== undefined && last.functionName === functionName && last.stream === logStreamName ? last : undefined;
      if (!batch) {
        // A published version runs as `<name>:<version>`; Lambda logs it in the function's group.
        const colon = functionName.indexOf(':');
        const group = lambdaLogGroupName(colon === -1 ? functionName : functionName.slice(0, colon));
        const key = `${group}\n${logStreamName}`;
        batch = pending.get(key);
        if (!batch) pending.set(key, (batch = { functionName, group, stream: logStreamName, events: [] }));
        last = batch;
      }
      batch.events.push({ timestamp: Math.floor(timestamp), message: line.endsWith('\n') ? line : `${line}\n` });
      if (++count >= MAX_BATCH) flush();
      else if (!timer) {
        timer = setTimeout(flush, FLUSH_MS);
        // A pending batch must not keep a finished CLI alive; close() flushes it.
        timer.unref();
      }
    },
    flush,
  };
}

import type { FunctionSpec } from '../project/functionSpec';
import type { Job, Outcome } from './environment';
import { billedDurationMs, endLine, reportLine, type LogFormat } from './logFormat';
import type { Invocation } from './types';

export interface InvocationTiming {
  durationMs: number;
  initDurationMs?: number;
  cold: boolean;
}

/**
 * Ends an invocation the way every environment kind does: any sandbox lines, then END and REPORT
 * (written through `platform`, which files and forwards each line), and the `Invocation` result.
 */
export function concludeInvocation(
  settings: { spec: FunctionSpec; logFormat: LogFormat },
  job: Job,
  lines: string[],
  outcome: Outcome,
  timing: InvocationTiming,
  maxMemoryUsedMB: number,
  platform: (line: string, target: string[]) => void,
): Invocation {
  const { spec, logFormat } = settings;
  const { requestId } = job;
  const { durationMs, initDurationMs } = timing;
  const billed = billedDurationMs(durationMs, initDurationMs);
  const failure = outcome.failure;
  for (const line of failure?.lines ?? []) platform(line, lines);
  platform(endLine(logFormat, requestId, failure?.status ?? (outcome.error ? 'error' : 'success'), durationMs, failure?.errorType), lines);
  platform(
    reportLine(logFormat, {
      requestId,
      durationMs,
      billedDurationMs: billed,
      memorySizeMB: spec.memorySize,
      maxMemoryUsedMB,
      initDurationMs,
      status: failure?.status ?? 'success',
      // Lambda names the error type of a failed sandbox, not of a timeout.
      errorType: failure?.status === 'error' ? failure.errorType : undefined,
    }),
    lines,
  );
  const invocation: Invocation = {
    requestId,
    functionName: spec.name,
    payload: outcome.payload,
    logs: `${lines.join('\n')}\n`,
    durationMs,
    billedDurationMs: billed,
    maxMemoryUsedMB,
    coldStart: timing.cold,
    executedVersion: '$LATEST',
  };
  if (initDurationMs !== undefined) invocation.initDurationMs = initDurationMs;
  if (outcome.streamContentType !== undefined) invocation.streamContentType = outcome.streamContentType;
  if (outcome.error) {
    invocation.error = outcome.error;
    invocation.functionError = 'Unhandled';
  }
  return invocation;
}

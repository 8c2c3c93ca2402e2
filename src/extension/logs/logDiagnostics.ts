import { findFrames, userFrames, type FrameFilter } from '../editor/stackFrames';
import type { LogError } from './logErrors';

/**
 * Where an error seen in a tail's logs goes in the editor: the source line of its top stack frame
 * that is a workspace file (not `node_modules`, not the runtime), with a message that says which
 * function logged it and how often. Pure: the provider turns these into `vscode.Diagnostic`s.
 */

export interface LogDiagnostic {
  /** Absolute path. */
  file: string;
  /** 0-based. */
  line: number;
  /** 0-based. */
  column: number;
  message: string;
  /** Failed the invocation (an error) rather than only logged (a warning). */
  fatal: boolean;
}

export interface Placement {
  file: string;
  line: number;
  column: number;
}

/** The top workspace frame of the error, 0-based; undefined when no frame is in the workspace. */
export function placeError(error: LogError, filter: FrameFilter): Placement | undefined {
  const frames = findFrames(error.stack.join('\n')).map((match) => match.frame);
  const top = userFrames(frames, filter)[0];
  if (!top) return undefined;
  return { file: top.file, line: Math.max(0, top.line - 1), column: Math.max(0, (top.column ?? 1) - 1) };
}

export function errorHeadline(error: Pick<LogError, 'errorType' | 'errorMessage'>): string {
  const message = error.errorMessage.split('\n', 1)[0].trim();
  if (!message) return error.errorType;
  return message.startsWith(`${error.errorType}:`) ? message : `${error.errorType}: ${message}`;
}

interface Entry {
  placement: Placement;
  error: LogError;
  functionName: string;
  count: number;
  lastRequestId: string;
  lastSeen: number;
}

/**
 * The errors of one tail, each place and error once with a count. A file's entries go when the
 * file is saved (the code changed; the next failure brings them back); all go when the tail stops.
 */
export class LogDiagnosticSet {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly max = 100) {}

  /** True when something changed. */
  add(error: LogError, placement: Placement, seen: { functionName: string; requestId: string; at: number }): boolean {
    const key = `${placement.file}:${placement.line}:${error.errorType}:${errorHeadline(error)}`;
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      entry.count++;
      entry.lastRequestId = seen.requestId;
      entry.lastSeen = seen.at;
      this.entries.set(key, entry);
      return true;
    }
    this.entries.set(key, { placement, error, functionName: seen.functionName, count: 1, lastRequestId: seen.requestId, lastSeen: seen.at });
    // The oldest go first (a Map keeps insertion order; a repeat was moved to the end).
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return true;
  }

  removeFile(file: string): boolean {
    let changed = false;
    for (const [key, entry] of this.entries) {
      if (entry.placement.file !== file) continue;
      this.entries.delete(key);
      changed = true;
    }
    return changed;
  }

  get size(): number {
    return this.entries.size;
  }

  diagnostics(): LogDiagnostic[] {
    return [...this.entries.values()].map((entry) => ({
      ...entry.placement,
      fatal: entry.error.fatal,
      message:
        `${errorHeadline(entry.error)} — ${entry.error.fatal ? 'failed an invocation' : 'logged'} in ${entry.functionName}'s logs` +
        `${entry.count > 1 ? ` (${entry.count}×, last ` : ' ('}request ${entry.lastRequestId} at ${new Date(entry.lastSeen).toLocaleTimeString()})`,
    }));
  }
}

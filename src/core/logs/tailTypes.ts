/** What the tailer hands to its caller. */

export interface TailEvent {
  logGroupName: string;
  logStreamName: string;
  timestamp: number;
  message: string;
  /**
   * CloudWatch Logs' event id. Live Tail does not send ids: events that arrived that way get a
   * stable stand-in, `live:<timestamp>:<hash>:<n>`.
   */
  eventId: string;
  ingestionTime?: number;
}

/**
 * Where a tail got to, for resuming it (after a restart, in another process) without loss or
 * duplicates: the newest timestamp delivered, and the ids delivered in the look-back window
 * before it. Plain JSON; small (bounded by the window).
 */
export interface TailCheckpoint {
  lastTimestamp: number;
  seenIds: string[];
}

export type TailMode = 'live' | 'polling';

export type TailStatus =
  /** A Live Tail session started (again: after the 3-hour limit or a dropped connection). */
  | { kind: 'live'; reconnect: boolean }
  /** Polling FilterLogEvents; `reason` says why live tail is not used. */
  | { kind: 'polling'; reason: string }
  /** A call failed and will be retried after `delayMs`. */
  | { kind: 'retrying'; error: string; delayMs: number; attempt: number }
  /** A log group does not exist (yet: Lambda creates it on the first invocation). */
  | { kind: 'missing-group'; logGroupName: string };

export interface TailResult {
  checkpoint: TailCheckpoint;
  /** Events handed to onEvent. */
  delivered: number;
  mode: TailMode;
}

/** Shapes of the log store, named and laid out as CloudWatch Logs' API returns them. */

export interface InputLogEvent {
  timestamp: number;
  message: string;
}

export interface LogEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  /** 56 decimal digits; string order is time order. */
  eventId: string;
}

export interface FilteredLogEvent extends LogEvent {
  logStreamName: string;
}

export interface LogGroupInfo {
  logGroupName: string;
  creationTime: number;
  metricFilterCount: number;
  arn: string;
  logGroupArn: string;
  storedBytes: number;
  logGroupClass: 'STANDARD';
}

export interface LogStreamInfo {
  logStreamName: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  arn: string;
  storedBytes: number;
}

export interface DescribeLogGroupsInput {
  logGroupNamePrefix?: string;
  /** Case-insensitive substring, as AWS's `logGroupNamePattern`. */
  logGroupNamePattern?: string;
  limit?: number;
  nextToken?: string;
}

export interface DescribeLogStreamsInput {
  logGroupName: string;
  logStreamNamePrefix?: string;
  orderBy?: 'LogStreamName' | 'LastEventTime';
  descending?: boolean;
  limit?: number;
  nextToken?: string;
}

export interface GetLogEventsInput {
  logGroupName: string;
  logStreamName: string;
  /** Inclusive. */
  startTime?: number;
  /** Exclusive, as in AWS's GetLogEvents. */
  endTime?: number;
  limit?: number;
  nextToken?: string;
  startFromHead?: boolean;
}

export interface GetLogEventsOutput {
  events: LogEvent[];
  nextForwardToken: string;
  nextBackwardToken: string;
}

export interface FilterLogEventsInput {
  logGroupName: string;
  logStreamNames?: string[];
  logStreamNamePrefix?: string;
  /** Inclusive. */
  startTime?: number;
  /** Inclusive, as in AWS's FilterLogEvents. */
  endTime?: number;
  filterPattern?: string;
  limit?: number;
  nextToken?: string;
}

export interface FilterLogEventsOutput {
  events: FilteredLogEvent[];
  nextToken?: string;
}

export interface LogRetention {
  /** Per group: oldest segments are dropped past this many bytes (message bytes + 26 each, as AWS counts). */
  maxBytesPerGroup?: number;
  /** Per group: oldest segments are dropped past this many events. */
  maxEventsPerGroup?: number;
  /** Segments whose newest event is older than this are dropped. */
  maxAgeMs?: number;
}

/** AWS's page limits; injectable so tests can hit them with small data. */
export interface PageLimits {
  /** Max events per page (AWS: 10,000). */
  maxEvents: number;
  /** Max bytes of events per page (AWS: 1 MB). */
  maxBytes: number;
  /** Events FilterLogEvents examines per call before returning (possibly empty) with a nextToken. */
  maxScanned: number;
}

export interface AppendListener {
  (logGroupName: string, logStreamName: string, events: readonly LogEvent[]): void;
}

import type { TailEvent } from '../../core/logs/tailTypes';
import { platformLine } from './logLines';

/**
 * Holds back each invocation's lines from its START until its REPORT and releases them as one
 * block, so that invocations running at the same time in several execution environments do not
 * interleave. A log stream is one environment, which runs one request at a time: its lines
 * between START and REPORT are that request's. Lines outside an invocation (init, extensions)
 * pass straight through. Pure.
 */
export class RequestGrouper {
  private readonly open = new Map<string, { events: TailEvent[]; openedAt: number }>();

  constructor(
    /** Lines held per invocation at most; past it the block is released early (a runaway logger). */
    private readonly maxHeld = 2000,
  ) {}

  /** The events to print now, in order. */
  push(event: TailEvent, now = Date.now()): TailEvent[] {
    const key = `${event.logGroupName}\n${event.logStreamName}`;
    const platform = platformLine(event.message);
    const held = this.open.get(key);
    if (platform?.kind === 'start') {
      // A START while another request is open means its REPORT was lost: release what we have.
      const released = held ? held.events : [];
      this.open.set(key, { events: [event], openedAt: now });
      return released;
    }
    if (!held) return [event];
    held.events.push(event);
    if (platform?.kind === 'report' || held.events.length >= this.maxHeld) {
      this.open.delete(key);
      return held.events;
    }
    return [];
  }

  /** Blocks held since before `cutoff` (their REPORT may never come), released. */
  releaseOlderThan(cutoff: number): TailEvent[] {
    const released: TailEvent[] = [];
    for (const [key, held] of this.open) {
      if (held.openedAt >= cutoff) continue;
      released.push(...held.events);
      this.open.delete(key);
    }
    return released;
  }

  /** Everything held (when the tail stops, or grouping is turned off). */
  releaseAll(): TailEvent[] {
    const released = [...this.open.values()].flatMap((held) => held.events);
    this.open.clear();
    return released;
  }

  get holding(): number {
    return this.open.size;
  }
}

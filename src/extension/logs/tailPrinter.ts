import type { TailEvent } from '../../core/logs/tailTypes';
import { platformLine, trimNewline } from './logLines';
import { prettyLogMessage } from './prettyJson';
import { reportSummaryLine } from './reportSummary';
import { RequestGrouper } from './requestGrouping';

/**
 * The text a tail appends to its function's output channel, one event at a time: the message
 * (JSON pretty-printed on request), a summary line after each REPORT, and — on request — each
 * invocation's lines held back until its REPORT and printed as one block. Pure.
 */

export interface PrintOptions {
  groupByRequest: boolean;
  prettyJson: boolean;
  reportSummaries: boolean;
}

/** A block whose REPORT has not come after this long is printed anyway (Lambda's longest run is 15 min). */
export const HOLD_LIMIT_MS = 16 * 60_000;

export class TailPrinter {
  private readonly grouper = new RequestGrouper();

  constructor(private readonly options: () => PrintOptions) {}

  /** What to append for `event` (possibly nothing while its invocation is held, possibly a whole block). */
  push(event: TailEvent, now = Date.now()): string {
    const options = this.options();
    if (!options.groupByRequest) return this.render([...this.grouper.releaseAll(), event], options);
    return this.render(this.grouper.push(event, now), options);
  }

  /** Blocks held too long, printed (call now and then). */
  releaseStale(now = Date.now()): string {
    return this.render(this.grouper.releaseOlderThan(now - HOLD_LIMIT_MS), this.options());
  }

  /** Whatever is held, printed (the tail stops). */
  releaseAll(): string {
    return this.render(this.grouper.releaseAll(), this.options());
  }

  private render(events: readonly TailEvent[], options: PrintOptions): string {
    let text = '';
    for (const event of events) {
      text += `${options.prettyJson ? prettyLogMessage(event.message) : trimNewline(event.message)}\n`;
      if (!options.reportSummaries) continue;
      const platform = platformLine(event.message);
      if (platform?.kind === 'report') text += `${reportSummaryLine(platform.report)}\n`;
    }
    return text;
  }
}

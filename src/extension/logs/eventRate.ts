/**
 * Log events per minute over the last minute, for the status bar: 60 one-second buckets, so
 * memory stays constant however fast a function logs. Pure (the clock is passed in).
 */
export class EventRate {
  private readonly buckets = new Array<number>(60).fill(0);
  /** The second each bucket holds counts for. */
  private readonly seconds = new Array<number>(60).fill(-1);

  record(now = Date.now(), count = 1): void {
    const second = Math.floor(now / 1000);
    const slot = second % 60;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.buckets[slot] = 0;
    }
    this.buckets[slot] += count;
  }

  /** Events recorded in the 60 seconds up to `now`. */
  perMinute(now = Date.now()): number {
    const second = Math.floor(now / 1000);
    let total = 0;
    for (let i = 0; i < 60; i++) {
      if (second - this.seconds[i] < 60 && this.seconds[i] <= second) total += this.buckets[i];
    }
    return total;
  }
}

import { execFile } from 'node:child_process';
import { readFile, readFileSync } from 'node:fs';

/** A process's resident memory now and at its peak (Linux's VmRSS and VmHWM), in kB. */
export interface MemorySample {
  rssKb: number;
  peakKb: number;
}

function parseStatus(text: string): MemorySample | undefined {
  const rss = /VmRSS:\s+(\d+)/.exec(text);
  if (!rss) return undefined;
  const peak = /VmHWM:\s+(\d+)/.exec(text);
  const rssKb = Number(rss[1]);
  return { rssKb, peakKb: peak ? Number(peak[1]) : rssKb };
}

/**
 * Samples a process's memory: /proc on Linux, `ps` on other Unixes (no peak there, so the peak is
 * the largest sample seen), nothing on Windows.
 */
export function sampleMemory(pid: number): Promise<MemorySample | undefined> {
  if (process.platform === 'linux') {
    return new Promise((resolve) => readFile(`/proc/${pid}/status`, 'latin1', (err, text) => resolve(err ? undefined : parseStatus(text))));
  }
  if (process.platform === 'win32') return Promise.resolve(undefined);
  return new Promise((resolve) =>
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], (err, stdout) => {
      const kb = Number(String(stdout).trim());
      resolve(err || !Number.isFinite(kb) || kb <= 0 ? undefined : { rssKb: kb, peakKb: kb });
    }),
  );
}

/** The synchronous Linux read, for the one sample taken when an environment finishes init. */
export function sampleMemorySync(pid: number): MemorySample | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return parseStatus(readFileSync(`/proc/${pid}/status`, 'latin1'));
  } catch {
    return undefined;
  }
}

/** How often a busy environment's memory is checked against its limit. */
export const MEMORY_POLL_MS = process.platform === 'linux' ? 40 : 250;

export interface MemoryWatched {
  readonly pid: number | undefined;
  memorySample(sample: MemorySample): void;
}

/**
 * One timer for every busy environment (rather than one per invocation), running only while some
 * environment is busy.
 */
export class MemoryWatch {
  private readonly watched = new Set<MemoryWatched>();
  private timer?: NodeJS.Timeout;

  add(target: MemoryWatched): void {
    this.watched.add(target);
    if (!this.timer && process.platform !== 'win32') {
      this.timer = setInterval(() => this.tick(), MEMORY_POLL_MS);
      this.timer.unref();
    }
  }

  delete(target: MemoryWatched): void {
    this.watched.delete(target);
  }

  private tick(): void {
    // Stopped from here rather than in delete(): warm invokes come and go far faster than the
    // period, and re-arming a timer on each one would cost more than a tick.
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    for (const target of this.watched) {
      const pid = target.pid;
      if (pid === undefined) continue;
      void sampleMemory(pid).then((sample) => {
        if (sample && this.watched.has(target)) target.memorySample(sample);
      });
    }
  }
}

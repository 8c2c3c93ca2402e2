import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEvent } from './logTypes';

/**
 * The store's on-disk layout, plain files only so it loads on any Node:
 *
 *   <root>/store.json                               { version, seqCeiling }
 *   <root>/groups/<slug>.<hash>/group.json          { name, creationTime }
 *   <root>/groups/<g>/streams/<slug>.<hash>/stream.json
 *   <root>/groups/<g>/streams/<s>/000001.ndjson     one event per line, append-only
 *
 * Directory names are a readable slug plus a hash of the exact name, since log names hold `/`,
 * `[`, `$` and may differ only in case (which macOS and Windows folders do not distinguish).
 * A torn last line (crash mid-write) is skipped on load; new writes always start a new segment.
 */
export interface PersistedEvent {
  /** eventId */
  id: string;
  /** timestamp */
  t: number;
  /** ingestionTime */
  i: number;
  /** message */
  m: string;
}

export interface LoadedSegment {
  number: number;
  file: string;
  events: PersistedEvent[];
}

export interface LoadedStream {
  name: string;
  creationTime: number;
  dir: string;
  segments: LoadedSegment[];
}

export interface LoadedGroup {
  name: string;
  creationTime: number;
  dir: string;
  streams: LoadedStream[];
}

interface StoreMeta {
  version: 1;
  seqCeiling: number;
}

const SEGMENT_FILE = /^(\d{6,})\.ndjson$/;

export function segmentFileName(number: number): string {
  return `${String(number).padStart(6, '0')}.ndjson`;
}

export function dirNameFor(name: string): string {
  const slug = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 60) || 'x';
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${slug}.${hash}`;
}

export class LogFiles {
  constructor(readonly root: string) {
    mkdirSync(join(root, 'groups'), { recursive: true });
  }

  readSeqCeiling(): number {
    const file = join(this.root, 'store.json');
    if (!existsSync(file)) return 0;
    try {
      const meta = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoreMeta>;
      return typeof meta.seqCeiling === 'number' ? meta.seqCeiling : 0;
    } catch {
      return 0;
    }
  }

  /** Written through a rename so a crash never leaves a half-written ceiling behind. */
  writeSeqCeiling(seqCeiling: number): void {
    const meta: StoreMeta = { version: 1, seqCeiling };
    const tmp = join(this.root, 'store.json.tmp');
    writeFileSync(tmp, JSON.stringify(meta));
    renameSync(tmp, join(this.root, 'store.json'));
  }

  createGroup(name: string, creationTime: number): string {
    const dir = join(this.root, 'groups', dirNameFor(name));
    mkdirSync(join(dir, 'streams'), { recursive: true });
    writeFileSync(join(dir, 'group.json'), JSON.stringify({ name, creationTime }));
    return dir;
  }

  createStream(groupDir: string, name: string, creationTime: number): string {
    const dir = join(groupDir, 'streams', dirNameFor(name));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'stream.json'), JSON.stringify({ name, creationTime }));
    return dir;
  }

  /** Appends `events[from..to)` as NDJSON `PersistedEvent` lines, written without building the objects. */
  appendEvents(file: string, events: readonly LogEvent[], from = 0, to = events.length): void {
    let text = '';
    for (let i = from; i < to; i++) {
      const e = events[i];
      text += `{"id":"${e.eventId}","t":${e.timestamp},"i":${e.ingestionTime},"m":${JSON.stringify(e.message)}}\n`;
    }
    appendFileSync(file, text);
  }

  removeFile(file: string): void {
    rmSync(file, { force: true });
  }

  removeDir(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  loadAll(): LoadedGroup[] {
    const groups: LoadedGroup[] = [];
    const groupsDir = join(this.root, 'groups');
    for (const entry of readdirSync(groupsDir)) {
      const dir = join(groupsDir, entry);
      const meta = readMeta(join(dir, 'group.json'));
      if (!meta) continue;
      const streams: LoadedStream[] = [];
      const streamsDir = join(dir, 'streams');
      for (const streamEntry of existsSync(streamsDir) ? readdirSync(streamsDir) : []) {
        const streamDir = join(streamsDir, streamEntry);
        const streamMeta = readMeta(join(streamDir, 'stream.json'));
        if (streamMeta) streams.push({ ...streamMeta, dir: streamDir, segments: loadSegments(streamDir) });
      }
      groups.push({ ...meta, dir, streams });
    }
    return groups;
  }
}

function readMeta(file: string): { name: string; creationTime: number } | undefined {
  try {
    const meta = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; creationTime?: unknown };
    if (typeof meta.name !== 'string' || typeof meta.creationTime !== 'number') return undefined;
    return { name: meta.name, creationTime: meta.creationTime };
  } catch {
    return undefined;
  }
}

function loadSegments(streamDir: string): LoadedSegment[] {
  const segments: LoadedSegment[] = [];
  for (const name of readdirSync(streamDir)) {
    const match = SEGMENT_FILE.exec(name);
    if (!match) continue;
    const file = join(streamDir, name);
    const events: PersistedEvent[] = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue;
      try {
        const event = JSON.parse(line) as PersistedEvent;
        if (typeof event.id === 'string' && typeof event.t === 'number' && typeof event.m === 'string') events.push(event);
      } catch {
        // A torn final line from a crash mid-write: the rest of the segment is still good.
      }
    }
    segments.push({ number: Number(match[1]), file, events });
  }
  return segments.sort((a, b) => a.number - b.number);
}

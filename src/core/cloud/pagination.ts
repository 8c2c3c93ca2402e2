import { invalidParameter } from './cloudErrors';

/**
 * Marker pagination as Lambda's List operations do it: at most `maxItems` per page, and an
 * opaque `NextMarker` when more follow. The marker names the last item returned (not an index),
 * so a page boundary stays right when items are added or deleted between calls.
 */
export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, marker: string | null, maxItems: number): { page: T[]; nextMarker?: string } {
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  let start = 0;
  if (marker !== null && marker !== '') {
    const after = decodeMarker(marker);
    start = sorted.findIndex((item) => compare(keyOf(item), after) > 0);
    if (start === -1) start = sorted.length;
  }
  const page = sorted.slice(start, start + maxItems);
  const more = start + maxItems < sorted.length;
  return more ? { page, nextMarker: encodeMarker(keyOf(page[page.length - 1])) } : { page };
}

/** Sort key of a version: `$LATEST` first, then numerically. */
export function versionKey(version: string): string {
  return version === '$LATEST' ? '$LATEST' : version.padStart(12, '0');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeMarker(key: string): string {
  return Buffer.from(JSON.stringify({ after: key })).toString('base64url');
}

function decodeMarker(marker: string): string {
  try {
    const value = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof value.after === 'string') return value.after;
  } catch {
    // fall through
  }
  throw invalidParameter(`Invalid marker: ${marker}`);
}

import { UserError } from '../errors';

/**
 * `--since` / `--until` values as `aws logs tail` takes them, turned into epoch milliseconds:
 *
 *   5m, 90s, 1h, 2d, 1w, 1h30m   a duration before `now`
 *   2024-05-01, 2024-05-01T10:00:00Z, 2024-05-01 10:00   an ISO date or date-time (no zone = UTC)
 *   1714557600000                epoch milliseconds
 *
 * Anything else is a one-line UserError naming the value.
 */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

export function parseTimeSpec(spec: string, now: number = Date.now()): number {
  const text = spec.trim().toLowerCase();
  if (text === '') throw invalid(spec);
  if (text === 'now') return now;
  if (DURATION.test(text)) {
    let total = 0;
    for (const [, amount, unit] of text.matchAll(DURATION_PART)) total += Number(amount) * UNIT_MS[unit];
    return Math.round(now - total);
  }
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw invalid(spec);
    return value;
  }
  if (ISO_DATE.test(text)) {
    // Date.parse reads a zone-less date-time as local time; logs are UTC, so say so explicitly.
    const hasZone = /(?:z|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10;
    const normalized = text.replace(' ', 't').toUpperCase();
    const value = Date.parse(hasZone || text.length === 10 ? normalized : `${normalized}Z`);
    if (Number.isFinite(value)) return value;
  }
  throw invalid(spec);
}

function invalid(spec: string): UserError {
  return new UserError(`cannot read the time "${spec}": use a duration (5m, 1h, 2d), an ISO date (2024-05-01T10:00:00Z) or epoch milliseconds`);
}

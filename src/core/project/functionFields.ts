import { isRecord } from './cfnIntrinsics';

/**
 * Checks shared by every project format for the numeric and enumerated fields of a
 * `FunctionSpec`, with Lambda's own limits, so a template the Lambda API would reject is
 * reported at discovery rather than at deploy.
 */

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; problem: string };

const limits = {
  timeout: { min: 1, max: 900, unit: 'seconds' },
  memorySize: { min: 128, max: 10240, unit: 'MB' },
} as const;

/** Accepts numbers and numeric strings (a parameter Default is often a string), whole and within Lambda's range. */
export function checkLimit(field: keyof typeof limits, label: string, value: unknown): FieldCheck<number> {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  const { min, max, unit } = limits[field];
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    return { ok: false, problem: `${label} must be a whole number of ${unit}, found ${JSON.stringify(value)}` };
  }
  if (n < min || n > max) return { ok: false, problem: `${label} must be between ${min} and ${max} ${unit}, found ${n}` };
  return { ok: true, value: n };
}

export function checkArchitectures(label: string, value: unknown): FieldCheck<('x86_64' | 'arm64')[]> {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 1 && (list[0] === 'x86_64' || list[0] === 'arm64')) return { ok: true, value: [list[0]] };
  return { ok: false, problem: `${label} must be [x86_64] or [arm64], found ${JSON.stringify(value)}` };
}

export function checkLogFormat(label: string, value: unknown): FieldCheck<'Text' | 'JSON'> {
  if (value === 'Text' || value === 'JSON') return { ok: true, value };
  return { ok: false, problem: `${label} must be Text or JSON, found ${JSON.stringify(value)}` };
}

/** HTTP methods as API Gateway names them: upper case, `ANY` for every method (`*` in serverless.yml). */
export function normalizeHttpMethod(method: string): string {
  const upper = method.trim().toUpperCase();
  return upper === '*' ? 'ANY' : upper;
}

/** `Queue` → `queue`, `BatchSize` → `batchSize`, `SQSQueue` left alone but for its first letter. */
export function lowerFirst(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

/** What a value is, for messages: `a list`, `a mapping`, `number 3`, `nothing`. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

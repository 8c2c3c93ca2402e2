/**
 * Checks on `json` parameters: the catalogue parses the JSON, but only the generator knows it
 * wants, say, an object of strings. A wrong shape is a one-line UserError naming the parameter.
 */
import { UserError } from '../errors';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown, paramName: string): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) throw new UserError(`parameter "${paramName}" must be a JSON object, got ${JSON.stringify(value)}`);
  return value;
}

function scalarText(value: unknown, paramName: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UserError(`parameter "${paramName}" must map names to strings, got ${JSON.stringify(value)}`);
}

/** `{"a": "1", "b": 2}` → `{ a: '1', b: '2' }`. */
export function asStringMap(value: unknown, paramName: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(asObject(value, paramName))) out[key] = scalarText(item, paramName);
  return out;
}

/** `{"a": "1", "b": ["2", "3"]}` → `{ a: ['1'], b: ['2', '3'] }` (headers and query strings repeat). */
export function asMultiMap(value: unknown, paramName: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, item] of Object.entries(asObject(value, paramName))) {
    out[key] = Array.isArray(item) ? item.map((v) => scalarText(v, paramName)) : [scalarText(item, paramName)];
  }
  return out;
}

export function asArray(value: unknown, paramName: string): unknown[] {
  if (!Array.isArray(value)) throw new UserError(`parameter "${paramName}" must be a JSON array, got ${JSON.stringify(value)}`);
  return value;
}

export function asStringArray(value: unknown, paramName: string): string[] {
  return asArray(value, paramName).map((item) => scalarText(item, paramName));
}

/** Whole numbers ≥ min for counts and sizes. */
export function asCount(value: number, paramName: string, min = 1, max = 10_000): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UserError(`parameter "${paramName}" must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Message bodies: a JSON value is serialised, a string is taken as is. */
export function bodyText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A string parameter limited to a few values, narrowed to their union. */
export function oneOf<const T extends string>(value: string, allowed: readonly T[], paramName: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`parameter "${paramName}" must be one of ${allowed.join(', ')}; got "${value}"`);
}

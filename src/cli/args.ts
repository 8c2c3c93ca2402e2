import { parseArgs } from 'node:util';
import { UserError } from '../core/errors';
import type { FlagOptions, ParsedArgs } from './command';

/**
 * Parses a command's arguments strictly: unknown flags, missing values and wrong types become a
 * one-line `UserError` (exit 2), never a stack trace.
 */
export function parseCommandArgs(argv: string[], flags: FlagOptions): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: flags, strict: true, allowPositionals: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw new UserError(describeParseError(error));
  }
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // node:util's messages are long and mention its own API ("To specify a positional argument…");
  // keep the first sentence, which names the flag.
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown flag ${unknown[1]}`;
  const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `flag ${missing[1].replace(/^-\w, /, '')} needs a value`;
  const noValue = /Option '([^']+)' does not take an argument/.exec(message);
  if (noValue) return `flag ${noValue[1]} does not take a value`;
  return message.split('\n')[0];
}

/** A flag's single string value (the last one given). */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  if (Array.isArray(value)) return value.length ? String(value[value.length - 1]) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable flag's values, in order. */
export function stringListFlag(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** A numeric flag, validated: `--timeout abc` is a one-line error naming the flag. */
export function numberFlag(args: ParsedArgs, name: string, range?: { min?: number; max?: number; integer?: boolean }): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UserError(`--${name} must be a number, got "${raw}"`);
  if (range?.integer && !Number.isInteger(value)) throw new UserError(`--${name} must be a whole number, got "${raw}"`);
  if (range?.min !== undefined && value < range.min) throw new UserError(`--${name} must be at least ${range.min}, got ${raw}`);
  if (range?.max !== undefined && value > range.max) throw new UserError(`--${name} must be at most ${range.max}, got ${raw}`);
  return value;
}

/** A flag that takes one of a few words (`--isolation thread|process`); anything else is a one-line error. */
export function choiceFlag<T extends string>(args: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new UserError(`--${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** Repeatable `K=V` flags (`--env`, `--runtime-path`) as a map; a value without `=` is a one-line error. */
export function keyValueListFlag(args: ParsedArgs, name: string, shape = 'KEY=VALUE'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of stringListFlag(args, name)) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UserError(`--${name} needs ${shape}, got "${value}"`);
    out[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return out;
}

/** All of standard input (for `--event -`). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

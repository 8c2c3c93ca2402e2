import { UserError } from '../errors';
import { jsonErrorPosition } from '../project/manifestText';
import { insertMember, rootObject, scanObject } from './jsonEdit';
import type { ManifestEvent } from './types';

/** A function's entry in serverless-workbench.json. */
export interface ManifestEntry {
  runtime: string;
  codeDir: string;
  handler: string;
  description?: string;
  events?: ManifestEvent[];
}

/** The names the manifest's `functions` already holds (for a manifest that parses). */
export function manifestFunctionNames(text: string, label: string): Set<string> {
  const value = parseJson(text, label);
  const functions = isObject(value) ? value.functions : undefined;
  return new Set(isObject(functions) ? Object.keys(functions) : []);
}

/**
 * The manifest text with `name` added to `functions` (the file is created when `text` is
 * undefined). Everything already in the file keeps its formatting.
 */
export function addManifestFunction(text: string | undefined, label: string, name: string, entry: ManifestEntry): string {
  if (text === undefined || text.trim() === '') return `${JSON.stringify({ functions: { [name]: entry } }, null, 2)}\n`;
  const value = parseJson(text, label);
  const root = rootObject(text);
  if (!isObject(value) || !root) throw new UserError(`cannot add the function to ${label}: it is not a JSON object`);
  const functions = root.members.find((member) => member.key === 'functions');
  let updated: string;
  if (!functions) updated = insertMember(text, root, 'functions', { [name]: entry });
  else if (!isObject(value.functions)) throw new UserError(`cannot add the function to ${label}: its "functions" is not an object`);
  else updated = insertMember(text, scanObject(text, functions.valueStart), name, entry);
  // The scanner's result is checked, so a formatting case it mishandles fails here, not in the user's file.
  const check = parseJson(updated, label);
  if (!isObject(check) || !isObject(check.functions) || JSON.stringify(check.functions[name]) !== JSON.stringify(entry)) {
    throw new Error(`internal error: adding "${name}" to ${label} did not give the expected JSON`);
  }
  return updated;
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    const where = jsonErrorPosition(text, error);
    throw new UserError(`cannot add the function to ${label}: it is not valid JSON${where ? ` (line ${where.line})` : ''}; fix it first`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

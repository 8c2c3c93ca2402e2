import { invalidParameter } from './cloudErrors';
import type { FunctionRecord } from './model';

/**
 * Tags on functions (deploy tags each function with its workspace source). Lambda tags a
 * function as a whole: the resource is an unqualified function ARN.
 */

const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9_-]{1,64})(:[^:]+)?$/;

/** The function named by a tag API's resource ARN. */
export function taggedFunctionName(arn: string): string {
  const match = FUNCTION_ARN.exec(arn);
  if (!match) throw invalidParameter(`1 validation error detected: Value '${arn}' at 'resource' failed to satisfy constraint: Member must be a Lambda function ARN`);
  if (match[2]) throw invalidParameter('Tags on function aliases and versions are not supported. Please specify a function ARN.');
  return match[1];
}

export function checkTags(tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128) throw invalidParameter(`Tag key "${key}" must be 1 to 128 characters long.`);
    if (value.length > 256) throw invalidParameter(`The value of tag "${key}" must be at most 256 characters long.`);
    if (key.toLowerCase().startsWith('aws:')) throw invalidParameter(`Tag key "${key}" uses the reserved prefix aws:.`);
  }
}

export function addTags(record: FunctionRecord, tags: Record<string, string>): void {
  checkTags(tags);
  const merged = { ...record.tags, ...tags };
  if (Object.keys(merged).length > 50) throw invalidParameter('A function can have at most 50 tags.');
  record.tags = merged;
}

export function removeTags(record: FunctionRecord, keys: readonly string[]): void {
  const remaining = { ...record.tags };
  for (const key of keys) delete remaining[key];
  record.tags = remaining;
}

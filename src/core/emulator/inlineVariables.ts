import type { FunctionSpec } from '../project/functionSpec';
import { RESERVED_VARIABLES } from './environmentVariables';

/**
 * Inline functions share the emulator's `process.env`: each adds its own variables when it loads
 * (Lambda's reserved ones stay out, since they differ per function; the context object carries
 * them). Two inline functions that disagree on a variable cannot both see their value, so the
 * emulator refuses `inline` for the second one (see `conflictingVariable`).
 */

export function inlineVariables(spec: FunctionSpec): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec.environment ?? {})) {
    if (!RESERVED_VARIABLES.has(key)) variables[key] = String(value);
  }
  return variables;
}

/** Sets the function's variables in this process's environment (last loaded wins). */
export function applyInlineVariables(spec: FunctionSpec): void {
  Object.assign(process.env, inlineVariables(spec));
}

/** The first variable `spec` sets to another value than one of `others` does, with that function's name. */
export function conflictingVariable(spec: FunctionSpec, others: FunctionSpec[]): { key: string; other: string } | undefined {
  const mine = inlineVariables(spec);
  for (const other of others) {
    if (other.name === spec.name) continue;
    const theirs = inlineVariables(other);
    for (const key of Object.keys(mine)) {
      if (key in theirs && theirs[key] !== mine[key]) return { key, other: other.name };
    }
  }
  return undefined;
}

import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { describeSource } from '../../core/project/discover';
import type { LocalFunction } from '../project/localFunction';
import type { Services } from '../services';

/**
 * The function a command acts on. Its first argument may be a function name (CodeLens, tests,
 * `executeCommand`), a `LocalFunction`, a tree node carrying `fn` (context menus), or nothing
 * (Command Palette: the user picks). Objects are looked up again by name, so a node rendered
 * before the last discovery still runs the current spec.
 */
export async function functionArg(services: Pick<Services, 'functions' | 'ui'>, arg: unknown, title: string): Promise<LocalFunction> {
  const name = nameOf(arg);
  if (name !== undefined) {
    const found = services.functions.get(name) ?? (await refreshed(services)).get(name);
    if (found) return found;
    // A node whose function just disappeared still describes what the user clicked.
    if (isLocalFunction(arg)) return arg;
    if (isNode(arg)) return arg.fn;
    const known = services.functions.list().map((fn) => fn.spec.name);
    throw new UserError(`no local function "${name}" in this workspace; found: ${known.length ? known.join(', ') : '(none)'}`);
  }
  let functions = services.functions.list();
  if (functions.length === 0) functions = (await refreshed(services)).list();
  if (functions.length === 0) {
    throw new UserError('no local functions in this workspace (they are read from serverless-workbench.json, template.yaml and serverless.yml)');
  }
  if (functions.length === 1) return functions[0];
  return services.ui.pick(
    functions.map((fn) => ({
      label: fn.spec.name,
      description: fn.spec.runtime,
      detail: describeSource(fn.spec, fn.root),
      value: fn,
    })),
    { title, placeholder: 'Pick a function' },
  );
}

/** Runs discovery once more: the function may have been added a moment ago, or activation is still discovering. */
async function refreshed(services: Pick<Services, 'functions'>): Promise<Services['functions']> {
  await services.functions.refresh();
  return services.functions;
}

function nameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (isLocalFunction(arg)) return arg.spec.name;
  if (isNode(arg)) return arg.fn.spec.name;
  return undefined;
}

function isLocalFunction(value: unknown): value is LocalFunction {
  if (typeof value !== 'object' || value === null) return false;
  const { spec, root } = value as Partial<LocalFunction>;
  return typeof root === 'string' && typeof spec === 'object' && spec !== null && typeof spec.name === 'string';
}

function isNode(value: unknown): value is { fn: LocalFunction } {
  return typeof value === 'object' && value !== null && isLocalFunction((value as { fn?: unknown }).fn);
}

/** A path for messages: relative to the function's workspace folder. */
export function shownPath(fn: LocalFunction, file: string): string {
  const relative = path.relative(fn.root, file);
  return relative && !relative.startsWith('..') ? relative.split(path.sep).join('/') : file;
}

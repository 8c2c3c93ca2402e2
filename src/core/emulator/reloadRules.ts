import type { ProjectDiagnostic } from '../project/diagnostics';
import type { WorkspaceDiscovery } from '../project/discover';
import type { FunctionSpec } from '../project/functionSpec';
import { buildRoutes } from './apiRoutes';

/**
 * What a reload of the local server does with a project file caught in a broken state, and which
 * routes collide across files. Kept apart from the server so the rules can be read (and tested)
 * on their own.
 */

/**
 * Files that are still there but could not be used at all: they yielded no function, had
 * functions before, and have an error about the file as a whole (a YAML or JSON syntax error, a
 * section of the wrong shape, an unreadable file). The server keeps serving what they declared
 * before, so a half-typed edit does not take functions away. An error about one function (it
 * names the function) removes that function, as a deleted or broken declaration should.
 */
export function unusableFiles(found: WorkspaceDiscovery, previous: readonly FunctionSpec[]): string[] {
  const unusable: string[] = [];
  for (const file of new Set(found.files)) {
    if (found.functions.some((spec) => spec.source?.file === file)) continue;
    const before = previous.filter((spec) => spec.source?.file === file).map((spec) => spec.name);
    if (before.length === 0) continue;
    const fileErrors = found.diagnostics.filter((d) => d.file === file && d.severity === 'error');
    if (fileErrors.some((d) => !isAboutAFunction(d.message, before))) unusable.push(file);
  }
  return unusable;
}

/** The manifest starts its per-function messages with `function "name":`; templates name the function (its logical ID or key). */
function isAboutAFunction(message: string, names: readonly string[]): boolean {
  return /^function "/.test(message) || names.some((name) => mentions(message, name));
}

/** Whether `message` names `name` as a whole word (`HelloFunction`, not `HelloFunctionRole`). */
export function mentions(message: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`).test(message);
}

/**
 * The same route declared by functions of different files: API Gateway emulation sends it to the
 * first, and says so. (A manifest reports its own duplicates already.)
 */
export function routeConflicts(functions: readonly FunctionSpec[]): ProjectDiagnostic[] {
  const owners = new Map(buildRoutes([...functions]).map((route) => [route.routeKey, route.functionName]));
  const byName = new Map(functions.map((spec) => [spec.name, spec]));
  const warnings: ProjectDiagnostic[] = [];
  for (const spec of functions) {
    if (!spec.source) continue;
    // The function's own routes, keyed as the gateway keys them.
    for (const { routeKey } of buildRoutes([spec])) {
      const owner = owners.get(routeKey);
      if (owner === undefined || owner === spec.name) continue;
      const ownerFile = byName.get(owner)?.source?.file;
      if (ownerFile === spec.source.file) continue;
      warnings.push({
        file: spec.source.file,
        line: spec.source.line,
        message: `${spec.name}: route ${routeKey} is also declared by ${owner} (${ownerFile ?? 'no project file'}); requests go to ${owner}`,
        severity: 'warning',
      });
    }
  }
  return warnings;
}

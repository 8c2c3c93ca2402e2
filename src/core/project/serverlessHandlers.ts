import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { runtimeFamily } from '../emulator/handlerFile';
import type { ProjectDiagnostic } from './diagnostics';
import type { FunctionSpec } from './functionSpec';
import { handlerSourceCandidates, splitHandler } from './handlerLocation';

/**
 * Serverless Framework functions whose handler file is not in the service folder, as warnings
 * at the function's line: a typo in `handler:` otherwise shows only when the function is invoked.
 * Warnings, not errors: the file may be a build output that does not exist yet. TypeScript
 * sources count (`src/handler.hello` → src/handler.ts: serverless-esbuild, serverless-plugin-typescript
 * and v4's built-in esbuild all compile it, and so does the emulator).
 */
export async function missingServerlessHandlers(functions: readonly FunctionSpec[]): Promise<ProjectDiagnostic[]> {
  const problems: ProjectDiagnostic[] = [];
  for (const spec of functions) {
    if (spec.source?.kind !== 'serverless' || spec.handler === '') continue;
    const family = runtimeFamily(spec.runtime);
    // Custom runtimes' bootstrap is usually built (Go, Rust) into an artifact: nothing to check here.
    if (family !== 'node' && family !== 'python') continue;
    if (!(await isDirectory(spec.codeDir))) continue; // reported as a missing code folder already
    const candidates = handlerSourceCandidates(spec);
    if (candidates.length === 0) continue; // a malformed handler string is the emulator's to explain
    if ((await Promise.all(candidates.map(isFile))).some(Boolean)) continue;
    problems.push({
      file: spec.source.file,
      line: spec.source.line,
      message: `The handler file of ${spec.name} was not found: ${expected(spec, family)} in ${spec.codeDir} (handler: ${spec.handler})`,
      severity: 'warning',
    });
  }
  return problems;
}

function expected(spec: FunctionSpec, family: 'node' | 'python'): string {
  const module = splitHandler(spec.handler, family)?.modulePath ?? spec.handler;
  const shown = module.split('/').join(path.sep);
  return family === 'python' ? `no ${shown}.py` : `no ${shown}.js, .mjs, .cjs, .ts, .mts or .cts`;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

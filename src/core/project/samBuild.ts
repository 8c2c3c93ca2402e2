import * as path from 'node:path';
import { isRecord } from './cfnIntrinsics';
import type { JsonObject } from './cfnIntrinsics';

/**
 * What a function's `Metadata.BuildMethod` (how `sam build` builds it) means for running its
 * sources locally, where there is no build step: the emulator compiles TypeScript itself and runs
 * JavaScript and Python as they are, so only the handler's module path may need translating.
 */

export interface BuildOutcome {
  /** The handler string to run the sources with, when it differs from the template's. */
  handler?: string;
  /** Why the sources may not run as `sam build` would build them. */
  warning?: { at: string[]; message: string };
}

/**
 * `BuildMethod: esbuild` bundles `BuildProperties.EntryPoints` (paths in CodeUri) into the
 * artifact's root with esbuild's default layout: one entry point lands as `<name>.js`; several
 * keep their paths below their lowest common folder. `Handler` names that output, so
 * `app.lambdaHandler` with `EntryPoints: [src/app.ts]` runs `src/app.ts` here.
 */
export function samBuildOutcome(id: string, runtime: string, handler: string, metadata: JsonObject): BuildOutcome {
  const method = typeof metadata.BuildMethod === 'string' ? metadata.BuildMethod : undefined;
  if (method === undefined) return {};
  if (method === 'esbuild') return runtime.startsWith('nodejs') ? esbuildOutcome(id, handler, metadata.BuildProperties) : {};
  if (method === 'makefile') {
    return {
      warning: {
        at: ['Metadata', 'BuildMethod'],
        message: `${id} is built by its Makefile (target build-${id}); locally its CodeUri runs as it is, without that build step`,
      },
    };
  }
  // go1.x, rust-cargolambda, dotnet…: the executable `bootstrap` exists only after `sam build`.
  if (runtime.startsWith('provided')) {
    return {
      warning: {
        at: ['Metadata', 'BuildMethod'],
        message: `${id} is built by sam build (BuildMethod: ${method}); locally its CodeUri must already hold the built bootstrap executable`,
      },
    };
  }
  return {};
}

function esbuildOutcome(id: string, handler: string, properties: unknown): BuildOutcome {
  const entries = isRecord(properties) && Array.isArray(properties.EntryPoints) ? properties.EntryPoints.filter((e): e is string => typeof e === 'string') : [];
  if (entries.length === 0) {
    return { warning: { at: ['Metadata', 'BuildProperties'], message: `${id} is built with esbuild but its Metadata.BuildProperties has no EntryPoints` } };
  }
  const module = handlerModule(handler);
  if (!module) return {};
  const sources = entries.map((entry) => path.posix.normalize(entry.replace(/\\/g, '/')).replace(/^\.\//, '').replace(/\.[cm]?[jt]sx?$/, ''));
  const base = commonFolder(sources.map((source) => path.posix.dirname(source)));
  const match = sources.find((source) => path.posix.relative(base, source) === module.path);
  if (!match) {
    const outputs = sources.map((source) => path.posix.relative(base, source));
    return {
      warning: {
        at: ['Metadata', 'BuildProperties', 'EntryPoints'],
        message: `Handler ${handler} of ${id} names module ${module.path}, which none of its esbuild EntryPoints builds (they build ${outputs.join(', ')})`,
      },
    };
  }
  return match === module.path ? {} : { handler: `${match}${module.rest}` };
}

/** `src/app.handler` → `{ path: 'src/app', rest: '.handler' }`, the way Lambda's Node.js runtime splits it. */
function handlerModule(handler: string): { path: string; rest: string } | undefined {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot <= slash + 1) return undefined;
  return { path: path.posix.normalize(handler.slice(0, dot)).replace(/^\.\//, ''), rest: handler.slice(dot) };
}

/** The lowest folder holding all of `folders` (relative, POSIX), `.` for the code folder itself. */
function commonFolder(folders: string[]): string {
  const split = folders.map((folder) => (folder === '.' ? [] : folder.split('/')));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && i < parts.length && parts[i] === first[i]) i++;
    length = i;
  }
  return length === 0 ? '.' : first.slice(0, length).join('/');
}

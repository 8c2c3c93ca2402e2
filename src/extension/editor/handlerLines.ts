import * as path from 'node:path';
import { runtimeFamily } from '../../core/emulator/handlerFile';
import { findHandlerLine, splitHandler } from '../../core/project/handlerLocation';
import type { LocalFunction } from '../project/localFunction';

/**
 * Which functions have their handler in a document, and on which line. Pure: the providers pass
 * the document's path and text.
 *
 * Discovery finds `handlerLine` in the file on disk; while the user types, the declaration moves,
 * so the line is looked up again in the live text with discovery's own search. The discovered
 * line is kept when the search cannot answer (a half-typed declaration, runtimes it does not
 * read): a lens that vanished while typing would make the editor's lines jump.
 */
export function liveHandlerLine(fn: LocalFunction, lines: readonly string[], text: string): number | undefined {
  const family = runtimeFamily(fn.spec.runtime);
  if (family === 'node' || family === 'python') {
    const exportName = splitHandler(fn.spec.handler, family)?.exportName;
    const looseName = fn.spec.handler.slice(fn.spec.handler.lastIndexOf('.') + 1);
    const found =
      (exportName === undefined ? undefined : findHandlerLine(text, exportName, family)) ??
      (looseName !== exportName ? findHandlerLine(text, looseName, family) : undefined);
    if (found !== undefined) return found;
  }
  return fn.handlerLine !== undefined && fn.handlerLine < lines.length ? fn.handlerLine : undefined;
}

function samePath(a: string, b: string): boolean {
  return path.normalize(a) === path.normalize(b);
}

export function functionsInFile(functions: readonly LocalFunction[], file: string): LocalFunction[] {
  return functions.filter((fn) => fn.handlerFile !== undefined && fn.handlerLine !== undefined && samePath(fn.handlerFile, file));
}

/** Handler line (0-based) → the functions declared there, for one document, in discovery order. */
export function handlerLines(functions: readonly LocalFunction[], file: string, text: string): Map<number, LocalFunction[]> {
  const byLine = new Map<number, LocalFunction[]>();
  const inFile = functionsInFile(functions, file);
  if (!inFile.length) return byLine;
  const lines = text.split(/\r?\n/);
  for (const fn of inFile) {
    const line = liveHandlerLine(fn, lines, text);
    if (line === undefined) continue;
    byLine.set(line, [...(byLine.get(line) ?? []), fn]);
  }
  return byLine;
}

import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { runtimeFamily, type RuntimeFamily } from '../emulator/handlerFile';
import type { FunctionSpec } from './functionSpec';

/**
 * Where a function's handler is written: the source file (TypeScript preferred over the
 * JavaScript built from it) and the line of the exported declaration, for "Open Handler",
 * CodeLens and inline results. Pure text search: workspace code is never loaded or run, so this
 * also works in untrusted workspaces.
 */
export interface HandlerLocation {
  /** Absolute path of the handler's source file. */
  file: string;
  /** 0-based line of the handler's declaration, when found. */
  line?: number;
}

/** Source before build output: a `.ts` beside its compiled `.js` is what the user edits. */
const nodeSourceExtensions = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

export interface HandlerParts {
  /** The module path relative to the code folder, without extension (`src/app`, `pkg/mod`). */
  modulePath: string;
  /** The exported name the runtime calls (first segment of a nested Node path like `a.b`). */
  exportName: string;
}

/**
 * Splits a handler string the way each runtime does. Node (like AWS's runtime client) takes the
 * module up to the first dot of the last path segment (`src/app.handler`, `index.nested.fn`);
 * Python takes everything up to the last dot as a dotted module path (`pkg.mod.handler`).
 */
export function splitHandler(handler: string, family: RuntimeFamily): HandlerParts | undefined {
  if (family === 'python') {
    const dot = handler.lastIndexOf('.');
    if (dot <= 0 || dot === handler.length - 1) return undefined;
    return { modulePath: handler.slice(0, dot).replace(/\./g, '/'), exportName: handler.slice(dot + 1) };
  }
  const slash = handler.lastIndexOf('/');
  const base = handler.slice(slash + 1);
  const match = /^([^.]+)\.(.+)$/.exec(base);
  if (!match) return undefined;
  return { modulePath: handler.slice(0, slash + 1) + match[1], exportName: match[2].split('.')[0] };
}

/** Files the handler may be written in, most likely first. */
export function handlerSourceCandidates(spec: Pick<FunctionSpec, 'codeDir' | 'handler' | 'runtime'>): string[] {
  const family = runtimeFamily(spec.runtime);
  if (!family) return [];
  if (family === 'provided') return [path.join(spec.codeDir, 'bootstrap')];
  const parts = splitHandler(spec.handler, family);
  if (!parts || parts.modulePath.split('/').includes('..')) return [];
  const base = path.join(spec.codeDir, parts.modulePath);
  if (family === 'python') return [`${base}.py`];
  const candidates = nodeSourceExtensions.map((ext) => base + ext);
  // A module name with dots (`my.module.handler`) is not how Lambda reads it, but users write it.
  const lastDot = spec.handler.lastIndexOf('.');
  const loose = spec.handler.slice(0, lastDot);
  if (lastDot > 0 && loose !== parts.modulePath && !loose.split('/').includes('..')) {
    candidates.push(...nodeSourceExtensions.map((ext) => path.join(spec.codeDir, loose) + ext));
  }
  return candidates;
}

export async function locateHandler(spec: Pick<FunctionSpec, 'codeDir' | 'handler' | 'runtime'>): Promise<HandlerLocation | undefined> {
  const family = runtimeFamily(spec.runtime);
  if (!family) return undefined;
  for (const file of handlerSourceCandidates(spec)) {
    if (!(await isFile(file))) continue;
    if (family === 'provided') return { file };
    const parts = splitHandler(spec.handler, family);
    const looseName = spec.handler.slice(spec.handler.lastIndexOf('.') + 1);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { file };
    }
    const line = findHandlerLine(text, parts?.exportName ?? looseName, family) ?? (looseName !== parts?.exportName ? findHandlerLine(text, looseName, family) : undefined);
    return line === undefined ? { file } : { file, line };
  }
  return undefined;
}

/**
 * The 0-based line where `exportName` is declared as an export in a handler's source text.
 * Also used on unsaved editor text, where the line moves as the user types.
 */
export function findHandlerLine(text: string, exportName: string, family: RuntimeFamily): number | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(exportName)) return undefined;
  if (family === 'python') return findPythonLine(text, exportName);
  if (family === 'node') return findNodeLine(text, exportName);
  return undefined;
}

function findPythonLine(text: string, name: string): number | undefined {
  const masked = maskPython(text);
  const n = escape(name);
  const patterns = [
    new RegExp(`^(?:async[ \\t]+)?def[ \\t]+${n}[ \\t]*\\(`, 'm'),
    // Defined under an `if`/`try` at module level.
    new RegExp(`^[ \\t]+(?:async[ \\t]+)?def[ \\t]+${n}[ \\t]*\\(`, 'm'),
    // `handler = make_handler(...)`, `handler = Mangum(app)`.
    new RegExp(`^${n}[ \\t]*(?::[^=\\n]*)?=(?!=)`, 'm'),
  ];
  return firstLine(masked, patterns);
}

function findNodeLine(text: string, name: string): number | undefined {
  const masked = maskJavaScript(text);
  const n = escape(name);
  if (name === 'default') {
    return firstLine(masked, [/\bexport\s+default\b/, /\bmodule\.exports\s*=/]);
  }
  // `export const handler = …`, `export async function handler(…)`: the declaration itself.
  const direct = firstLine(masked, [
    new RegExp(`\\bexport\\s+(?:const|let|var)\\s+${n}\\b`),
    new RegExp(`\\bexport\\s+(?:async\\s+)?function\\s*\\*?\\s*${n}\\s*[(<]`),
    new RegExp(`\\bexport\\s+class\\s+${n}\\b`),
  ]);
  if (direct !== undefined) return direct;

  // `exports.handler = …`: when the right side is a bare name, its declaration is the handler.
  const assignment = new RegExp(`\\b(?:module\\.)?exports\\.${n}\\s*=(?!=)\\s*([A-Za-z_$][\\w$]*\\s*(?:;|$))?`, 'm').exec(masked);
  if (assignment) {
    const local = assignment[1]?.replace(/[\s;]/g, '');
    return (local ? localDeclaration(masked, local) : undefined) ?? lineAt(masked, assignment.index);
  }

  const fromObject = objectExportLine(masked, name);
  if (fromObject !== undefined) return fromObject;
  return exportListLine(masked, name);
}

/** `module.exports = { handler }`, `{ handler: impl }`, `{ handler(event) {…} }`, `{ handler: async () => … }`. */
function objectExportLine(masked: string, name: string): number | undefined {
  const start = /\bmodule\.exports\s*=\s*\{/.exec(masked);
  if (!start) return undefined;
  const open = start.index + start[0].length - 1;
  const body = topLevelBody(masked, open);
  const n = escape(name);
  // Only a key counts (after `{` or `,`), never a value that happens to be the same name.
  const entry = new RegExp(`(?:^|,)\\s*(?:async\\s+)?(${n})\\s*(?:(:)\\s*(?:([A-Za-z_$][\\w$]*)\\s*(?=,|$))?|(\\()|(?=,|$))`, 'd').exec(body);
  if (!entry?.indices?.[1]) return undefined;
  const keyOffset = open + 1 + entry.indices[1][0];
  const local = entry[2] ? entry[3] : entry[4] ? undefined : name;
  return (local ? localDeclaration(masked, local) : undefined) ?? lineAt(masked, keyOffset);
}

/** `export { impl as handler }`, `export { handler }` (also re-exports, pointing at the export list). */
function exportListLine(masked: string, name: string): number | undefined {
  const list = /\bexport\s*(?:type\s*)?\{([^}]*)\}(\s*from\b)?/g;
  for (let match = list.exec(masked); match; match = list.exec(masked)) {
    const bodyStart = match.index + match[0].indexOf('{') + 1;
    let offset = 0;
    for (const part of match[1].split(',')) {
      const spec = /^\s*([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?\s*$/.exec(part);
      if (spec && (spec[2] ?? spec[1]) === name) {
        const at = bodyStart + offset + part.search(/\S/);
        if (match[2]) return lineAt(masked, at);
        return localDeclaration(masked, spec[1]) ?? lineAt(masked, at);
      }
      offset += part.length + 1;
    }
  }
  return undefined;
}

function localDeclaration(masked: string, local: string): number | undefined {
  const n = escape(local);
  return firstLine(masked, [
    new RegExp(`^[ \\t]*(?:export\\s+)?(?:async\\s+)?function\\s*\\*?\\s*${n}\\s*[(<]`, 'm'),
    new RegExp(`^[ \\t]*(?:export\\s+)?(?:const|let|var)\\s+${n}\\b`, 'm'),
    new RegExp(`^[ \\t]*(?:export\\s+)?class\\s+${n}\\b`, 'm'),
  ]);
}

/**
 * The text after the `{` at `open` up to its closing brace, same offsets, with everything nested
 * deeper than the object's own entries blanked (bracket characters of the first level kept).
 */
function topLevelBody(masked: string, open: number): string {
  let depth = 1;
  let out = '';
  for (let i = open + 1; i < masked.length; i++) {
    const c = masked[i];
    if (c === '{' || c === '(' || c === '[') {
      out += depth === 1 ? c : ' ';
      depth++;
    } else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0) break;
      out += depth === 1 ? c : ' ';
    } else {
      out += depth === 1 || c === '\n' ? c : ' ';
    }
  }
  return out;
}

function firstLine(text: string, patterns: RegExp[]): number | undefined {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return lineAt(text, match.index + (match[0].length - match[0].trimStart().length));
  }
  return undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function escape(name: string): string {
  return name.replace(/\$/g, '\\$');
}

/**
 * Blanks comments and string contents (keeping every offset and newline), so a commented-out or
 * quoted `export const handler` is never taken for the declaration.
 */
export function maskJavaScript(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number): void => {
    for (let i = from; i < to; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') j++;
        else if (c !== '`' && text[j] === '\n') break;
        j++;
      }
      blank(i + 1, Math.min(j, text.length));
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Python flavour of `maskJavaScript`: `#` comments and string literals, including triple-quoted ones. */
export function maskPython(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number): void => {
    for (let i = from; i < to; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) {
        if (text[j] === '\\') j++;
        else if (!triple && text[j] === '\n') break;
        j++;
      }
      blank(i + quote.length, Math.min(j, text.length));
      i = j + quote.length;
    } else {
      i++;
    }
  }
  return out.join('');
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

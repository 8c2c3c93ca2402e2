import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Stack frames out of Lambda error payloads and log text, for clickable links. Pure (no `vscode`)
 * so it is unit-tested under plain Node.
 */

export interface StackFrame {
  /** As written in the trace until `userFrames` resolves it to an absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, when the runtime gives one (Node does, Python does not). */
  column?: number;
  functionName?: string;
}

/** A frame found in text, with the offsets of its location (`path:line:col`) for a link's range. */
export interface FrameMatch {
  frame: StackFrame;
  start: number;
  end: number;
}

// `at fn (/abs/file.ts:12:5)`, `at async Object.<anonymous> (file:///x.mjs:1:2)`. Quotes are
// excluded so frames inside one-line JSON log records (`"stack":["    at …","    at …"]`) stay apart.
const NODE_CALL = /\bat\s+(?:async\s+)?(?:([^\s()"'][^()"']*?)\s+)?\(([^()"']+?):(\d+):(\d+)\)/dg;
// `at /abs/file.js:3:1` (anonymous functions) and esbuild's compile errors' `at app.ts:3:5`.
const NODE_BARE = /\bat\s+(?:async\s+)?([^\s()"']+?):(\d+):(\d+)(?=$|[\s"',)\]}])/dg;
// `File "/abs/x.py", line 7, in handler`, also JSON-escaped (`File \"…\"`) in JSON-format logs,
// and the runtime's syntax-error form `File "/abs/x.py" Line 7`.
const PYTHON = /\bFile\s+(\\?")(.+?)\1,?\s+[Ll]ine\s+(\d+)(?:,\s+in\s+([^\s\\"]+))?/dg;

/** Every Node or Python frame written in `text`, in order of appearance. */
export function findFrames(text: string): FrameMatch[] {
  const found: FrameMatch[] = [];
  for (const m of text.matchAll(NODE_CALL)) {
    const [start] = m.indices![2];
    const end = m.indices![4][1];
    found.push({ frame: frame(m[2], m[3], m[4], m[1]), start, end });
  }
  for (const m of text.matchAll(NODE_BARE)) {
    found.push({ frame: frame(m[1], m[2], m[3]), start: m.indices![1][0], end: m.indices![3][1] });
  }
  for (const m of text.matchAll(PYTHON)) {
    // An escaped quote means the path itself is JSON-escaped too (Windows backslashes).
    const file = m[1] === '\\"' ? m[2].replace(/\\\\/g, '\\') : m[2];
    found.push({ frame: frame(file, m[3], undefined, m[4]), start: m.indices![2][0], end: m.indices![3][1] });
  }
  found.sort((a, b) => a.start - b.start);
  // A bare `at path:1:2` can also match inside a call frame's parentheses' text; keep the first.
  return found.filter((match, i) => i === 0 || match.start >= found[i - 1].end);
}

function frame(file: string, line: string, column?: string, functionName?: string): StackFrame {
  return {
    file,
    line: Number(line),
    ...(column ? { column: Number(column) } : {}),
    ...(functionName ? { functionName: functionName.trim() } : {}),
  };
}

/**
 * The frames of an error payload: Node's `trace` (the stack's lines), Python's `stackTrace`
 * (formatted strings, or `[file, line, function, code]` arrays in older runtimes), or a
 * `stackTrace` of lines as Node's structured log errors carry.
 */
export function framesOfError(payload: unknown): StackFrame[] {
  if (!payload || typeof payload !== 'object') return [];
  const record = payload as Record<string, unknown>;
  const frames: StackFrame[] = [];
  for (const list of [record.trace, record.stackTrace]) {
    if (typeof list === 'string') frames.push(...findFrames(list).map((m) => m.frame));
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (typeof item === 'string') frames.push(...findFrames(item).map((m) => m.frame));
      else if (Array.isArray(item)) {
        const [file, line, functionName] = item as unknown[];
        const lineNumber = Number(line);
        if (typeof file === 'string' && Number.isInteger(lineNumber) && lineNumber > 0) {
          frames.push({ file, line: lineNumber, ...(typeof functionName === 'string' ? { functionName } : {}) });
        }
      }
    }
  }
  return frames;
}

/**
 * The absolute path a frame's file names: `file://` URLs (ES modules) are converted, relative
 * paths (esbuild's compile errors) resolved against `baseDir`; `node:internal/…`,
 * `<anonymous>` and the like give undefined.
 */
export function resolveFrameFile(file: string, baseDir?: string): string | undefined {
  if (file.startsWith('file://')) {
    try {
      return fileURLToPath(file);
    } catch {
      return undefined;
    }
  }
  if (path.isAbsolute(file)) return path.normalize(file);
  // Other schemes (`node:`, `webpack:`, `wasm:`) and `<anonymous>` are not files.
  if (/^[a-z][\w+.-]*:/i.test(file) || file.startsWith('<') || !baseDir) return undefined;
  return path.resolve(baseDir, file);
}

export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export interface FrameFilter {
  /** The function's code folder and the workspace folders: frames elsewhere are runtime internals. */
  roots: readonly string[];
  /** Folders never linked even when inside a root (the extension's own runtimes, when it is developed in the workspace). */
  exclude?: readonly string[];
  /** Relative frame paths are resolved against it (the function's code folder). */
  baseDir?: string;
  exists: (file: string) => boolean;
}

/**
 * The frames worth a link: resolved to absolute paths, inside a root, not in `node_modules`
 * (dependencies, and the emulator's compiled TypeScript cache when a source map was missing), and
 * present on disk. Repeats of one location are dropped.
 */
export function userFrames(frames: readonly StackFrame[], filter: FrameFilter): StackFrame[] {
  const seen = new Set<string>();
  const kept: StackFrame[] = [];
  for (const original of frames) {
    const file = resolveFrameFile(original.file, filter.baseDir);
    if (!file || !isUserFile(file, filter)) continue;
    const key = `${file}:${original.line}:${original.column ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push({ ...original, file });
  }
  return kept;
}

export function isUserFile(file: string, filter: FrameFilter): boolean {
  if (file.split(/[\\/]/).includes('node_modules')) return false;
  if (!filter.roots.some((root) => isInside(file, root))) return false;
  if (filter.exclude?.some((folder) => isInside(file, folder))) return false;
  return filter.exists(file);
}

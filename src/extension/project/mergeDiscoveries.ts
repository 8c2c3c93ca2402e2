import { oneLine } from '../../core/errors';
import type { ProjectDiagnostic } from '../../core/project/diagnostics';
import type { FunctionSpec } from '../../core/project/functionSpec';

/**
 * Combines the discoveries of several workspace folders into one list of functions, the way a
 * single workspace would be read: names stay unique across folders (the first folder wins, later
 * declarations are reported), and a folder nested in another is not reported against itself.
 * No `vscode` here, so it is unit-tested under plain Node.
 */
export interface FolderDiscovery {
  root: string;
  functions?: readonly FunctionSpec[];
  diagnostics?: readonly ProjectDiagnostic[];
  /** Files the folder's project files read (watched for changes too). */
  dependencies?: readonly string[];
  /** Discovery of the whole folder failed. */
  error?: unknown;
}

export interface MergedDiscovery {
  functions: { spec: FunctionSpec; root: string }[];
  diagnostics: ProjectDiagnostic[];
}

export function mergeDiscoveries(folders: readonly FolderDiscovery[]): MergedDiscovery {
  const functions: MergedDiscovery['functions'] = [];
  const diagnostics: ProjectDiagnostic[] = [];
  const seenDiagnostics = new Set<string>();
  const addDiagnostic = (d: ProjectDiagnostic): void => {
    const key = `${d.file}\0${d.line ?? ''}\0${d.column ?? ''}\0${d.message}`;
    if (seenDiagnostics.has(key)) return;
    seenDiagnostics.add(key);
    diagnostics.push(d);
  };
  const byName = new Map<string, FunctionSpec>();
  for (const folder of folders) {
    if (folder.error !== undefined) {
      addDiagnostic({ file: folder.root, message: `Could not discover functions: ${oneLine(folder.error)}`, severity: 'error' });
      continue;
    }
    for (const d of folder.diagnostics ?? []) addDiagnostic(d);
    for (const spec of folder.functions ?? []) {
      const first = byName.get(spec.name);
      if (!first) {
        byName.set(spec.name, spec);
        functions.push({ spec, root: folder.root });
      } else if (!sameDeclaration(first, spec)) {
        addDiagnostic({
          file: spec.source?.file ?? folder.root,
          line: spec.source?.line,
          message: `Function name "${spec.name}" is declared twice: in ${place(first)} and in ${place(spec)}; only the first is used (rename one of them)`,
          severity: 'error',
        });
      }
    }
  }
  return { functions, diagnostics };
}

/** A folder inside another workspace folder is discovered twice: the same declaration is not a duplicate. */
function sameDeclaration(a: FunctionSpec, b: FunctionSpec): boolean {
  return a.source !== undefined && b.source !== undefined && a.source.file === b.source.file && a.source.line === b.source.line;
}

function place(spec: FunctionSpec): string {
  if (!spec.source) return spec.codeDir;
  return spec.source.line ? `${spec.source.file}:${spec.source.line}` : spec.source.file;
}

/** A diagnostic as the Problems panel places it: 0-based line and column. */
export interface Problem {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

/** Diagnostics per file, with 0-based positions (a diagnostic without a line goes on the first). */
export function problemsByFile(diagnostics: readonly ProjectDiagnostic[]): Map<string, Problem[]> {
  const byFile = new Map<string, Problem[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push({ line: Math.max(0, (d.line ?? 1) - 1), column: Math.max(0, (d.column ?? 1) - 1), message: d.message, severity: d.severity });
    byFile.set(d.file, list);
  }
  return byFile;
}

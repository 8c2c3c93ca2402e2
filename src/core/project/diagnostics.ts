import type { FunctionSpec } from './functionSpec';

/** A problem in a project file: shown in the Problems panel and printed by the CLI as `file:line: message`. */
export interface ProjectDiagnostic {
  /** Absolute path. */
  file: string;
  /** 1-based, when known. */
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

/** What reading one project file (or a whole workspace) yields: the functions that loaded, and the problems. */
export interface DiscoveryResult {
  functions: FunctionSpec[];
  diagnostics: ProjectDiagnostic[];
  /**
   * Other files the result depends on (absolute paths, which need not exist): `${file(…)}`
   * targets, `.env` files, the modules a serverless.ts imports. A change to one, or its
   * creation, should trigger discovery again.
   */
  dependencies?: string[];
}

export function formatDiagnostic(d: ProjectDiagnostic): string {
  const where = d.line ? `${d.file}:${d.line}${d.column ? `:${d.column}` : ''}` : d.file;
  return `${where}: ${d.severity}: ${d.message}`;
}

import type * as vscode from 'vscode';
import type { FunctionSpec } from '../../core/project/functionSpec';

/**
 * A function of the workspace as the editor sees it: the discovered spec plus where its handler
 * lives, for CodeLens, inline results and "Open Handler". Produced by `WorkspaceFunctions`.
 */
export interface LocalFunction {
  spec: FunctionSpec;
  /** Absolute path of the workspace folder it was discovered in (saved events live under it). */
  root: string;
  /** Absolute path of the handler's source file (`.ts` preferred over compiled `.js`), when found. */
  handlerFile?: string;
  /** 0-based line of the handler's declaration in `handlerFile`, when found. */
  handlerLine?: number;
}

/** The workspace's functions, kept current as project files change. */
export interface LocalFunctions {
  readonly onDidChange: vscode.Event<void>;
  list(): readonly LocalFunction[];
  get(name: string): LocalFunction | undefined;
  /** Runs discovery again (also done automatically when project files change). */
  refresh(): Promise<void>;
}

import * as vscode from 'vscode';
import { oneLine } from '../../core/errors';
import { discoverFunctions, projectFileNames } from '../../core/project/discover';
import { handlerSourceCandidates, locateHandler } from '../../core/project/handlerLocation';
import type { LocalFunction, LocalFunctions } from './localFunction';
import { mergeDiscoveries, problemsByFile, type FolderDiscovery } from './mergeDiscoveries';

/** Project files whose change means "discover again" (the names `discoverFunctions` reads). */
const projectFilesGlob = `**/{${projectFileNames.join(',')}}`;
/**
 * Any other file: a handler source (a change may move the handler's line, a new file may be the
 * handler) or a file a project file reads (`${file()}` targets, `.env`): filtered to those.
 */
const otherFilesGlob = '**/*';
const debounceMs = 300;

/**
 * The functions of every workspace folder, from `discoverFunctions`, kept current by file
 * watchers (debounced). Discovery reads project files; it runs workspace code (serverless.ts,
 * serverless.js) only once the workspace is trusted, so it also runs in untrusted workspaces.
 * Problems go to the Problems panel.
 */
export class WorkspaceFunctions implements LocalFunctions, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('serverlessWorkbench');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.diagnostics];
  private functions: readonly LocalFunction[] = [];
  private byName = new Map<string, LocalFunction>();
  private snapshot = '[]';
  private handlerCandidates = new Set<string>();
  /** Files the project files read (from discovery's `dependencies`). */
  private dependencyFiles = new Set<string>();
  private current?: Promise<void>;
  private dirty = false;
  private timer?: NodeJS.Timeout;
  private initial?: Promise<void>;
  /** Set when discovery failed for every folder: the view shows it as an error node. */
  error?: Error;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Starts watching and kicks off the first discovery, without waiting for it. */
  start(): void {
    const projectWatcher = vscode.workspace.createFileSystemWatcher(projectFilesGlob);
    const otherWatcher = vscode.workspace.createFileSystemWatcher(otherFilesGlob);
    const onProjectFile = (): void => this.schedule();
    const onOtherFile = (uri: vscode.Uri): void => {
      if (this.handlerCandidates.has(uri.fsPath) || this.dependencyFiles.has(uri.fsPath)) this.schedule();
    };
    this.disposables.push(
      projectWatcher,
      projectWatcher.onDidCreate(onProjectFile),
      projectWatcher.onDidChange(onProjectFile),
      projectWatcher.onDidDelete(onProjectFile),
      otherWatcher,
      otherWatcher.onDidCreate(onOtherFile),
      otherWatcher.onDidChange(onOtherFile),
      otherWatcher.onDidDelete(onOtherFile),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()),
    );
    this.initial = this.refresh();
  }

  /** Resolves once the first discovery has finished (the view waits for it instead of flashing "no functions"). */
  whenReady(): Promise<void> {
    return this.initial ?? this.refresh();
  }

  list(): readonly LocalFunction[] {
    return this.functions;
  }

  get(name: string): LocalFunction | undefined {
    return this.byName.get(name);
  }

  /** Runs discovery; a call while one runs makes it run once more and resolves after that. */
  refresh(): Promise<void> {
    this.dirty = true;
    this.current ??= this.drain().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), debounceMs);
  }

  private async drain(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      try {
        await this.discover();
      } catch (error) {
        // Never reject refresh(): a failure is shown as the view's error node and in the log.
        this.error = error instanceof Error ? error : new Error(String(error));
        this.log.error(`Discovering functions failed: ${oneLine(error)}`);
        this.changed.fire();
      }
    }
  }

  private async discover(): Promise<void> {
    const started = performance.now();
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
    const results = await Promise.all(
      folders.map(async (folder): Promise<FolderDiscovery> => {
        const root = folder.uri.fsPath;
        try {
          // serverless.ts / serverless.js are run (in a child process) only with the workspace's trust.
          const { functions, diagnostics, dependencies } = await discoverFunctions(root, { trusted: vscode.workspace.isTrusted });
          return { root, functions, diagnostics, dependencies };
        } catch (error) {
          this.log.error(`Discovering functions in ${root} failed: ${error instanceof Error && error.stack ? error.stack : oneLine(error)}`);
          return { root, error };
        }
      }),
    );
    const merged = mergeDiscoveries(results);
    const functions = await Promise.all(
      merged.functions.map(async ({ spec, root }): Promise<LocalFunction> => {
        const location = await locateHandler(spec).catch(() => undefined);
        return { spec, root, handlerFile: location?.file, handlerLine: location?.line };
      }),
    );
    this.publish(merged.diagnostics);
    this.handlerCandidates = new Set(merged.functions.flatMap(({ spec }) => handlerSourceCandidates(spec)));
    this.dependencyFiles = new Set(results.flatMap((r) => r.dependencies ?? []));
    const failed = results.filter((r) => r.error !== undefined);
    const error = failed.length > 0 && failed.length === results.length ? new Error(oneLine(failed[0].error)) : undefined;

    const snapshot = JSON.stringify(functions);
    const changed = snapshot !== this.snapshot || error?.message !== this.error?.message;
    this.error = error;
    if (!changed) return;
    this.snapshot = snapshot;
    this.functions = functions;
    this.byName = new Map(functions.map((fn) => [fn.spec.name, fn]));
    const ms = (performance.now() - started).toFixed(0);
    this.log.info(`Found ${functions.length} local function${functions.length === 1 ? '' : 's'} (${merged.diagnostics.length} problem${merged.diagnostics.length === 1 ? '' : 's'}) in ${ms} ms`);
    this.changed.fire();
  }

  private publish(diagnostics: Parameters<typeof problemsByFile>[0]): void {
    this.diagnostics.clear();
    for (const [file, problems] of problemsByFile(diagnostics)) {
      this.diagnostics.set(
        vscode.Uri.file(file),
        problems.map((problem) => {
          const range = new vscode.Range(problem.line, problem.column, problem.line, Number.MAX_SAFE_INTEGER);
          const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
          const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
          diagnostic.source = 'Serverless Workbench';
          return diagnostic;
        }),
      );
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError, oneLine } from '../../core/errors';
import { assertTrusted } from '../run/trust';
import type { LocalCloudConfig, StartServer } from './localCloud';
import { LocalCloud } from './localCloud';
import { localCloudStatus } from './statusText';
import { showStatus } from '../util/statusItem';

export const localCloudActionsCommand = 'serverlessWorkbench.localCloudActions';
/** Context key for `when` clauses (Start/Stop in the palette and the view's menu). */
const runningContextKey = 'serverlessWorkbench.localCloudRunning';

/**
 * The window's local cloud with its status bar item (`$(cloud) Local cloud :3001`, which opens
 * stop / copy endpoint / show log). It runs the workspace's deployed code, so it refuses to start
 * in an untrusted workspace. Deployed functions live in the extension's global storage and
 * survive restarts; the server stops with the window.
 */
export class LocalCloudSession implements vscode.Disposable {
  readonly cloud: LocalCloud;
  private readonly status = vscode.window.createStatusBarItem('serverlessWorkbench.localCloud', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    start?: StartServer,
  ) {
    this.cloud = new LocalCloud(() => this.config(), start);
    this.status.name = 'Serverless Workbench: Local Cloud';
    this.status.command = localCloudActionsCommand;
    this.disposables.push(this.status, this.cloud.onDidChange(() => this.update()));
    this.update();
  }

  get endpoint(): string | undefined {
    return this.cloud.endpoint;
  }

  async ensureStarted(): Promise<string> {
    if (this.cloud.endpoint) return this.cloud.endpoint;
    assertTrusted('Running deployed');
    const endpoint = await this.cloud.ensureStarted();
    const taken = this.cloud.portTaken;
    this.log.info(`Local cloud started at ${endpoint}${taken ? ` (port ${taken} is taken)` : ''}; deployed functions are kept in ${this.cloud.stateDir}`);
    return endpoint;
  }

  async stop(): Promise<void> {
    const endpoint = this.cloud.endpoint;
    await this.cloud.stop();
    if (endpoint) this.log.info(`Local cloud at ${endpoint} stopped`);
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return new vscode.Disposable(this.cloud.onDidChange(listener).dispose);
  }

  private stateDir(): string {
    return path.join(this.context.globalStorageUri.fsPath, 'local-cloud');
  }

  private config(): LocalCloudConfig {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') throw new UserError('open a folder first: the local cloud runs beside the workspace');
    const settings = vscode.workspace.getConfiguration('serverlessWorkbench');
    return {
      dir: folder.uri.fsPath,
      host: '127.0.0.1',
      port: settings.get<number>('localCloud.port', 3001),
      stateDir: this.stateDir(),
      // Another window's local cloud holds the shared folder: this window keeps its own beside the workspace.
      ...(this.context.storageUri?.scheme === 'file' ? { fallbackStateDir: path.join(this.context.storageUri.fsPath, 'local-cloud') } : {}),
      cloud: {
        onRequest: ({ operation, functionName, status }) => this.log.debug(`Local cloud: ${operation}${functionName ? ` ${functionName}` : ''} → ${status || 'dropped'}`),
        onWarning: (message) => this.log.warn(`Local cloud: ${message}`),
      },
      emulatorOptions: {
        runtimePaths: settings.get<Record<string, string>>('runtimePaths', {}),
        passCredentials: settings.get<boolean>('passCredentials', false),
        // Invokes return their log tail to the caller; the full stream is for troubleshooting.
        onLog: ({ functionName, line }) => this.log.trace(`[${functionName}] ${line.replace(/\n$/, '')}`),
        onWarning: (message) => this.log.warn(`Local cloud: ${message}`),
      },
      onInvocation: (invocation) =>
        this.log.debug(`Local cloud: invoke ${invocation.functionName} ${invocation.functionError ? 'failed' : 'ok'} (${invocation.durationMs.toFixed(0)} ms)`),
      onBackgroundError: (functionName, error) => this.log.warn(`Local cloud: ${functionName}: ${oneLine(error)}`),
    };
  }

  private update(): void {
    const shown = localCloudStatus(this.cloud.state, this.cloud.endpoint, this.cloud.portTaken);
    void vscode.commands.executeCommand('setContext', runningContextKey, this.cloud.state === 'running');
    showStatus(this.status, shown);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.cloud.stop().catch((error: unknown) => this.log.warn(`Stopping the local cloud failed: ${oneLine(error)}`));
  }
}

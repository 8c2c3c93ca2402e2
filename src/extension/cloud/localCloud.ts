import * as path from 'node:path';
import type { LocalServer, LocalServerOptions } from '../../core/emulator/localServer';
import { startLocalServer } from '../../core/emulator/localServer';
import { UserError } from '../../core/errors';
import type { LogStore } from '../../core/logs/logStore';

/**
 * The window's local cloud: `swb serve`'s server (the Lambda Invoke API with the control plane
 * and CloudWatch Logs mounted on it, so `invokeUrl` is the local provider's endpoint) started on
 * first use and stopped with the window. The preferred port is tried first; when another program
 * (or another window's local cloud) holds it, a free one is used instead. The state folder is
 * locked by its server: when another process holds it, the fallback folder is used. No `vscode`
 * here: tested under Node with the real server.
 */

export type LocalCloudState = 'stopped' | 'starting' | 'running' | 'stopping';

export interface LocalCloudConfig extends Omit<LocalServerOptions, 'port' | 'apiPort' | 'urlPort' | 'cloud' | 'logs'> {
  /** Deployed code, state and logs, kept across restarts. */
  stateDir: string;
  /** Used when another process (another window) holds `stateDir`'s lock. */
  fallbackStateDir?: string;
  /** Preferred Invoke API / control-plane port; 0 picks a free one. */
  port: number;
  /** The control plane's other options (request log, delays). */
  cloud?: Omit<NonNullable<LocalServerOptions['cloud']>, 'stateDir'>;
}

export type StartServer = (options: LocalServerOptions) => Promise<LocalServer>;

export class LocalCloud {
  private server?: LocalServer;
  private starting?: Promise<LocalServer>;
  private stopping?: Promise<void>;
  private listeners = new Set<() => void>();
  /** The port asked for when another one had to be used. */
  private takenPort?: number;
  private usedStateDir?: string;

  constructor(
    private readonly config: () => LocalCloudConfig | Promise<LocalCloudConfig>,
    private readonly start: StartServer = startLocalServer,
  ) {}

  get state(): LocalCloudState {
    if (this.stopping) return 'stopping';
    if (this.starting) return 'starting';
    return this.server ? 'running' : 'stopped';
  }

  /** `http://127.0.0.1:3001` while running. */
  get endpoint(): string | undefined {
    return this.server?.invokeUrl;
  }

  get port(): number | undefined {
    const endpoint = this.endpoint;
    return endpoint ? Number(new URL(endpoint).port) : undefined;
  }

  /** The preferred port when it was taken and another is used. */
  get portTaken(): number | undefined {
    return this.server ? this.takenPort : undefined;
  }

  /** The state folder in use (the fallback when another process holds the preferred one). */
  get stateDir(): string | undefined {
    return this.server ? this.usedStateDir : undefined;
  }

  /** The running server's log store (the editor's own runs are filed into it too). */
  get logStore(): LogStore | undefined {
    return this.server?.logStore;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The endpoint, starting the server first when it is not running. */
  async ensureStarted(): Promise<string> {
    if (this.stopping) await this.stopping;
    if (this.server) return this.server.invokeUrl;
    this.starting ??= this.startServer();
    this.changed();
    try {
      return (await this.starting).invokeUrl;
    } finally {
      this.starting = undefined;
      this.changed();
    }
  }

  /** Stops the server (waiting for a start in progress first); deployed functions stay in the state folder. */
  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.stopping = server.close();
    this.changed();
    try {
      await this.stopping;
    } finally {
      this.stopping = undefined;
      this.changed();
    }
  }

  private async startServer(): Promise<LocalServer> {
    const { port, stateDir, fallbackStateDir, cloud, ...config } = await this.config();
    const optionsFor = (dir: string, onPort: number): LocalServerOptions => ({
      ...config,
      port: onPort,
      // The API Gateway and function URLs of `swb serve` are not what a local cloud is for: free
      // ports, leaving the usual ones (3000, 3002…) to a `swb serve` in the terminal.
      apiPort: 0,
      urlPort: 0,
      cloud: { ...cloud, stateDir: dir },
      logs: { stateDir: path.join(dir, 'logs') },
    });
    let dir = stateDir;
    const startOn = async (onPort: number): Promise<LocalServer> => {
      try {
        return await this.start(optionsFor(dir, onPort));
      } catch (error) {
        if (!fallbackStateDir || dir === fallbackStateDir || !isStateInUse(error)) throw error;
        dir = fallbackStateDir;
        return this.start(optionsFor(dir, onPort));
      }
    };
    try {
      this.server = await startOn(port);
      this.takenPort = undefined;
    } catch (error) {
      if (port === 0 || !isPortInUse(error)) throw error;
      this.server = await startOn(0);
      this.takenPort = port;
    }
    this.usedStateDir = dir;
    return this.server;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Another local cloud (`swb serve`, another window) holds the state folder's lock. */
function isStateInUse(error: unknown): boolean {
  return error instanceof UserError && /state folder .* is in use/.test(error.message);
}

function isPortInUse(error: unknown): boolean {
  return error instanceof UserError && /already in use/.test(error.message);
}

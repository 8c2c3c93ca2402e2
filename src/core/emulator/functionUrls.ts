import { UserError } from '../errors';
import type { FunctionSpec, FunctionUrlSpec } from '../project/functionSpec';
import type { FunctionUrlEndpointOptions } from './functionUrlEndpoint';
import { FunctionUrlEndpoint } from './functionUrlEndpoint';
import type { RunningServer } from './httpServer';
import { listen } from './httpServer';
import type { EmulatorApi } from './types';

/**
 * The project's Lambda function URLs, served locally. A function URL is the root of its own
 * origin (`https://<url-id>.lambda-url.<region>.on.aws/`), so each function with a `url` gets an
 * HTTP server of its own: ports from `basePort` up, skipping ports in use. A function keeps its
 * port across reloads (and when its URL comes back after being removed, if the port is still
 * free); a function that loses its URL, or disappears, gets its server closed.
 */

export interface FunctionUrlsOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** The first port tried (default 3002); 0 gives every URL an ephemeral port. */
  basePort?: number;
  /** The function owner's account, for IAM URLs' events (default 000000000000). */
  accountId?: string;
  onRequest?: FunctionUrlEndpointOptions['onRequest'];
  /** A port to try first for a URL served for the first time here (e.g. the one it had before a restart). */
  preferredPort?: (name: string) => number | undefined;
}

export interface FunctionUrlListing {
  functionName: string;
  /** `http://127.0.0.1:3002/`: the URL's root, as AWS shows a function URL (with its slash). */
  url: string;
  authType: FunctionUrlSpec['authType'];
  invokeMode: FunctionUrlSpec['invokeMode'];
}

export interface FunctionUrlChanges {
  added: FunctionUrlListing[];
  removed: FunctionUrlListing[];
  /** URLs that could not be served (no free port, no permission); their functions still run. */
  failed: { functionName: string; message: string }[];
}

/** How many ports are tried from `basePort` before giving up. */
const PORTS_TRIED = 100;
export const DEFAULT_URL_PORT = 3002;

interface Served {
  endpoint: FunctionUrlEndpoint;
  server: RunningServer;
}

export class FunctionUrls {
  private readonly served = new Map<string, Served>();
  /** Every port a function's URL was served on, so it gets the same one back. */
  private readonly ports = new Map<string, number>();
  /** Changes are applied one at a time, in order. */
  private pending: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly emulator: EmulatorApi,
    private readonly options: FunctionUrlsOptions = {},
  ) {}

  /** Serves the URLs of `functions` (the emulator's functions after a reload). */
  setFunctions(functions: readonly Pick<FunctionSpec, 'name' | 'url'>[]): Promise<FunctionUrlChanges> {
    const next = this.pending.then(() => this.apply(functions));
    this.pending = next.catch(() => undefined);
    return next;
  }

  list(): FunctionUrlListing[] {
    return [...this.served.values()].map(({ endpoint, server }) => listing(endpoint, server));
  }

  close(): Promise<void> {
    this.closed = true;
    const closing = this.pending.then(async () => {
      const all = [...this.served.values()];
      this.served.clear();
      await Promise.all(all.map(({ server }) => server.close()));
    });
    this.pending = closing;
    return closing;
  }

  private async apply(functions: readonly Pick<FunctionSpec, 'name' | 'url'>[]): Promise<FunctionUrlChanges> {
    const changes: FunctionUrlChanges = { added: [], removed: [], failed: [] };
    if (this.closed) return changes;
    const wanted = new Map<string, FunctionUrlSpec>();
    for (const spec of functions) if (spec.url) wanted.set(spec.name, spec.url);
    for (const [name, served] of [...this.served]) {
      if (wanted.has(name)) continue;
      this.served.delete(name);
      changes.removed.push(listing(served.endpoint, served.server));
      await served.server.close();
    }
    for (const [name, url] of wanted) {
      const current = this.served.get(name);
      if (current) {
        current.endpoint.spec = url;
        continue;
      }
      const endpoint = new FunctionUrlEndpoint(this.emulator, name, url, { accountId: this.options.accountId ?? '000000000000', onRequest: this.options.onRequest });
      try {
        const server = await this.listenFor(name, endpoint);
        this.served.set(name, { endpoint, server });
        this.ports.set(name, server.port);
        changes.added.push(listing(endpoint, server));
      } catch (error) {
        changes.failed.push({ functionName: name, message: error instanceof Error ? error.message : String(error) });
      }
    }
    return changes;
  }

  /** The function's previous port first, then `basePort` upwards (or an ephemeral port when it is 0). */
  private async listenFor(name: string, endpoint: FunctionUrlEndpoint): Promise<RunningServer> {
    const host = this.options.host ?? '127.0.0.1';
    const base = this.options.basePort ?? DEFAULT_URL_PORT;
    const candidates: number[] = [];
    const previous = this.ports.get(name) ?? this.options.preferredPort?.(name);
    if (previous !== undefined) candidates.push(previous);
    if (base === 0) candidates.push(0);
    else for (let port = base; port < base + PORTS_TRIED && port <= 65_535; port++) if (port !== previous) candidates.push(port);
    for (const port of candidates) {
      try {
        return await listen(endpoint.handle, { host, port, what: '--url-port' });
      } catch (error) {
        if (!isPortInUse(error)) throw error;
      }
    }
    throw new UserError(`no free port for the function URL of ${name}: ${base}–${Math.min(base + PORTS_TRIED - 1, 65_535)} on ${host} are all in use (--url-port)`);
  }
}

/** Starts serving the URLs of the emulator's functions. */
export async function startFunctionUrls(emulator: EmulatorApi, options: FunctionUrlsOptions = {}): Promise<{ urls: FunctionUrls; changes: FunctionUrlChanges }> {
  const urls = new FunctionUrls(emulator, options);
  const changes = await urls.setFunctions(emulator.functions());
  return { urls, changes };
}

/** `hello  http://127.0.0.1:3002/  (BUFFERED, auth NONE)`, for banners. */
export function describeFunctionUrl(entry: FunctionUrlListing, nameWidth = 0): string {
  return `${entry.functionName.padEnd(nameWidth)}  ${entry.url}  (${entry.invokeMode}, auth ${entry.authType})`;
}

function listing(endpoint: FunctionUrlEndpoint, server: RunningServer): FunctionUrlListing {
  return { functionName: endpoint.functionName, url: `${server.url}/`, authType: endpoint.spec.authType, invokeMode: endpoint.spec.invokeMode };
}

function isPortInUse(error: unknown): boolean {
  return error instanceof UserError && /already in use/.test(error.message);
}

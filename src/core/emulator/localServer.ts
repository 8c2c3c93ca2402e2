import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import type { ProjectDiagnostic } from '../project/diagnostics';
import type { FunctionSpec } from '../project/functionSpec';
import type { ManifestResult } from '../project/manifest';
import { loadManifest, manifestFileName } from '../project/manifest';
import type { ApiGateway, ApiGatewayOptions } from './apiGateway';
import { startApiGateway } from './apiGateway';
import type { ApiRoute } from './apiRoutes';
import { Emulator } from './emulator';
import type { RunningServer } from './httpServer';
import type { InvokeApiOptions } from './invokeApi';
import { startInvokeApi } from './invokeApi';
import type { EmulatorApi, EmulatorOptions, FunctionRunOptions } from './types';

/**
 * `swb serve` without the printing: loads the project's manifest into an emulator, serves it
 * through the Lambda Invoke API and the API Gateway emulator (each on its own port), and follows
 * edits to the manifest. The extension reuses it as is.
 */

export interface LocalServerOptions {
  /** The workspace folder holding serverless-workbench.json. */
  dir: string;
  host?: string;
  /** Invoke API port (default 3001; 0 picks a free one). */
  port?: number;
  /** API Gateway port (default 3000; 0 picks a free one). */
  apiPort?: number;
  /** Concurrency / prewarm for functions whose manifest entry sets none. */
  concurrency?: number;
  prewarm?: number;
  /** Makes the emulator (default: the real one); it is closed (every child killed) by `close()`. */
  createEmulator?: (options: EmulatorOptions) => EmulatorApi;
  emulatorOptions?: EmulatorOptions;
  /** Reload when the manifest changes (default true). */
  watch?: boolean;
  onReload?: (change: ReloadSummary) => void;
  onRequest?: ApiGatewayOptions['onRequest'];
  onInvocation?: InvokeApiOptions['onInvocation'];
  onBackgroundError?: InvokeApiOptions['onBackgroundError'];
}

export interface ReloadSummary {
  added: string[];
  removed: string[];
  changed: string[];
  /** The manifest could not be used (e.g. invalid JSON); the previous functions keep running. */
  kept: boolean;
  diagnostics: ProjectDiagnostic[];
}

export interface LocalServer {
  invokeUrl: string;
  apiUrl: string;
  manifestFile: string;
  emulator: EmulatorApi;
  functions(): FunctionSpec[];
  routes(): readonly ApiRoute[];
  /** The problems found by the last (re)load. */
  diagnostics(): ProjectDiagnostic[];
  /** Reads the manifest again and applies the difference. */
  reload(): Promise<ReloadSummary>;
  close(): Promise<void>;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const dir = path.resolve(options.dir);
  const manifestFile = path.join(dir, manifestFileName);
  const first = await loadManifest(dir);
  if (!first) throw new UserError(`no ${manifestFileName} in ${dir}`);

  // One account id for the emulator's ARNs and the Invoke API's errors.
  const accountId = options.emulatorOptions?.accountId ?? '000000000000';
  const create = options.createEmulator ?? ((o: EmulatorOptions) => new Emulator(o));
  const emulator = create({ ...options.emulatorOptions, accountId });
  /** What each registered function was registered with, to tell a real change from a touch. */
  const registered = new Map<string, string>();
  let diagnostics: ProjectDiagnostic[] = [];

  const runOptionsFor = (manifest: ManifestResult, name: string): FunctionRunOptions => {
    const own = manifest.runOptions[name] ?? {};
    const concurrency = own.concurrency ?? options.concurrency;
    const prewarm = own.prewarm ?? options.prewarm;
    return {
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(prewarm !== undefined ? { prewarm: concurrency !== undefined ? Math.min(prewarm, concurrency) : prewarm } : {}),
    };
  };

  const apply = async (manifest: ManifestResult | undefined): Promise<ReloadSummary> => {
    const summary: ReloadSummary = { added: [], removed: [], changed: [], kept: false, diagnostics: manifest?.diagnostics ?? [] };
    const unusable = manifest !== undefined && manifest.functions.length === 0 && manifest.diagnostics.some((d) => d.severity === 'error' && !/^function "/.test(d.message));
    if (unusable) {
      summary.kept = true;
      diagnostics = summary.diagnostics;
      return summary;
    }
    const wanted = new Map((manifest?.functions ?? []).map((spec) => [spec.name, spec]));
    for (const name of [...registered.keys()]) {
      if (wanted.has(name)) continue;
      await emulator.unregister(name);
      registered.delete(name);
      summary.removed.push(name);
    }
    for (const [name, spec] of wanted) {
      const runOptions = runOptionsFor(manifest!, name);
      const fingerprint = JSON.stringify([spec, runOptions]);
      const before = registered.get(name);
      if (before === fingerprint) continue;
      emulator.register(spec, runOptions);
      registered.set(name, fingerprint);
      // The emulator starts `runOptions.prewarm` environments itself.
      (before === undefined ? summary.added : summary.changed).push(name);
    }
    gateway.gateway.setFunctions(emulator.functions());
    diagnostics = summary.diagnostics;
    return summary;
  };

  let invokeApi: RunningServer | undefined;
  let gateway: RunningServer & { gateway: ApiGateway };
  try {
    invokeApi = await startInvokeApi(emulator, {
      host: options.host,
      port: options.port ?? 3001,
      region: options.emulatorOptions?.region,
      accountId,
      onInvocation: options.onInvocation,
      onBackgroundError: options.onBackgroundError,
    });
    gateway = await startApiGateway(emulator, {
      host: options.host,
      port: options.apiPort ?? 3000,
      accountId,
      onRequest: options.onRequest,
    });
    await apply(first);
  } catch (error) {
    await invokeApi?.close();
    await emulator.close();
    throw error;
  }

  // Reloads run one at a time; edits arriving meanwhile are folded into one more reload.
  let reloading: Promise<ReloadSummary> | undefined;
  let again = false;
  const reload = async (): Promise<ReloadSummary> => {
    if (reloading) {
      again = true;
      return reloading;
    }
    reloading = (async () => {
      let summary: ReloadSummary;
      do {
        again = false;
        summary = await apply(await loadManifest(dir));
      } while (again);
      return summary;
    })();
    try {
      return await reloading;
    } finally {
      reloading = undefined;
    }
  };

  let watcher: FSWatcher | undefined;
  let debounce: NodeJS.Timeout | undefined;
  if (options.watch !== false) {
    // Watch the folder, not the file: editors often save by writing a new file and renaming it.
    watcher = watch(dir, (_event, filename) => {
      if (filename !== manifestFileName) return;
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        reload().then(
          (summary) => options.onReload?.(summary),
          () => undefined,
        );
      }, 150);
    });
    watcher.on('error', () => undefined);
  }

  let closing: Promise<void> | undefined;
  return {
    invokeUrl: invokeApi.url,
    apiUrl: gateway.url,
    manifestFile,
    emulator,
    functions: () => emulator.functions(),
    routes: () => gateway.gateway.routes(),
    diagnostics: () => diagnostics,
    reload,
    close: () =>
      (closing ??= (async () => {
        clearTimeout(debounce);
        watcher?.close();
        await Promise.all([invokeApi!.close(), gateway.close()]);
        await emulator.close();
      })()),
  };
}

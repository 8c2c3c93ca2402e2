import * as path from 'node:path';
import type { LambdaControlPlane, LambdaControlPlaneOptions } from '../cloud';
import { createLambdaControlPlane } from '../cloud';
import { acquireStateLock } from '../cloud/stateLock';
import { UserError } from '../errors';
import { createCloudWatchLogsHandler } from '../logs/cloudWatchLogsApi';
import { createEmulatorLogSink } from '../logs/emulatorLogSink';
import { LogStore } from '../logs/logStore';
import type { LogRetention } from '../logs/logTypes';
import type { ProjectDiagnostic } from '../project/diagnostics';
import type { DiscoverOptions, WorkspaceDiscovery } from '../project/discover';
import { discoverFunctions, projectFileNames } from '../project/discover';
import type { FunctionSpec } from '../project/functionSpec';
import type { ApiGateway, ApiGatewayOptions } from './apiGateway';
import { startApiGateway } from './apiGateway';
import type { ApiRoute } from './apiRoutes';
import { Emulator } from './emulator';
import type { FunctionUrlListing } from './functionUrls';
import { FunctionUrls } from './functionUrls';
import type { RunningServer } from './httpServer';
import { listen } from './httpServer';
import type { InvokeApiOptions } from './invokeApi';
import { createInvokeApiHandler } from './invokeApi';
import { ProjectWatch } from './projectWatch';
import { routeConflicts, unusableFiles } from './reloadRules';
import type { EmulatorApi, EmulatorOptions, FunctionRunOptions } from './types';

/**
 * `swb serve` without the printing: discovers the project's functions (serverless-workbench.json,
 * AWS SAM templates, serverless.yml), runs them in an emulator, serves them through the Lambda
 * Invoke API and the API Gateway emulator (each on its own port), serves each function URL on a
 * port of its own (functionUrls.ts), and follows edits to every project file. The extension
 * reuses it as is.
 */

export interface LocalServerOptions {
  /** The project folder; discovery searches it and its sub-folders. */
  dir: string;
  host?: string;
  /** Invoke API port (default 3001; 0 picks a free one). */
  port?: number;
  /** API Gateway port (default 3000; 0 picks a free one). */
  apiPort?: number;
  /** The first function URL port (default 3002, the next free one per URL; 0: free ones). */
  urlPort?: number;
  /** Concurrency / prewarm for functions whose manifest entry sets none. */
  concurrency?: number;
  prewarm?: number;
  /** How discovery reads the project: serverless.yml stage, SAM parameter values, depth. */
  discover?: DiscoverOptions;
  /** Makes the emulator (default: the real one); it is closed (every child killed) by `close()`. */
  createEmulator?: (options: EmulatorOptions) => EmulatorApi;
  emulatorOptions?: EmulatorOptions;
  /** Reload when a project file changes (default true). */
  watch?: boolean;
  onReload?: (change: ReloadSummary) => void;
  /** Every API Gateway and function URL request, once answered. */
  onRequest?: ApiGatewayOptions['onRequest'];
  onInvocation?: InvokeApiOptions['onInvocation'];
  onBackgroundError?: InvokeApiOptions['onBackgroundError'];
  /**
   * Every invocation's log lines go to a log store served as the CloudWatch Logs API on the Invoke
   * API port. `stateDir` keeps them across restarts (memory only without it).
   */
  logs?: { stateDir?: string; retention?: LogRetention };
  /**
   * Makes this the local cloud: the Lambda control plane (CreateFunction, UpdateFunctionCode, …)
   * on the Invoke API port, deployed code and state kept in `stateDir`.
   */
  cloud?: { stateDir: string } & Partial<Omit<LambdaControlPlaneOptions, 'emulator' | 'stateDir'>>;
}

export interface ReloadSummary {
  added: string[];
  removed: string[];
  changed: string[];
  /** Some project file could not be used (e.g. a YAML syntax error); its previous functions keep running. */
  kept: boolean;
  /** Those files (absolute paths). */
  keptFiles: string[];
  diagnostics: ProjectDiagnostic[];
  /** Function URLs that started or stopped being served. */
  urlsAdded: FunctionUrlListing[];
  urlsRemoved: FunctionUrlListing[];
}

export interface LocalServer {
  invokeUrl: string;
  apiUrl: string;
  /** The project folder (absolute). */
  dir: string;
  emulator: EmulatorApi;
  /** The invocations' logs (served as the CloudWatch Logs API at `invokeUrl`). */
  logStore: LogStore;
  /** The control plane, when started with `cloud`. */
  cloud?: LambdaControlPlane;
  functions(): FunctionSpec[];
  /** The project files the last (re)load read, each watched for changes. */
  files(): string[];
  routes(): readonly ApiRoute[];
  /** The function URLs being served, each on its own port. */
  functionUrls(): FunctionUrlListing[];
  /** The problems found by the last (re)load. */
  diagnostics(): ProjectDiagnostic[];
  /** Discovers the project again and applies the difference. */
  reload(): Promise<ReloadSummary>;
  close(): Promise<void>;
}

interface Registered {
  spec: FunctionSpec;
  runOptions: FunctionRunOptions;
  /** What it was registered with, to tell a real change from a touch. */
  fingerprint: string;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const dir = path.resolve(options.dir);
  const discover = (): Promise<WorkspaceDiscovery> => discoverFunctions(dir, options.discover);
  const first = await discover();
  // A local cloud serves deployed functions even from a folder with no project of its own.
  if (first.files.length === 0 && !options.cloud) {
    const diagnostics = first.diagnostics.length ? `: ${first.diagnostics[0].message}` : '';
    throw new UserError(`no project files in ${dir} (looked for ${describeProjectFiles()})${diagnostics}`);
  }

  // One account id for the emulator's ARNs and the Invoke API's errors.
  const accountId = options.emulatorOptions?.accountId ?? '000000000000';
  const create = options.createEmulator ?? ((o: EmulatorOptions) => new Emulator(o));
  const releaseLock = options.cloud ? acquireStateLock(options.cloud.stateDir) : undefined;
  const logStore = new LogStore({ stateDir: options.logs?.stateDir, retention: options.logs?.retention, region: options.emulatorOptions?.region, accountId });
  const logSink = createEmulatorLogSink(logStore, (error) => options.emulatorOptions?.onWarning?.(`could not store a log line: ${error instanceof Error ? error.message : String(error)}`));
  const userOnLog = options.emulatorOptions?.onLog;
  const emulatorOptions: EmulatorOptions = {
    ...options.emulatorOptions,
    accountId,
    onLog: (line) => {
      logSink.onLog(line);
      userOnLog?.(line);
    },
  };
  const emulator = create(emulatorOptions);
  // Deployed functions run in an emulator of their own, so a deployed function and a workspace
  // function of the same name never replace each other's registration.
  const cloudEmulator = options.cloud ? create(emulatorOptions) : undefined;
  const registered = new Map<string, Registered>();
  let diagnostics: ProjectDiagnostic[] = [];
  let files: string[] = [];
  /** Files the project files read (`${file()}` targets, `.env`…): a change to one reloads too. */
  let dependencies: string[] = [];
  let projectWatch: ProjectWatch | undefined;

  const runOptionsFor = (own: FunctionRunOptions = {}): FunctionRunOptions => {
    const concurrency = own.concurrency ?? options.concurrency;
    const prewarm = own.prewarm ?? options.prewarm;
    return {
      ...(own.isolation ? { isolation: own.isolation } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(prewarm !== undefined ? { prewarm: concurrency !== undefined ? Math.min(prewarm, concurrency) : prewarm } : {}),
    };
  };

  const apply = async (found: WorkspaceDiscovery): Promise<ReloadSummary> => {
    const summary: ReloadSummary = { added: [], removed: [], changed: [], kept: false, keptFiles: [], diagnostics: [...found.diagnostics], urlsAdded: [], urlsRemoved: [] };
    const wanted = new Map<string, { spec: FunctionSpec; runOptions: FunctionRunOptions }>();
    for (const spec of found.functions) wanted.set(spec.name, { spec, runOptions: runOptionsFor(found.runOptions[spec.name]) });
    // A file caught half-edited keeps serving what it declared before, as long as nothing else took the names.
    const previous = [...registered.values()].map((r) => r.spec);
    for (const file of unusableFiles(found, previous)) {
      summary.keptFiles.push(file);
      for (const entry of registered.values()) {
        if (entry.spec.source?.file === file && !wanted.has(entry.spec.name)) wanted.set(entry.spec.name, entry);
      }
    }
    summary.kept = summary.keptFiles.length > 0;

    for (const name of [...registered.keys()]) {
      if (wanted.has(name)) continue;
      await emulator.unregister(name);
      registered.delete(name);
      summary.removed.push(name);
    }
    for (const [name, { spec, runOptions }] of wanted) {
      const fingerprint = JSON.stringify([spec, runOptions]);
      const before = registered.get(name);
      if (before?.fingerprint === fingerprint) continue;
      emulator.register(spec, runOptions);
      registered.set(name, { spec, runOptions, fingerprint });
      // The emulator starts `runOptions.prewarm` environments itself.
      (before === undefined ? summary.added : summary.changed).push(name);
    }
    const served = emulator.functions();
    summary.diagnostics.push(...routeConflicts(served));
    gateway.gateway.setFunctions(served);
    const urlChanges = await functionUrls.setFunctions(served);
    summary.urlsAdded = urlChanges.added;
    summary.urlsRemoved = urlChanges.removed;
    if (urlChanges.failed.length && !started) throw new UserError(urlChanges.failed[0].message);
    for (const { functionName, message } of urlChanges.failed) {
      const spec = served.find((f) => f.name === functionName);
      summary.diagnostics.push({ file: spec?.source?.file ?? dir, line: spec?.source?.line, message: `${functionName}: its function URL is not served: ${message}`, severity: 'error' });
    }
    diagnostics = summary.diagnostics;
    // Files kept from before are still the project's: keep watching their folders.
    files = [...new Set([...found.files, ...summary.keptFiles])];
    dependencies = found.dependencies ?? [];
    projectWatch?.follow(files, dependencies);
    return summary;
  };

  let invokeApi: RunningServer | undefined;
  let gateway: RunningServer & { gateway: ApiGateway };
  const functionUrls = new FunctionUrls(emulator, {
    host: options.host,
    basePort: options.urlPort,
    accountId,
    onRequest: options.onRequest,
  });
  /** The gateway, once listening (to close it when the start fails later). */
  let openGateway: RunningServer | undefined;
  /** Set once the first apply succeeded: later failures to serve a URL are diagnostics, not errors. */
  let started = false;
  // Live Tail updates every 250 ms locally (AWS: about 1 s): the local loop should feel immediate.
  const logsApi = createCloudWatchLogsHandler({ store: logStore, liveTail: { updateIntervalMs: 250 } });
  let cloud: LambdaControlPlane | undefined;
  try {
    gateway = await startApiGateway(emulator, {
      host: options.host,
      port: options.apiPort ?? 3000,
      accountId,
      onRequest: options.onRequest,
    });
    openGateway = gateway;
    // The workspace's function URLs take their ports before the deployed functions' URLs (below).
    await apply(first);
    if (options.cloud && cloudEmulator) {
      const { stateDir, ...cloudOptions } = options.cloud;
      cloud = await createLambdaControlPlane({
        region: options.emulatorOptions?.region,
        accountId,
        // The workspace's functions are the control plane's too (read-only), as reloads leave them.
        projectFunctions: {
          dir,
          functions: () => emulator.functions(),
          functionUrl: (name) => functionUrls.list().find((entry) => entry.functionName === name)?.url,
        },
        functionUrls: { host: options.host, basePort: options.urlPort, onRequest: options.onRequest },
        ...cloudOptions,
        invokeApi: { onInvocation: options.onInvocation, onBackgroundError: options.onBackgroundError, ...cloudOptions.invokeApi },
        emulator: cloudEmulator,
        stateDir,
      });
    }
    const invoke = createInvokeApiHandler(emulator, {
      region: options.emulatorOptions?.region,
      accountId,
      // The workspace's functions have no published versions: only $LATEST (the control plane
      // above answers for deployed functions, whose versions and aliases it resolves).
      latestOnly: true,
      onInvocation: options.onInvocation,
      onBackgroundError: options.onBackgroundError,
    });
    const controlPlane = cloud;
    // One port, as AWS's endpoints share one URL per service here: CloudWatch Logs (X-Amz-Target),
    // the Lambda control plane, then the Invoke API for workspace functions.
    invokeApi = await listen((req, res) => void (logsApi(req, res) || controlPlane?.handler(req, res) || invoke(req, res)), {
      host: options.host,
      port: options.port ?? 3001,
      what: '--port',
    });
    started = true;
  } catch (error) {
    logsApi.close();
    await invokeApi?.close();
    await openGateway?.close();
    await functionUrls.close();
    await cloud?.close();
    await Promise.all([emulator.close(), cloudEmulator?.close()]);
    logSink.flush();
    releaseLock?.();
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
        summary = await apply(await discover());
      } while (again);
      return summary;
    })();
    try {
      return await reloading;
    } finally {
      reloading = undefined;
    }
  };

  if (options.watch !== false) {
    projectWatch = new ProjectWatch(dir, () => {
      reload().then(
        (summary) => options.onReload?.(summary),
        () => undefined,
      );
    });
    projectWatch.follow(files, dependencies);
  }

  let closing: Promise<void> | undefined;
  return {
    invokeUrl: invokeApi.url,
    apiUrl: gateway.url,
    dir,
    emulator,
    logStore,
    cloud,
    functions: () => emulator.functions(),
    files: () => [...files],
    routes: () => gateway.gateway.routes(),
    functionUrls: () => functionUrls.list(),
    diagnostics: () => diagnostics,
    reload,
    close: () =>
      (closing ??= (async () => {
        projectWatch?.close();
        logsApi.close();
        await Promise.all([invokeApi!.close(), gateway.close(), functionUrls.close()]);
        await cloud?.close();
        await Promise.all([emulator.close(), cloudEmulator?.close()]);
        logSink.flush();
        releaseLock?.();
      })()),
  };
}

/** `serverless-workbench.json, template.yaml/.yml/.json, serverless.yml/.yaml/.json`, for messages. */
export function describeProjectFiles(): string {
  const data = projectFileNames.filter((name) => /\.(json|ya?ml)$/.test(name));
  const byBase = new Map<string, string[]>();
  for (const name of data) {
    const dot = name.indexOf('.');
    const base = name.slice(0, dot);
    byBase.set(base, [...(byBase.get(base) ?? []), name.slice(dot)]);
  }
  return [...byBase].map(([base, exts]) => `${base}${exts[0]}${exts.slice(1).map((e) => `/${e}`).join('')}`).join(', ');
}

import { randomUUID } from 'node:crypto';
import type { EmulatorApi, FunctionRunOptions } from '../emulator/types';
import type { FunctionSpec } from '../project/functionSpec';
import { createAlias, deleteAlias, findAlias, routeAlias, updateAlias } from './aliases';
import { CloudError, functionNotActive, functionNotFound, invalidParameter, revisionMismatch, updateInProgress } from './cloudErrors';
import { checkZip, type CloudStore } from './cloudStore';
import { functionArn, toAliasConfiguration, toConfiguration, type CloudIdentity } from './configuration';
import type { FunctionUrlListing, FunctionUrlsOptions } from '../emulator/functionUrls';
import { DeployedFunctionUrls } from './deployedUrls';
import {
  awsStyleUrl,
  createUrlConfig,
  deleteUrlConfig,
  findUrlConfig,
  toUrlConfigOutput,
  updateUrlConfig,
  urlConfigsPage,
  urlQualifier,
  urlTargetName,
} from './functionUrlConfigs';
import type { CodeRef, FunctionConfigurationOutput, FunctionRecord, FunctionSnapshot, UrlConfigRecord } from './model';
import { deployedFunctionsView } from './invokeTargets';
import { accountSettings, aliasesPage, functionsPage, versionsPage, type ExtraListedFunction } from './listings';
import { checkHandler, parseCodeUpdate, parseCreateInput } from './functionInput';
import { addPermission, dropPolicy, policyOutput, removePermission } from './policies';
import { addTags, removeTags, taggedFunctionName } from './tags';
import { optionalString, optionalStringMap, parseConfiguration, type JsonObject } from './validate';
import { publishSnapshot, versionTarget } from './versions';

/**
 * The local cloud's functions: Lambda's control-plane operations over records kept in memory and
 * saved to the state folder, with Lambda's state machine (`Pending → Active` after a create,
 * `LastUpdateStatus: InProgress → Successful` after an update, each after a delay) and the
 * emulator kept in step.
 *
 * Emulator names: `$LATEST` is registered under the function's own name (so the plain Invoke API
 * and per-function logs work unchanged); a published version under `<name>:<version>`, on its
 * first invoke. While an update is in progress the emulator keeps running the previous code and
 * configuration, as Lambda does; the switch happens when the update completes.
 *
 * Every change runs in one queue, so two requests never interleave halfway (e.g. two uploads
 * racing for the same function); reads answer from memory without waiting.
 */

export interface Reply {
  status: number;
  body?: unknown;
}

export interface LocalLambdaOptions {
  emulator: EmulatorApi;
  store: CloudStore;
  identity: CloudIdentity;
  createMs: number;
  updateMs: number;
  runOptions?: FunctionRunOptions;
  /** How the function URLs are served (host, first port…); without it URL configs are kept but not served. */
  functionUrls?: Omit<FunctionUrlsOptions, 'preferredPort'>;
  onWarning: (message: string) => void;
}

interface LiveFunction {
  record: FunctionRecord;
  /** What the emulator runs as `$LATEST` (undefined while the function is being created). */
  running?: FunctionSnapshot;
  timer?: NodeJS.Timeout;
  /** Published versions registered with the emulator, by version. */
  registeredVersions: Set<string>;
}

export class LocalLambda {
  private readonly live = new Map<string, LiveFunction>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private readonly urls?: DeployedFunctionUrls;

  constructor(private readonly options: LocalLambdaOptions) {
    if (options.functionUrls) this.urls = new DeployedFunctionUrls(deployedFunctionsView(options.emulator, this), options.functionUrls);
  }

  private get identity(): CloudIdentity {
    return this.options.identity;
  }

  /** Loads the state folder. Transitions a restart interrupted are complete: their delay has long passed. */
  async start(): Promise<void> {
    for (const record of await this.options.store.load(this.options.onWarning)) {
      const live: LiveFunction = { record, registeredVersions: new Set() };
      if (record.state !== 'Active' || record.lastUpdateStatus !== 'Successful') {
        record.state = 'Active';
        record.lastUpdateStatus = 'Successful';
        await this.options.store.save(record);
      }
      this.live.set(record.name, live);
      this.runLatest(live);
    }
    await this.syncUrls();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const live of this.live.values()) clearTimeout(live.timer);
    await this.queue.catch(() => undefined);
    const names = [...this.live.values()].flatMap((live) => this.emulatorNames(live));
    this.live.clear();
    await this.urls?.close();
    await Promise.all(names.map((name) => this.options.emulator.unregister(name)));
  }

  has(name: string): boolean {
    return this.live.has(name);
  }

  /** `$LATEST` of every function, as GetFunctionConfiguration shows it. */
  configurations(): FunctionConfigurationOutput[] {
    return this.records().map((record) => toConfiguration(this.identity, record, record.latest));
  }

  /** The function URLs served now (`name` or `name:alias`, each on its own port). */
  functionUrls(): FunctionUrlListing[] {
    return this.urls?.list() ?? [];
  }

  /** The stored zip of one of `name`'s packages (GetFunction's download link), if it is still in use. */
  packagePath(name: string, codeDir: string): string | undefined {
    const record = this.live.get(name)?.record;
    const code = record && [record.latest, ...record.versions].find((s) => s.code.dir === codeDir)?.code;
    return code && this.options.store.zipFile(name, code);
  }

  // ---- reads ----

  getFunction(name: string, qualifier: string | undefined, codeUrl: (name: string, code: CodeRef) => string): Reply {
    const live = this.get(name, qualifier);
    const snapshot = this.snapshot(live.record, qualifier);
    const body: JsonObject = {
      Configuration: toConfiguration(this.identity, live.record, snapshot, { arnQualifier: qualifier }),
      Code: { RepositoryType: 'S3', Location: codeUrl(name, snapshot.code) },
    };
    if (Object.keys(live.record.tags).length) body.Tags = { ...live.record.tags };
    return { status: 200, body };
  }

  getConfiguration(name: string, qualifier: string | undefined): Reply {
    const live = this.get(name, qualifier);
    return { status: 200, body: toConfiguration(this.identity, live.record, this.snapshot(live.record, qualifier), { arnQualifier: qualifier }) };
  }

  /** The deployed functions, merged in name order with `extra` (project functions) they do not hide. */
  listFunctions(marker: string | null, maxItems: number, allVersions: boolean, extra: readonly ExtraListedFunction[] = []): Reply {
    const shown = extra.filter((f) => !this.live.has(f.name));
    return { status: 200, body: functionsPage(this.identity, this.records(), marker, maxItems, allVersions, shown) };
  }

  listVersions(name: string, marker: string | null, maxItems: number): Reply {
    return { status: 200, body: versionsPage(this.identity, this.get(name, undefined).record, marker, maxItems) };
  }

  listAliases(name: string, version: string | null, marker: string | null, maxItems: number): Reply {
    return { status: 200, body: aliasesPage(this.identity, this.get(name, undefined).record, version, marker, maxItems) };
  }

  getAlias(name: string, alias: string): Reply {
    const { record } = this.get(name, undefined);
    return { status: 200, body: toAliasConfiguration(this.identity, record, findAlias(this.identity, record, alias)) };
  }

  listTags(arn: string): Reply {
    const { record } = this.get(taggedFunctionName(arn), undefined);
    return { status: 200, body: { Tags: { ...record.tags } } };
  }

  accountSettings(): Reply {
    return { status: 200, body: accountSettings(this.records()) };
  }

  // ---- invoke ----

  /** The emulator function an invoke of `name` (with `qualifier`) runs, and the version it reports. */
  resolveInvoke(name: string, qualifier: string | undefined): { target: string; executedVersion: string } {
    const live = this.get(name, qualifier);
    const { record } = live;
    if (record.state === 'Pending' || !live.running) throw functionNotActive('Pending');
    let version = qualifier ?? '$LATEST';
    if (version !== '$LATEST' && !/^\d+$/.test(version)) {
      version = routeAlias(findAliasForInvoke(this.identity, record, version));
    }
    if (version === '$LATEST') return { target: name, executedVersion: '$LATEST' };
    const snapshot = this.snapshot(record, version);
    if (!live.registeredVersions.has(version)) {
      this.options.emulator.register(this.spec(record.name, versionTarget(record.name, version), snapshot), this.options.runOptions);
      live.registeredVersions.add(version);
    }
    return { target: versionTarget(record.name, version), executedVersion: version };
  }

  // ---- changes ----

  createFunction(input: JsonObject): Promise<Reply> {
    const { name, fields, zip, tags, publish } = parseCreateInput(input);
    return this.serial(async () => {
      if (this.live.has(name)) throw new CloudError('ResourceConflictException', `Function already exist: ${name}`);
      const stored = await this.options.store.storeCode(name, zip);
      const now = Date.now();
      const record: FunctionRecord = {
        name,
        latest: {
          version: '$LATEST',
          runtime: fields.runtime,
          ...(fields.handler !== undefined ? { handler: fields.handler } : {}),
          role: fields.role,
          description: fields.description ?? '',
          memorySize: fields.memorySize ?? 128,
          timeout: fields.timeout ?? 3,
          environment: fields.environment ?? {},
          architectures: fields.architectures ?? ['x86_64'],
          logFormat: fields.logFormat ?? 'Text',
          code: stored,
          lastModified: now,
          revisionId: randomUUID(),
        },
        state: 'Pending',
        versions: [],
        lastVersion: 0,
        aliases: [],
        tags,
      };
      const published = publish ? publishSnapshot(record) : undefined;
      await this.options.store.save(record);
      const live: LiveFunction = { record, registeredVersions: new Set() };
      this.live.set(name, live);
      this.later(live, this.options.createMs, () => {
        record.state = 'Active';
        record.lastUpdateStatus = 'Successful';
        record.latest.revisionId = randomUUID();
        this.runLatest(live);
      });
      const shown = published ?? record.latest;
      return { status: 201, body: toConfiguration(this.identity, record, shown, { arnQualifier: published?.version }) };
    });
  }

  updateCode(name: string, input: JsonObject): Promise<Reply> {
    const { zip, publish, dryRun, revisionId, architectures } = parseCodeUpdate(input);
    return this.serial(async () => {
      const live = this.get(name, undefined);
      const { record } = live;
      this.checkUpdatable(record, revisionId);
      if (dryRun) {
        checkZip(zip);
        return { status: 200, body: toConfiguration(this.identity, record, record.latest) };
      }
      const code = await this.options.store.storeCode(name, zip);
      this.beginUpdate(live, { code, ...(architectures ? { architectures } : {}) });
      const published = publish ? publishSnapshot(record) : undefined;
      await this.options.store.save(record);
      return { status: 200, body: toConfiguration(this.identity, record, published ?? record.latest, { arnQualifier: published?.version }) };
    });
  }

  updateConfiguration(name: string, input: JsonObject): Promise<Reply> {
    const fields = parseConfiguration(input);
    const revisionId = optionalString(input, 'RevisionId', 'revisionId');
    return this.serial(async () => {
      const live = this.get(name, undefined);
      this.checkUpdatable(live.record, revisionId);
      checkHandler(fields.runtime ?? live.record.latest.runtime, fields.handler ?? live.record.latest.handler);
      this.beginUpdate(live, fields);
      await this.options.store.save(live.record);
      return { status: 200, body: toConfiguration(this.identity, live.record, live.record.latest) };
    });
  }

  publishVersion(name: string, input: JsonObject): Promise<Reply> {
    const codeSha256 = optionalString(input, 'CodeSha256', 'codeSha256');
    const description = optionalString(input, 'Description', 'description', 256);
    const revisionId = optionalString(input, 'RevisionId', 'revisionId');
    return this.serial(async () => {
      const { record } = this.get(name, undefined);
      this.checkUpdatable(record, revisionId);
      if (codeSha256 !== undefined && codeSha256 !== record.latest.code.sha256) {
        throw invalidParameter(
          `CodeSHA256 (${codeSha256}) is different from current CodeSHA256 in $LATEST (${record.latest.code.sha256}). Please try again with the CodeSHA256 in $LATEST.`,
        );
      }
      const before = record.versions.length;
      const version = publishSnapshot(record, description);
      if (record.versions.length !== before) await this.options.store.save(record);
      return { status: 201, body: toConfiguration(this.identity, record, version, { arnQualifier: version.version }) };
    });
  }

  deleteFunction(name: string, qualifier: string | undefined): Promise<Reply> {
    return this.serial(async () => {
      const live = this.get(name, undefined);
      const { record } = live;
      if (qualifier === undefined) {
        clearTimeout(live.timer);
        this.live.delete(name);
        await Promise.all(this.emulatorNames(live).map((n) => this.options.emulator.unregister(n)));
        await this.options.store.remove(name);
        // Its URLs and policies went with its record.
        if (record.urls?.length) await this.syncUrls();
        return { status: 204 };
      }
      if (qualifier === '$LATEST') throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
      if (!/^\d+$/.test(qualifier)) throw invalidParameter('Deletion of aliases is not supported through DeleteFunction; use DeleteAlias.');
      const version = this.snapshot(record, qualifier);
      const referencing = record.aliases.filter((a) => a.functionVersion === qualifier || a.additionalVersionWeights?.[qualifier] !== undefined);
      if (referencing.length) {
        throw new CloudError('ResourceConflictException', `Unable to delete version because the following aliases reference it: [${referencing.map((a) => a.name).join(', ')}]`);
      }
      record.versions = record.versions.filter((v) => v !== version);
      dropPolicy(record, qualifier);
      if (live.registeredVersions.delete(qualifier)) await this.options.emulator.unregister(versionTarget(name, qualifier));
      await this.options.store.save(record);
      await this.options.store.pruneCode(record, live.running ? [live.running.code] : []);
      return { status: 204 };
    });
  }

  createAlias(name: string, input: JsonObject): Promise<Reply> {
    return this.change(name, (record) => ({ status: 201, body: toAliasConfiguration(this.identity, record, createAlias(this.identity, record, input)) }));
  }

  updateAlias(name: string, alias: string, input: JsonObject): Promise<Reply> {
    return this.change(name, (record) => ({ status: 200, body: toAliasConfiguration(this.identity, record, updateAlias(this.identity, record, alias, input)) }));
  }

  /** The alias's function URL and policy go with it. */
  deleteAlias(name: string, alias: string): Promise<Reply> {
    return this.changeUrls(name, (record) => {
      deleteAlias(this.identity, record, alias);
      record.urls = record.urls?.filter((u) => u.qualifier !== alias);
      dropPolicy(record, alias);
      return () => ({ status: 204 });
    });
  }

  tagResource(arn: string, input: JsonObject): Promise<Reply> {
    const tags = optionalStringMap(input, 'Tags', 'tags');
    if (!tags) throw invalidParameter("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
    return this.change(taggedFunctionName(arn), (record) => {
      addTags(record, tags);
      return { status: 204 };
    });
  }

  untagResource(arn: string, keys: string[]): Promise<Reply> {
    return this.change(taggedFunctionName(arn), (record) => {
      removeTags(record, keys);
      return { status: 204 };
    });
  }

  // ---- function URLs and permissions ----

  getUrlConfig(name: string, qualifier: string | undefined): Reply {
    const { record } = this.get(name, qualifier);
    const config = findUrlConfig(record, urlQualifier(this.identity, record, qualifier));
    return { status: 200, body: this.urlOutput(record, config) };
  }

  listUrlConfigs(name: string, marker: string | null, maxItems: number): Reply {
    const { record } = this.get(name, undefined);
    const { page, nextMarker } = urlConfigsPage(record, marker, maxItems);
    return { status: 200, body: { FunctionUrlConfigs: page.map((config) => this.urlOutput(record, config)), ...(nextMarker ? { NextMarker: nextMarker } : {}) } };
  }

  /** Served at once: the answer's `FunctionUrl` is the local URL it listens on. */
  createUrlConfig(name: string, qualifier: string | undefined, input: JsonObject): Promise<Reply> {
    return this.changeUrls(name, (record) => {
      const config = createUrlConfig(this.identity, record, urlQualifier(this.identity, record, qualifier), input, Date.now());
      return () => ({ status: 201, body: this.urlOutput(record, config, true) });
    });
  }

  updateUrlConfig(name: string, qualifier: string | undefined, input: JsonObject): Promise<Reply> {
    return this.changeUrls(name, (record) => {
      const config = updateUrlConfig(record, urlQualifier(this.identity, record, qualifier), input, Date.now());
      return () => ({ status: 200, body: this.urlOutput(record, config) });
    });
  }

  deleteUrlConfig(name: string, qualifier: string | undefined): Promise<Reply> {
    return this.changeUrls(name, (record) => {
      deleteUrlConfig(record, urlQualifier(this.identity, record, qualifier));
      return () => ({ status: 204 });
    });
  }

  addPermission(name: string, qualifier: string | undefined, input: JsonObject): Promise<Reply> {
    return this.change(name, (record) => ({ status: 201, body: { Statement: JSON.stringify(addPermission(this.identity, record, qualifier, input)) } }));
  }

  removePermission(name: string, qualifier: string | undefined, statementId: string, revisionId: string | undefined): Promise<Reply> {
    return this.change(name, (record) => {
      removePermission(this.identity, record, qualifier, statementId, revisionId);
      return { status: 204 };
    });
  }

  getPolicy(name: string, qualifier: string | undefined): Reply {
    const { record } = this.get(name, qualifier);
    return { status: 200, body: policyOutput(this.identity, record, qualifier) };
  }

  // ---- internals ----

  private urlOutput(record: FunctionRecord, config: UrlConfigRecord, created = false) {
    const target = urlTargetName(record.name, config.qualifier);
    return toUrlConfigOutput(this.identity, record, config, this.urls?.urlOf(target)?.url ?? awsStyleUrl(this.identity, target), created);
  }

  /** Serves exactly the URL configs there are now (in the queue, so it never races a change); saves the records whose URL moved port. */
  private async syncUrls(): Promise<void> {
    for (const record of (await this.urls?.sync(this.records(), this.options.onWarning)) ?? []) await this.options.store.save(record);
  }

  /** A change to a function's URL configs: applied, served, saved, then answered (the answer shows the served URL). */
  private changeUrls(name: string, apply: (record: FunctionRecord) => () => Reply): Promise<Reply> {
    return this.serial(async () => {
      const { record } = this.get(name, undefined);
      const backup = structuredClone(record);
      let reply: () => Reply;
      try {
        reply = apply(record);
      } catch (error) {
        Object.assign(record, backup);
        throw error;
      }
      await this.syncUrls();
      await this.options.store.save(record);
      return reply();
    });
  }


  private records(): FunctionRecord[] {
    return [...this.live.values()].map((live) => live.record).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  private get(name: string, qualifier: string | undefined): LiveFunction {
    const live = this.live.get(name);
    if (!live) throw functionNotFound(functionArn(this.identity, name, qualifier));
    return live;
  }

  /** `$LATEST`, a version, or the version an alias points at. */
  private snapshot(record: FunctionRecord, qualifier: string | undefined): FunctionSnapshot {
    if (qualifier === undefined || qualifier === '$LATEST') return record.latest;
    const version = /^\d+$/.test(qualifier) ? qualifier : record.aliases.find((a) => a.name === qualifier)?.functionVersion;
    const found = version === '$LATEST' ? record.latest : record.versions.find((v) => v.version === version);
    if (!found) throw functionNotFound(functionArn(this.identity, record.name, qualifier));
    return found;
  }

  private checkUpdatable(record: FunctionRecord, revisionId: string | undefined): void {
    if (record.state === 'Pending') throw functionNotActive('Pending');
    if (record.lastUpdateStatus === 'InProgress') throw updateInProgress(functionArn(this.identity, record.name));
    if (revisionId !== undefined && revisionId !== record.latest.revisionId) throw revisionMismatch('GetFunction');
  }

  /** Applies new code or configuration to `$LATEST` now; the emulator follows when the update completes. */
  private beginUpdate(live: LiveFunction, change: Partial<FunctionSnapshot>): void {
    const { record } = live;
    record.latest = { ...record.latest, ...change, lastModified: Date.now(), revisionId: randomUUID() };
    record.lastUpdateStatus = 'InProgress';
    this.later(live, this.options.updateMs, () => {
      const previous = live.running;
      record.lastUpdateStatus = 'Successful';
      record.latest.revisionId = randomUUID();
      this.runLatest(live);
      // The code that ran until now may still be finishing an invoke; it goes at the next update.
      return this.options.store.pruneCode(record, previous ? [previous.code] : []);
    });
  }

  /** Runs `complete` after `ms` (in the queue), then saves: the end of a Pending or InProgress phase. */
  private later(live: LiveFunction, ms: number, complete: () => void | Promise<void>): void {
    clearTimeout(live.timer);
    live.timer = setTimeout(() => {
      live.timer = undefined;
      void this.serial(async () => {
        if (this.closed || this.live.get(live.record.name) !== live) return;
        await complete();
        await this.options.store.save(live.record);
      }).catch((error: unknown) => this.options.onWarning(`local cloud: ${live.record.name}: ${error instanceof Error ? error.message : String(error)}`));
    }, ms);
  }

  private runLatest(live: LiveFunction): void {
    live.running = live.record.latest;
    this.options.emulator.register(this.spec(live.record.name, live.record.name, live.record.latest), this.options.runOptions);
  }

  private emulatorNames(live: LiveFunction): string[] {
    return [...(live.running ? [live.record.name] : []), ...[...live.registeredVersions].map((v) => versionTarget(live.record.name, v))];
  }

  private spec(functionName: string, emulatorName: string, snapshot: FunctionSnapshot): FunctionSpec {
    return {
      name: emulatorName,
      functionName,
      provider: 'aws',
      runtime: snapshot.runtime,
      codeDir: this.options.store.codeDir(functionName, snapshot.code),
      handler: snapshot.handler ?? '',
      timeout: snapshot.timeout,
      memorySize: snapshot.memorySize,
      environment: { ...snapshot.environment },
      events: [],
      description: snapshot.description,
      architectures: [...snapshot.architectures],
      logFormat: snapshot.logFormat,
    };
  }

  /** A change to one function's record (aliases, tags), saved before the reply. */
  private change(name: string, apply: (record: FunctionRecord) => Reply): Promise<Reply> {
    return this.serial(async () => {
      const { record } = this.get(name, undefined);
      const backup = structuredClone(record);
      let reply: Reply;
      try {
        reply = apply(record);
      } catch (error) {
        Object.assign(record, backup);
        throw error;
      }
      await this.options.store.save(record);
      return reply;
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function findAliasForInvoke(identity: CloudIdentity, record: FunctionRecord, name: string) {
  const alias = record.aliases.find((a) => a.name === name);
  if (!alias) throw functionNotFound(functionArn(identity, record.name, name));
  return alias;
}


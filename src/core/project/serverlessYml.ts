import * as path from 'node:path';
import { emptyIntrinsicContext, evaluate, isIntrinsic, isRecord, pseudoParametersFor, scalarText, shortForm } from './cfnIntrinsics';
import type { IntrinsicContext, JsonObject } from './cfnIntrinsics';
import type { DiscoveryResult, ProjectDiagnostic } from './diagnostics';
import { checkArchitectures, checkLimit, describeType } from './functionFields';
import type { FunctionEventSpec, FunctionSpec, FunctionUrlSpec } from './functionSpec';
import { checkServerlessUrl } from './functionUrl';
import { loadServiceDotenv } from './serverlessDotenv';
import type { ServiceDotenv } from './serverlessDotenv';
import { serverlessEventToSpec } from './serverlessEvents';
import { VariableResolver } from './serverlessVariables';
import type { JsFileValues, VariableSources } from './serverlessVariables';
import { loadYamlSource } from './yamlSource';
import type { YamlSource } from './yamlSource';

/**
 * Functions of a Serverless Framework service (serverless.yml / serverless.yaml / serverless.json).
 *
 * Every function's code folder is the service folder: the handler `src/handlers/hello.main` is
 * already Lambda's handler string relative to the package root, which is the service folder.
 * Defaults are the framework's, not Lambda's: 6 s and 1024 MB. Without any `runtime` the
 * function gets nodejs20.x — Serverless Framework v4's default (v3 defaulted to an older
 * Node.js, so deploys with v3 may differ) — and a warning says so.
 */
export interface ServerlessOptions {
  /** `--stage`; otherwise provider.stage, otherwise `dev`. */
  stage?: string;
  /** `--region`; otherwise provider.region, otherwise us-east-1. */
  region?: string;
  /** Other CLI options, for `${opt:name}`. */
  options?: Record<string, string>;
  /**
   * For `${env:NAME}`; default: this process's environment, as the framework reads it. The
   * service's `.env` files fill in what it does not set (see serverlessDotenv.ts).
   */
  env?: Record<string, string | undefined>;
  /** `${aws:accountId}`; default the local account, 000000000000. */
  accountId?: string;
  /** `--param NAME=VALUE` for `${param:NAME}`. */
  params?: Record<string, string>;
  /**
   * `${file(./x.js):address}` values, computed beforehand in a trusted workspace
   * (serverlessJsFiles.ts); without them such variables are unresolved, with a warning saying why.
   */
  jsFileValues?: JsFileValues;
}

export const serverlessDefaults = { runtime: 'nodejs20.x', timeout: 6, memorySize: 1024 } as const;

type Path = (string | number)[];

/** Whatever a service read besides its own file (`${file(…)}` targets, `.env` files): `DiscoveryResult.dependencies`. */
export function parseServerlessYml(text: string, file: string, options: ServerlessOptions = {}): DiscoveryResult {
  const loaded = loadYamlSource(text, file);
  if (!loaded.ok) return { functions: [], diagnostics: [loaded.diagnostic] };
  return readServerlessConfig(loaded.source, options);
}

export function readServerlessConfig(source: YamlSource, options: ServerlessOptions = {}): DiscoveryResult {
  const root = source.value;
  const diagnostics: ProjectDiagnostic[] = [];
  if (root === null || root === undefined) return { functions: [], diagnostics };
  if (!isRecord(root)) {
    return { functions: [], diagnostics: [{ file: source.file, line: source.lineOf([]), message: `serverless.yml must be a mapping (service, provider, functions), found ${describeType(root)}`, severity: 'error' }] };
  }

  const service = new ServiceReader(source, root, options, diagnostics);
  const fatal = (message: string, at: Path = []): DiscoveryResult => ({
    functions: [],
    diagnostics: [...diagnostics, service.diagnostic(at, message, 'error')],
    dependencies: service.dependencies(),
  });
  const provider = service.resolveShallow(['provider'], root.provider ?? {});
  if (!isRecord(provider)) return fatal(`provider must be a mapping, found ${describeType(provider)}`, ['provider']);
  const providerName = service.resolve(['provider', 'name'], provider.name ?? 'aws');
  if (providerName !== 'aws') {
    diagnostics.push(service.diagnostic(['provider', 'name'], `provider ${String(providerName)} is not supported (only aws); its functions are not listed`, 'warning'));
    return { functions: [], diagnostics, dependencies: service.dependencies() };
  }
  const entries = service.functionEntries();
  if (!entries.ok) return fatal(entries.problem, ['functions']);

  const defaults = service.providerDefaults(provider);
  const functions: FunctionSpec[] = [];
  for (const entry of entries.value) {
    const spec = service.function(entry.name, entry.path, entry.raw, defaults);
    if (spec) functions.push(spec);
  }
  if (service.usedDefaultRuntime) {
    diagnostics.push(
      service.diagnostic(
        ['provider'],
        `No runtime is set (provider.runtime); using ${serverlessDefaults.runtime}, Serverless Framework v4's default (v3 used an older Node.js)`,
        'warning',
      ),
    );
  }
  return { functions, diagnostics, dependencies: service.dependencies() };
}

/**
 * What the variables of a service see: its CLI options and its environment, with the `.env` files
 * the framework loads. Shared with serverlessJsFiles.ts, whose code must see the same.
 */
export function serviceVariableSources(root: JsonObject, serviceDir: string, options: ServerlessOptions): { sources: VariableSources; dotenv: ServiceDotenv } {
  const processEnv = options.env ?? process.env;
  const sources: VariableSources = {
    config: root,
    serviceDir,
    options: { ...options.options, stage: options.stage, region: options.region },
    env: processEnv,
    accountId: options.accountId,
    params: options.params,
  };
  // The stage picks the .env file, so it is settled from the real environment alone, as the framework does.
  const stage = new VariableResolver(sources).stage();
  const dotenv = loadServiceDotenv({ serviceDir, stage, frameworkVersion: root.frameworkVersion, useDotenv: root.useDotenv, processEnv });
  return {
    sources: {
      ...sources,
      env: dotenv.env,
      ...(dotenv.notLoaded ? { notLoadedDotenv: dotenv.notLoaded } : {}),
      ...(options.jsFileValues ? { jsFiles: options.jsFileValues } : {}),
    },
    dotenv,
  };
}

interface ProviderDefaults {
  runtime?: string;
  timeout: number;
  memorySize: number;
  environment: Record<string, string>;
  architectures?: ('x86_64' | 'arm64')[];
}

interface FunctionEntry {
  name: string;
  path: Path;
  raw: unknown;
}

/** Part of the service that came from another file through a whole-value `${file(…)}`: its lines are in that file. */
interface Inclusion {
  at: Path;
  source: YamlSource;
  address: Path;
}

class ServiceReader {
  private readonly resolver: VariableResolver;
  private readonly serviceDir: string;
  private readonly dotenvFiles: string[];
  private readonly inclusions: Inclusion[] = [];
  private intrinsicContext: IntrinsicContext | undefined;
  /** Set when a function got the default runtime, for one warning per file. */
  usedDefaultRuntime = false;

  constructor(
    private readonly source: YamlSource,
    private readonly root: JsonObject,
    options: ServerlessOptions,
    private readonly diagnostics: ProjectDiagnostic[],
  ) {
    this.serviceDir = path.dirname(source.file);
    const { sources, dotenv } = serviceVariableSources(root, this.serviceDir, options);
    for (const problem of dotenv.problems) diagnostics.push({ file: problem.file, line: problem.line, message: problem.message, severity: 'warning' });
    this.dotenvFiles = dotenv.watched;
    this.resolver = new VariableResolver(sources);
  }

  /** Files other than serverless.yml whose content (or appearance) changes the result. */
  dependencies(): string[] {
    return [...new Set([...this.dotenvFiles, ...this.resolver.filesRead])];
  }

  diagnostic(at: Path, message: string, severity: 'error' | 'warning'): ProjectDiagnostic {
    return { ...this.locate(at), message, severity };
  }

  /** The file and line of the value at `at`: serverless.yml's, or the included file's for what a `${file(…)}` brought in. */
  locate(at: Path): { file: string; line?: number } {
    let best: Inclusion | undefined;
    for (const inclusion of this.inclusions) {
      const inside = inclusion.at.length <= at.length && inclusion.at.every((part, i) => part === at[i]);
      if (inside && (!best || inclusion.at.length > best.at.length)) best = inclusion;
    }
    if (!best) return { file: this.source.file, line: this.source.lineOf(at) };
    return { file: best.source.file, line: best.source.lineOf([...best.address, ...at.slice(best.at.length)]) };
  }

  /** Resolves variables inside `raw` (found at `at`); each unresolved variable becomes a warning there. */
  resolve(at: Path, raw: unknown): unknown {
    const problems: string[] = [];
    const value = this.resolver.resolve(raw, problems);
    for (const problem of problems) this.diagnostics.push(this.diagnostic(at, problem, 'warning'));
    return value;
  }

  /** Resolves a value that is itself a variable (`functions: ${file(fns.yml)}`) without resolving inside a mapping. */
  resolveShallow(at: Path, raw: unknown): unknown {
    if (typeof raw !== 'string') return raw;
    // A whole included file is resolved part by part like the rest, each problem at its line there.
    const included = this.resolver.wholeFileReference(raw);
    if (!included) return this.resolve(at, raw);
    this.inclusions.push({ at, source: included.source, address: included.address });
    return included.value;
  }

  /** `functions` is a mapping, or a list of mappings the framework merges (often `- ${file(…)}`). */
  functionEntries(): { ok: true; value: FunctionEntry[] } | { ok: false; problem: string } {
    const raw = this.resolveShallow(['functions'], this.root.functions);
    if (raw === undefined || raw === null) return { ok: true, value: [] };
    const parts: { path: Path; value: unknown }[] = Array.isArray(raw)
      ? raw.map((item, i) => ({ path: ['functions', i], value: this.resolveShallow(['functions', i], item) }))
      : [{ path: ['functions'], value: raw }];
    const entries: FunctionEntry[] = [];
    for (const part of parts) {
      if (!isRecord(part.value)) return { ok: false, problem: `functions must be a mapping of function names, found ${describeType(part.value)}` };
      for (const [name, fn] of Object.entries(part.value)) entries.push({ name, path: [...part.path, name], raw: fn });
    }
    return { ok: true, value: entries };
  }

  providerDefaults(provider: JsonObject): ProviderDefaults {
    const at = (key: string): Path => ['provider', key];
    const defaults: ProviderDefaults = {
      runtime: this.optionalString(at('runtime'), provider.runtime),
      timeout: this.limit('timeout', at('timeout'), 'provider.timeout', provider.timeout) ?? serverlessDefaults.timeout,
      memorySize: this.limit('memorySize', at('memorySize'), 'provider.memorySize', provider.memorySize) ?? serverlessDefaults.memorySize,
      environment: this.environment(at('environment'), provider.environment, 'provider'),
    };
    const architectures = this.architectures(at('architecture'), provider.architecture);
    if (architectures) defaults.architectures = architectures;
    return defaults;
  }

  function(name: string, at: Path, raw: unknown, defaults: ProviderDefaults): FunctionSpec | undefined {
    const fn = this.resolveShallow(at, raw);
    if (!isRecord(fn)) {
      this.diagnostics.push(this.diagnostic(at, `Function ${name} must be a mapping with a handler, found ${describeType(fn)}`, 'error'));
      return undefined;
    }
    const errorsBefore = this.errorCount();
    const key = (k: string): Path => [...at, k];
    const isImage = fn.image !== undefined;
    let handler = this.optionalString(key('handler'), fn.handler);
    let runtime = this.optionalString(key('runtime'), fn.runtime) ?? defaults.runtime;
    if (runtime === undefined && !isImage) {
      runtime = serverlessDefaults.runtime;
      this.usedDefaultRuntime = true;
    }
    if (isImage) {
      this.diagnostics.push(this.diagnostic(key('image'), `${name} is packaged as a container image; it is listed but cannot run locally`, 'warning'));
      handler ??= '';
      // Image functions have no runtime; 'image' tells the rest of the extension what they are.
      if (fn.runtime === undefined) runtime = 'image';
    } else if (handler === undefined) {
      this.diagnostics.push(this.diagnostic(at, `Function ${name} has no handler (e.g. handler: src/handler.main)`, 'error'));
    }
    const timeout = this.limit('timeout', key('timeout'), `timeout of ${name}`, fn.timeout) ?? defaults.timeout;
    const memorySize = this.limit('memorySize', key('memorySize'), `memorySize of ${name}`, fn.memorySize) ?? defaults.memorySize;
    const environment = { ...defaults.environment, ...this.environment(key('environment'), fn.environment, name) };
    const events = this.events(name, key('events'), fn.events);
    if (handler === undefined || this.errorCount() > errorsBefore) return undefined;

    const spec: FunctionSpec = {
      name,
      provider: 'aws',
      runtime: runtime ?? serverlessDefaults.runtime,
      codeDir: this.serviceDir,
      handler,
      timeout,
      memorySize,
      environment,
      events,
      source: { kind: 'serverless', ...this.locate(at) },
    };
    const functionName = this.optionalString(key('name'), fn.name);
    if (functionName !== undefined) spec.functionName = functionName;
    const description = this.optionalString(key('description'), fn.description);
    if (description !== undefined) spec.description = description;
    const architectures = this.architectures(key('architecture'), fn.architecture) ?? defaults.architectures;
    if (architectures) spec.architectures = architectures;
    const region = this.resolver.configuredRegion();
    if (region !== undefined) spec.region = region;
    const url = this.url(key('url'), fn.url);
    if (url) spec.url = url;
    return spec;
  }

  private errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }

  private optionalString(at: Path, raw: unknown): string | undefined {
    if (raw === undefined || raw === null) return undefined;
    const value = this.resolve(at, raw);
    const text = scalarText(value);
    if (text === undefined) this.diagnostics.push(this.diagnostic(at, `${at.join('.')} must be a string, found ${describeType(value)}`, 'warning'));
    return text;
  }

  private limit(field: 'timeout' | 'memorySize', at: Path, label: string, raw: unknown): number | undefined {
    if (raw === undefined || raw === null) return undefined;
    const check = checkLimit(field, label, this.resolve(at, raw));
    if (check.ok) return check.value;
    this.diagnostics.push(this.diagnostic(at, check.problem, 'error'));
    return undefined;
  }

  private url(at: Path, raw: unknown): FunctionUrlSpec | undefined {
    if (raw === undefined || raw === null) return undefined;
    const check = checkServerlessUrl(at.join('.'), this.resolve(at, raw));
    if (check.ok) return check.value;
    this.diagnostics.push(this.diagnostic(at, `${check.problem}; the function has no URL locally`, 'warning'));
    return undefined;
  }

  private architectures(at: Path, raw: unknown): ('x86_64' | 'arm64')[] | undefined {
    if (raw === undefined || raw === null) return undefined;
    const check = checkArchitectures(at.join('.'), this.resolve(at, raw));
    if (check.ok) return check.value;
    this.diagnostics.push(this.diagnostic(at, check.problem.replace('[x86_64] or [arm64]', 'x86_64 or arm64'), 'warning'));
    return undefined;
  }

  /** Lambda environment values are strings; a CloudFormation intrinsic (`!Ref Table`) is known only once deployed. */
  private environment(at: Path, raw: unknown, owner: string): Record<string, string> {
    const env: Record<string, string> = {};
    const section = this.resolveShallow(at, raw);
    if (section === undefined || section === null) return env;
    if (!isRecord(section)) {
      this.diagnostics.push(this.diagnostic(at, `environment of ${owner} must be a mapping, found ${describeType(section)}`, 'warning'));
      return env;
    }
    for (const [name, rawValue] of Object.entries(section)) {
      const value = this.resolve([...at, name], rawValue);
      const evaluated = isIntrinsic(value) ? evaluate(value, this.intrinsics()) : undefined;
      const text = value === null ? '' : scalarText(evaluated?.ok ? evaluated.value : value);
      if (text !== undefined) {
        env[name] = text;
        continue;
      }
      const placeholder = shortForm(value);
      const why = evaluated && !evaluated.ok ? evaluated.reason : 'it is not a string';
      this.diagnostics.push(
        this.diagnostic([...at, name], `Environment variable ${name} of ${owner}: ${why}; it is set to "${placeholder}" locally`, 'warning'),
      );
      env[name] = placeholder;
    }
    return env;
  }

  /** For CloudFormation intrinsics in the service: no parameters, the service's resources, the stage's region. */
  private intrinsics(): IntrinsicContext {
    if (!this.intrinsicContext) {
      const resources = isRecord(this.root.resources) && isRecord(this.root.resources.Resources) ? this.root.resources.Resources : {};
      this.intrinsicContext = {
        ...emptyIntrinsicContext(),
        pseudoParameters: pseudoParametersFor(this.resolver.region()),
        resources: new Set(Object.keys(resources)),
      };
    }
    return this.intrinsicContext;
  }

  private events(name: string, at: Path, raw: unknown): FunctionEventSpec[] {
    const list = this.resolveShallow(at, raw);
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      this.diagnostics.push(this.diagnostic(at, `events of ${name} must be a list`, 'warning'));
      return [];
    }
    const events: FunctionEventSpec[] = [];
    list.forEach((item, i) => {
      const r = serverlessEventToSpec(this.resolve([...at, i], item));
      if (r.ok) events.push(r.event);
      else this.diagnostics.push(this.diagnostic([...at, i], `${name}: ${r.problem}; the event is ignored`, 'warning'));
    });
    return events;
  }
}

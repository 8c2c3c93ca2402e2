import * as path from 'node:path';
import { evaluate, isIntrinsic, isRecord, noValue, pseudoParametersFor, scalarText, shortForm } from './cfnIntrinsics';
import type { IntrinsicContext, JsonObject } from './cfnIntrinsics';
import type { DiscoveryResult, ProjectDiagnostic } from './diagnostics';
import { checkArchitectures, checkLimit, checkLogFormat, describeType } from './functionFields';
import type { FieldCheck } from './functionFields';
import { lambdaDefaults } from './functionSpec';
import type { FunctionEventSpec, FunctionSpec } from './functionSpec';
import { samEventToSpec } from './samEvents';
import { loadYamlSource } from './yamlSource';
import type { YamlSource } from './yamlSource';

/**
 * Functions of an AWS SAM / CloudFormation template: `AWS::Serverless::Function` (with
 * `Globals.Function` applied) and `AWS::Lambda::Function` whose `Code` is a local path.
 *
 * A template that cannot be read as a whole (YAML error, a section that is not a mapping) yields
 * exactly one error and no functions; a bad function yields its own diagnostic and the others
 * still load. A YAML/JSON file with none of `Resources`, `AWSTemplateFormatVersion` or
 * `Transform` is not a template at all and yields nothing (a `template.json` can be anything).
 */
export interface SamOptions {
  /** Values for template parameters, as `sam deploy --parameter-overrides` gives them. */
  parameterOverrides?: Record<string, string>;
  /** `AWS::Region` for `!Ref`/`!Sub`; default us-east-1. */
  region?: string;
  /** `AWS::AccountId` and `AWS::StackName` stay unresolved (with a warning) unless given. */
  accountId?: string;
  stackName?: string;
}

const serverlessFunctionType = 'AWS::Serverless::Function';
const lambdaFunctionType = 'AWS::Lambda::Function';
const mappingSections = ['Parameters', 'Conditions', 'Mappings', 'Globals', 'Resources'] as const;

export function parseSamTemplate(text: string, file: string, options: SamOptions = {}): DiscoveryResult {
  const loaded = loadYamlSource(text, file);
  if (!loaded.ok) return { functions: [], diagnostics: [loaded.diagnostic] };
  return readSamTemplate(loaded.source, options);
}

/** Whether a parsed file looks like a CloudFormation template (rather than an unrelated template.json). */
export function isCloudFormationTemplate(value: unknown): boolean {
  return isRecord(value) && ('Resources' in value || 'AWSTemplateFormatVersion' in value || 'Transform' in value);
}

export function readSamTemplate(source: YamlSource, options: SamOptions = {}): DiscoveryResult {
  const root = source.value;
  const fatal = (message: string, at: (string | number)[] = []): DiscoveryResult => ({
    functions: [],
    diagnostics: [{ file: source.file, line: source.lineOf(at), message, severity: 'error' }],
  });
  if (root === null || root === undefined) return { functions: [], diagnostics: [] };
  if (!isRecord(root)) return fatal(`A template must be a mapping of sections (Resources, Globals, …), found ${describeType(root)}`);
  if (!isCloudFormationTemplate(root)) return { functions: [], diagnostics: [] };
  for (const section of mappingSections) {
    if (section in root && !isRecord(root[section])) {
      return fatal(`${section} must be a mapping, found ${describeType(root[section])}`, [section]);
    }
  }
  if (!isRecord(root.Resources)) return fatal('The template has no Resources section');
  const globals = (root.Globals as JsonObject | undefined)?.Function;
  if (globals !== undefined && !isRecord(globals)) {
    return fatal(`Globals.Function must be a mapping, found ${describeType(globals)}`, ['Globals', 'Function']);
  }

  const reader = new TemplateReader(source, intrinsicContext(root, options), globals ?? {});
  const result: DiscoveryResult = { functions: [], diagnostics: [] };
  for (const [id, resource] of Object.entries(root.Resources)) {
    const spec = reader.resource(id, resource, result.diagnostics);
    if (spec) result.functions.push(spec);
  }
  return result;
}

function intrinsicContext(root: JsonObject, options: SamOptions): IntrinsicContext {
  const parameters = new Map<string, unknown>();
  const declared = new Set<string>();
  for (const [name, decl] of Object.entries((root.Parameters as JsonObject | undefined) ?? {})) {
    declared.add(name);
    const value = options.parameterOverrides?.[name] ?? (isRecord(decl) ? decl.Default : undefined);
    if (value === undefined) continue;
    const type = isRecord(decl) ? String(decl.Type ?? '') : '';
    const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
    parameters.set(name, isList && typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value);
  }
  return {
    parameters,
    declaredParameters: declared,
    pseudoParameters: pseudoParametersFor(options.region ?? 'us-east-1', options),
    resources: new Set(Object.keys(root.Resources as JsonObject)),
    conditions: (root.Conditions as JsonObject | undefined) ?? {},
    mappings: (root.Mappings as JsonObject | undefined) ?? {},
  };
}

/**
 * SAM's Globals rules for the values discovery reads: a function's own scalar wins, mappings
 * (Environment.Variables) merge key-wise with the function's keys winning, and an intrinsic is a
 * value, not a mapping to merge into. For lists SAM appends (Layers, Policies); the only list
 * read here, Architectures, holds one item, so the function's own list simply wins.
 */
export function mergeGlobals(globals: JsonObject, own: JsonObject): JsonObject {
  const merged: JsonObject = { ...globals };
  for (const [key, value] of Object.entries(own)) {
    const global = merged[key];
    const mergeable = isRecord(global) && isRecord(value) && !isIntrinsic(global) && !isIntrinsic(value);
    merged[key] = mergeable ? mergeGlobals(global, value) : value;
  }
  return merged;
}

type Code = { codeDir: string; local: true } | { codeDir: string; local: false; why: string };

class TemplateReader {
  private readonly templateDir: string;

  constructor(
    private readonly source: YamlSource,
    private readonly ctx: IntrinsicContext,
    private readonly globals: JsonObject,
  ) {
    this.templateDir = path.dirname(source.file);
  }

  resource(id: string, resource: unknown, diagnostics: ProjectDiagnostic[]): FunctionSpec | undefined {
    if (!isRecord(resource)) {
      diagnostics.push(this.diagnostic(['Resources', id], `Resource ${id} must be a mapping with Type and Properties`, 'error'));
      return undefined;
    }
    if (resource.Type !== serverlessFunctionType && resource.Type !== lambdaFunctionType) return undefined;
    const own = resource.Properties ?? {};
    if (!isRecord(own)) {
      diagnostics.push(this.diagnostic(['Resources', id, 'Properties'], `Properties of ${id} must be a mapping, found ${describeType(own)}`, 'error'));
      return undefined;
    }
    const isSam = resource.Type === serverlessFunctionType;
    const fn = new FunctionReader(this, id, isSam ? mergeGlobals(this.globals, own) : own, own, isSam ? this.globals : {}, diagnostics);
    return fn.read(isSam, isRecord(resource.Metadata) ? resource.Metadata : {});
  }

  get file(): string {
    return this.source.file;
  }

  get dir(): string {
    return this.templateDir;
  }

  get intrinsics(): IntrinsicContext {
    return this.ctx;
  }

  lineOf(at: (string | number)[]): number | undefined {
    return this.source.lineOf(at);
  }

  diagnostic(at: (string | number)[], message: string, severity: 'error' | 'warning'): ProjectDiagnostic {
    return { file: this.source.file, line: this.source.lineOf(at), message, severity };
  }
}

/** Reads one function resource; problems go to `diagnostics`, and an error means no spec. */
class FunctionReader {
  private failed = false;

  constructor(
    private readonly template: TemplateReader,
    private readonly id: string,
    private readonly props: JsonObject,
    private readonly own: JsonObject,
    private readonly globals: JsonObject,
    private readonly diagnostics: ProjectDiagnostic[],
  ) {}

  read(isSam: boolean, metadata: JsonObject): FunctionSpec | undefined {
    const packageType = this.optionalString('PackageType') ?? 'Zip';
    const isImage = packageType === 'Image' || (!isSam && isRecord(this.props.Code) && 'ImageUri' in this.props.Code);
    let runtime: string | undefined;
    let handler: string | undefined;
    let code: Code;
    if (isImage) {
      this.warn(['PackageType'], `${this.id} is packaged as a container image; it is listed but cannot run locally`);
      // Image functions have no Runtime; 'image' tells the rest of the extension what it is.
      runtime = this.optionalString('Runtime') ?? 'image';
      const command = isRecord(this.props.ImageConfig) ? this.props.ImageConfig.Command : undefined;
      handler = Array.isArray(command) ? command.map(String).join(' ') : '';
      const context = typeof metadata.DockerContext === 'string' ? metadata.DockerContext : '.';
      code = { codeDir: path.resolve(this.template.dir, context), local: true };
    } else {
      runtime = this.requiredString('Runtime');
      handler = this.requiredString('Handler');
      code = isSam ? this.samCode() : this.lambdaCode();
      if (!code.local) {
        const key = isSam ? (this.props.InlineCode !== undefined ? 'InlineCode' : 'CodeUri') : 'Code';
        this.warn([key], `The code of ${this.id} is not in a local folder (${code.why}); it is listed but cannot run locally`);
      }
    }
    const timeout = this.limited('timeout', 'Timeout', lambdaDefaults.timeout);
    const memorySize = this.limited('memorySize', 'MemorySize', lambdaDefaults.memorySize);
    const environment = this.environment();
    const events = isSam ? this.events() : [];
    if (this.failed || runtime === undefined || handler === undefined) return undefined;

    const spec: FunctionSpec = {
      name: this.id,
      provider: 'aws',
      runtime,
      codeDir: code.codeDir,
      handler,
      timeout,
      memorySize,
      environment,
      events,
      source: { kind: 'sam', file: this.template.file, line: this.template.lineOf(['Resources', this.id]) },
    };
    const functionName = this.optionalString('FunctionName', 'warning');
    if (functionName !== undefined) spec.functionName = functionName;
    const description = this.optionalString('Description', 'warning');
    if (description !== undefined) spec.description = description;
    const architectures = this.checked('Architectures', checkArchitectures);
    if (architectures) spec.architectures = architectures;
    const logging = this.props.LoggingConfig;
    if (isRecord(logging) && logging.LogFormat !== undefined) {
      const check = checkLogFormat('LoggingConfig.LogFormat', this.evaluated(logging.LogFormat));
      if (check.ok) spec.logFormat = check.value;
      else this.warn(['LoggingConfig', 'LogFormat'], `${this.id}: ${check.problem}`);
    }
    return spec;
  }

  private samCode(): Code {
    const dir = this.template.dir;
    if (this.props.InlineCode !== undefined) return { codeDir: dir, local: false, why: 'InlineCode' };
    const raw = this.props.CodeUri ?? '.';
    const uri = isIntrinsic(raw) ? this.evaluatedOrWarn('CodeUri', raw) : raw;
    if (typeof uri === 'string') {
      if (/^s3:\/\//i.test(uri)) return { codeDir: dir, local: false, why: `CodeUri is ${uri}` };
      return { codeDir: path.resolve(dir, uri), local: true };
    }
    if (isRecord(uri) && 'Bucket' in uri) return { codeDir: dir, local: false, why: 'CodeUri is an S3 object' };
    return { codeDir: dir, local: false, why: `CodeUri is ${shortForm(raw)}` };
  }

  /** `Code` of AWS::Lambda::Function: a local path (as `aws cloudformation package` takes it), inline, or S3. */
  private lambdaCode(): Code {
    const dir = this.template.dir;
    const code = this.props.Code;
    if (typeof code === 'string') return { codeDir: path.resolve(dir, code), local: true };
    if (code === undefined) {
      this.error(['Code'], `${this.id} has no Code`);
      return { codeDir: dir, local: true };
    }
    if (isRecord(code) && 'ZipFile' in code) return { codeDir: dir, local: false, why: 'Code.ZipFile' };
    return { codeDir: dir, local: false, why: 'Code is an S3 object' };
  }

  private environment(): Record<string, string> {
    const env: Record<string, string> = {};
    const section = this.props.Environment;
    if (section === undefined) return env;
    const variables = isRecord(section) ? (section.Variables ?? {}) : undefined;
    if (!isRecord(variables)) {
      this.warn(['Environment'], `${this.id}: Environment must be a mapping with a Variables mapping; no variables are set`);
      return env;
    }
    for (const [name, raw] of Object.entries(variables)) {
      const at = ['Environment', 'Variables', name];
      if (raw === null) {
        env[name] = '';
        continue;
      }
      const r = evaluate(raw, this.template.intrinsics);
      if (r.ok && r.value === noValue) continue;
      const text = r.ok ? scalarText(r.value) : undefined;
      if (text !== undefined) {
        env[name] = text;
        continue;
      }
      const placeholder = shortForm(raw);
      const why = r.ok ? 'the value is not a string' : r.reason;
      this.warn(at, `Environment variable ${name} of ${this.id}: ${why}; it is set to "${placeholder}" locally`);
      env[name] = placeholder;
    }
    return env;
  }

  private events(): FunctionEventSpec[] {
    const raw = this.props.Events;
    if (raw === undefined) return [];
    if (!isRecord(raw)) {
      this.warn(['Events'], `${this.id}: Events must be a mapping of event names to events`);
      return [];
    }
    const events: FunctionEventSpec[] = [];
    for (const [name, event] of Object.entries(raw)) {
      const r = samEventToSpec(name, event, this.template.intrinsics);
      if (r.ok) events.push(r.event);
      else this.warn(['Events', name], `${this.id}: ${r.problem}; the event is ignored`);
    }
    return events;
  }

  private limited(field: 'timeout' | 'memorySize', key: string, fallback: number): number {
    if (this.props[key] === undefined) return fallback;
    const check = checkLimit(field, `${key} of ${this.id}`, this.evaluatedOrError(key));
    if (check.ok) return check.value;
    this.error([key], check.problem);
    return fallback;
  }

  private checked<T>(key: string, check: (label: string, value: unknown) => FieldCheck<T>): T | undefined {
    if (this.props[key] === undefined) return undefined;
    const r = check(key, this.evaluatedOrWarn(key, this.props[key]));
    if (r.ok) return r.value;
    this.warn([key], `${this.id}: ${r.problem}`);
    return undefined;
  }

  private requiredString(key: string): string | undefined {
    if (this.props[key] === undefined) {
      this.error([], `${this.id} has no ${key} (set it in its Properties or in Globals.Function)`);
      return undefined;
    }
    const value = this.evaluatedOrError(key);
    if (typeof value === 'string' && value !== '') return value;
    if (value !== undefined) this.error([key], `${key} of ${this.id} must be a string, found ${describeType(value)}`);
    return undefined;
  }

  private optionalString(key: string, severity: 'error' | 'warning' = 'error'): string | undefined {
    if (this.props[key] === undefined) return undefined;
    const value = severity === 'error' ? this.evaluatedOrError(key) : this.evaluatedOrWarn(key, this.props[key]);
    return scalarText(value);
  }

  private evaluated(raw: unknown): unknown {
    const r = evaluate(raw, this.template.intrinsics);
    return r.ok ? r.value : undefined;
  }

  private evaluatedOrError(key: string): unknown {
    const r = evaluate(this.props[key], this.template.intrinsics);
    if (r.ok) return r.value;
    this.error([key], `${key} of ${this.id} cannot be resolved: ${r.reason}`);
    return undefined;
  }

  private evaluatedOrWarn(key: string, raw: unknown): unknown {
    const r = evaluate(raw, this.template.intrinsics);
    if (r.ok) return r.value;
    this.warn([key], `${key} of ${this.id} cannot be resolved locally: ${r.reason}`);
    return undefined;
  }

  /** Where a property is written: in the function itself, else in Globals.Function, else the resource. */
  private at(propertyPath: (string | number)[]): (string | number)[] {
    const resource = ['Resources', this.id];
    if (propertyPath.length === 0) return resource;
    if (hasPath(this.own, propertyPath)) return [...resource, 'Properties', ...propertyPath];
    if (hasPath(this.globals, propertyPath)) return ['Globals', 'Function', ...propertyPath];
    return [...resource, 'Properties', ...propertyPath];
  }

  private warn(propertyPath: (string | number)[], message: string): void {
    this.diagnostics.push(this.template.diagnostic(this.at(propertyPath), message, 'warning'));
  }

  private error(propertyPath: (string | number)[], message: string): void {
    this.failed = true;
    this.diagnostics.push(this.template.diagnostic(this.at(propertyPath), message, 'error'));
  }
}

function hasPath(value: unknown, keys: (string | number)[]): boolean {
  let node = value;
  for (const key of keys) {
    if (!isRecord(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

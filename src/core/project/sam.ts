import * as path from 'node:path';
import { evaluate, evaluateWithPlaceholders, isIntrinsic, isRecord, noValue, pseudoParametersFor, scalarText, shortForm } from './cfnIntrinsics';
import type { IntrinsicContext, JsonObject } from './cfnIntrinsics';
import type { DiscoveryResult, ProjectDiagnostic } from './diagnostics';
import { checkArchitectures, checkLimit, checkLogFormat, describeType } from './functionFields';
import type { FieldCheck } from './functionFields';
import { lambdaDefaults } from './functionSpec';
import type { FunctionEventSpec, FunctionSpec } from './functionSpec';
import { applicationTypes, readApplication } from './samApplications';
import type { NestedApplication } from './samApplications';
import { samBuildOutcome } from './samBuild';
import { defaultInlineCodeRoot, inlineCodeFile } from './samInlineCode';
import type { InlineCodeFile } from './samInlineCode';
import { functionLayers, templateLayers } from './samLayers';
import type { TemplateLayer } from './samLayers';
import { samEventToSpec } from './samEvents';
import { checkSamFunctionUrl } from './functionUrl';
import { loadYamlSource } from './yamlSource';
import type { YamlSource } from './yamlSource';

/**
 * Functions of an AWS SAM / CloudFormation template: `AWS::Serverless::Function` (with
 * `Globals.Function` applied) and `AWS::Lambda::Function` whose `Code` is a local path or inline
 * code; their layers; and the nested applications whose local templates hold more functions
 * (samProject.ts reads those, and writes inline code where it can run).
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
  /** `AWS::AccountId`; default 123456789012, the emulator's (and `sam local`'s) account. */
  accountId?: string;
  /** `AWS::StackName`; default samconfig's `stack_name`, else the template folder's name (`sam deploy --guided`'s default). */
  stackName?: string;
  /** Where inline code gets its folder (default: under the system's temporary folder). */
  inlineCodeRoot?: string;
}

export interface SamTemplateResult extends DiscoveryResult {
  /** Inline code to write before the functions that hold it can run (`codeDir` already points there). */
  inlineCode: InlineCodeFile[];
  /** Nested applications with a local template, for the caller to read. */
  applications: NestedApplication[];
}

/** The account `sam local` and the emulator use. */
export const placeholderAccountId = '123456789012';

const serverlessFunctionType = 'AWS::Serverless::Function';
const lambdaFunctionType = 'AWS::Lambda::Function';
const lambdaUrlType = 'AWS::Lambda::Url';
const mappingSections = ['Parameters', 'Conditions', 'Mappings', 'Globals', 'Resources'] as const;

export function parseSamTemplate(text: string, file: string, options: SamOptions = {}): SamTemplateResult {
  const loaded = loadYamlSource(text, file);
  if (!loaded.ok) return { functions: [], diagnostics: [loaded.diagnostic], inlineCode: [], applications: [] };
  return readSamTemplate(loaded.source, options);
}

/** Whether a parsed file looks like a CloudFormation template (rather than an unrelated template.json). */
export function isCloudFormationTemplate(value: unknown): boolean {
  return isRecord(value) && ('Resources' in value || 'AWSTemplateFormatVersion' in value || 'Transform' in value);
}

export function readSamTemplate(source: YamlSource, options: SamOptions = {}): SamTemplateResult {
  const root = source.value;
  const empty = (): SamTemplateResult => ({ functions: [], diagnostics: [], inlineCode: [], applications: [] });
  const fatal = (message: string, at: (string | number)[] = []): SamTemplateResult => ({
    ...empty(),
    diagnostics: [{ file: source.file, line: source.lineOf(at), message, severity: 'error' }],
  });
  if (root === null || root === undefined) return empty();
  if (!isRecord(root)) return fatal(`A template must be a mapping of sections (Resources, Globals, …), found ${describeType(root)}`);
  if (!isCloudFormationTemplate(root)) return empty();
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

  const ctx = intrinsicContext(root, options, path.dirname(source.file));
  const layers = templateLayers(root.Resources, path.dirname(source.file), ctx);
  const reader = new TemplateReader(source, ctx, globals ?? {}, layers, options.inlineCodeRoot ?? defaultInlineCodeRoot());
  const result = empty();
  for (const [id, resource] of Object.entries(root.Resources)) {
    const spec = reader.resource(id, resource, result);
    if (spec) result.functions.push(spec);
  }
  for (const [id, resource] of Object.entries(root.Resources)) reader.urlResource(id, resource, result);
  return result;
}

function intrinsicContext(root: JsonObject, options: SamOptions, templateDir: string): IntrinsicContext {
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
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? placeholderAccountId;
  const stackName = options.stackName ?? path.basename(templateDir);
  const pseudoParameters = pseudoParametersFor(region, { accountId, stackName });
  pseudoParameters.set('AWS::StackId', `arn:${pseudoParameters.get('AWS::Partition')}:cloudformation:${region}:${accountId}:stack/${stackName}/00000000-0000-0000-0000-000000000000`);
  const resourceDeclarations = declarationsOf(root.Resources as JsonObject);
  return {
    parameters,
    declaredParameters: declared,
    pseudoParameters,
    resources: new Set(resourceDeclarations.keys()),
    conditions: (root.Conditions as JsonObject | undefined) ?? {},
    mappings: (root.Mappings as JsonObject | undefined) ?? {},
    resourceDeclarations,
  };
}

/**
 * The template's resources plus those SAM generates that templates refer to: the implicit APIs
 * (`ServerlessRestApi`, `ServerlessHttpApi`) and each function's execution role (`<Function>Role`).
 */
/** The logical ID an `AWS::Lambda::Url`'s TargetFunctionArn points at. */
function urlTarget(raw: unknown): string | undefined {
  if (!isRecord(raw)) return undefined;
  const getAtt = raw['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string' && getAtt.endsWith('.Arn')) return getAtt.slice(0, -'.Arn'.length);
  return typeof raw.Ref === 'string' ? raw.Ref : undefined;
}

function declarationsOf(resources: JsonObject): Map<string, { type: string; properties: JsonObject }> {
  const declared = new Map<string, { type: string; properties: JsonObject }>();
  const implicit = new Map<string, { type: string; properties: JsonObject }>([
    ['ServerlessRestApi', { type: 'AWS::Serverless::Api', properties: {} }],
    ['ServerlessHttpApi', { type: 'AWS::Serverless::HttpApi', properties: {} }],
  ]);
  for (const [id, resource] of Object.entries(resources)) {
    const type = isRecord(resource) && typeof resource.Type === 'string' ? resource.Type : '';
    const properties = isRecord(resource) && isRecord(resource.Properties) ? resource.Properties : {};
    declared.set(id, { type, properties });
    if (type === serverlessFunctionType && properties.Role === undefined) implicit.set(`${id}Role`, { type: 'AWS::IAM::Role', properties: {} });
  }
  for (const [id, declaration] of implicit) if (!declared.has(id)) declared.set(id, declaration);
  return declared;
}

/**
 * SAM's Globals rules: a function's own scalar wins, mappings (Environment.Variables) merge
 * key-wise with the function's keys winning, lists are additive with the Globals entries first
 * (Layers, Policies), and an intrinsic is a value, not a mapping to merge into. Architectures
 * is the exception: Lambda takes exactly one, so the function's own list wins.
 */
export function mergeGlobals(globals: JsonObject, own: JsonObject): JsonObject {
  const merged: JsonObject = { ...globals };
  for (const [key, value] of Object.entries(own)) {
    const global = merged[key];
    if (isRecord(global) && isRecord(value) && !isIntrinsic(global) && !isIntrinsic(value)) merged[key] = mergeGlobals(global, value);
    else if (Array.isArray(global) && Array.isArray(value) && key !== 'Architectures') merged[key] = [...global, ...value];
    else merged[key] = value;
  }
  return merged;
}

type Code = { codeDir: string; local: true } | { codeDir: string; local: false; why: string } | { codeDir: string; local: 'inline'; text: string };

class TemplateReader {
  private readonly templateDir: string;

  constructor(
    private readonly source: YamlSource,
    private readonly ctx: IntrinsicContext,
    private readonly globals: JsonObject,
    readonly layers: Map<string, TemplateLayer>,
    readonly inlineCodeRoot: string,
  ) {
    this.templateDir = path.dirname(source.file);
  }

  resource(id: string, resource: unknown, result: SamTemplateResult): FunctionSpec | undefined {
    const diagnostics = result.diagnostics;
    if (!isRecord(resource)) {
      diagnostics.push(this.diagnostic(['Resources', id], `Resource ${id} must be a mapping with Type and Properties`, 'error'));
      return undefined;
    }
    const type = resource.Type;
    const isFunction = type === serverlessFunctionType || type === lambdaFunctionType;
    const isApplication = typeof type === 'string' && type in applicationTypes;
    if (!isFunction && !isApplication) return undefined;
    const own = resource.Properties ?? {};
    if (!isRecord(own)) {
      diagnostics.push(this.diagnostic(['Resources', id, 'Properties'], `Properties of ${id} must be a mapping, found ${describeType(own)}`, 'error'));
      return undefined;
    }
    if (!this.exists(id, resource.Condition, diagnostics)) return undefined;
    if (isApplication) {
      const read = readApplication(id, type, own, this.templateDir, this.ctx);
      if (!read.ok) diagnostics.push(this.diagnostic(['Resources', id, 'Properties', ...read.at], read.message, 'warning'));
      else {
        result.applications.push({ ...read.application, line: this.lineOf(['Resources', id, 'Properties', applicationTypes[type]!]) });
        for (const note of read.notes) diagnostics.push(this.diagnostic(['Resources', id, 'Properties', ...note.at], note.message, 'warning'));
      }
      return undefined;
    }
    const isSam = type === serverlessFunctionType;
    const fn = new FunctionReader(this, id, isSam ? mergeGlobals(this.globals, own) : own, own, isSam ? this.globals : {}, diagnostics);
    const spec = fn.read(isSam, isRecord(resource.Metadata) ? resource.Metadata : {});
    if (spec && fn.inlineCode) result.inlineCode.push(fn.inlineCode);
    return spec;
  }

  /**
   * `AWS::Lambda::Url` (how a plain CloudFormation template, or CDK's output, gives a function its
   * URL): its `TargetFunctionArn` names a function of the template by `!GetAtt Fn.Arn` or `!Ref Fn`.
   */
  urlResource(id: string, resource: unknown, result: SamTemplateResult): void {
    if (!isRecord(resource) || resource.Type !== lambdaUrlType || !isRecord(resource.Properties)) return;
    if (!this.exists(id, resource.Condition, result.diagnostics)) return;
    const props = resource.Properties;
    const warn = (message: string): void => void result.diagnostics.push(this.diagnostic(['Resources', id, 'Properties'], message, 'warning'));
    const target = urlTarget(props.TargetFunctionArn);
    const spec = target === undefined ? undefined : result.functions.find((f) => f.name === target);
    if (!spec) return warn(`${id}: TargetFunctionArn does not name a function of this template (!GetAtt <Function>.Arn or !Ref <Function>); the URL is not served locally`);
    const evaluated = evaluate(props, this.intrinsics);
    const check = checkSamFunctionUrl(id, evaluated.ok ? evaluated.value : props);
    if (!check.ok) return warn(`${check.problem}; the URL is not served locally`);
    spec.url = check.value;
  }

  /** A resource whose `Condition` is false is not created in this configuration, so it is not listed. */
  private exists(id: string, condition: unknown, diagnostics: ProjectDiagnostic[]): boolean {
    if (typeof condition !== 'string') return true;
    const r = evaluate({ Condition: condition }, this.ctx);
    if (!r.ok) {
      diagnostics.push(this.diagnostic(['Resources', id, 'Condition'], `Condition ${condition} of ${id} cannot be evaluated locally (${r.reason}); ${id} is listed anyway`, 'warning'));
      return true;
    }
    if (r.value === true) return true;
    diagnostics.push(this.diagnostic(['Resources', id, 'Condition'], `${id} is not created: its Condition ${condition} is false with these parameter values; it is not listed`, 'warning'));
    return false;
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
  /** Set when the function's code is written in the template. */
  inlineCode: InlineCodeFile | undefined;

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
      const key = isSam ? (this.props.InlineCode !== undefined ? 'InlineCode' : 'CodeUri') : 'Code';
      if (code.local === 'inline') code = this.inline(key, runtime, code.text);
      if (!code.local) {
        this.warn([key], `The code of ${this.id} is not in a local folder (${code.why}); it is listed but cannot run locally`);
      }
      if (runtime !== undefined && handler !== undefined && isSam) {
        const outcome = samBuildOutcome(this.id, runtime, handler, metadata);
        if (outcome.handler) handler = outcome.handler;
        if (outcome.warning) this.warnAtResource(outcome.warning.at, outcome.warning.message);
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
    const layers = this.layers();
    if (layers.length) spec.layers = layers;
    const url = this.checked('FunctionUrlConfig', checkSamFunctionUrl);
    if (url) spec.url = url;
    return spec;
  }

  /** Inline code runs from a folder of its own (samInlineCode.ts); other runtimes cannot take inline code. */
  private inline(key: string, runtime: string | undefined, text: string): Code {
    const file = runtime === undefined ? undefined : inlineCodeFile(runtime, text, this.template.inlineCodeRoot);
    if (!file) return { codeDir: this.template.dir, local: false, why: `${key} in a ${runtime ?? 'runtime'} function` };
    this.inlineCode = file;
    return { codeDir: file.dir, local: true };
  }

  private layers(): NonNullable<FunctionSpec['layers']> {
    if (this.props.Layers === undefined) return [];
    const { layers, problems } = functionLayers(this.props.Layers, this.template.layers, this.template.intrinsics);
    // Globals' layers come first in the merged list: point at the item where it is written.
    const ownOffset = this.own.Layers !== undefined && Array.isArray(this.globals.Layers) ? this.globals.Layers.length : 0;
    for (const { index, message } of problems) {
      if (index >= 0 && index < ownOffset) this.diagnostics.push(this.template.diagnostic(['Globals', 'Function', 'Layers', index], `${this.id}: ${message}`, 'warning'));
      else this.warn(index < 0 ? ['Layers'] : ['Layers', index - ownOffset], `${this.id}: ${message}`);
    }
    return layers;
  }

  private samCode(): Code {
    const dir = this.template.dir;
    if (this.props.InlineCode !== undefined) return this.inlineText('InlineCode', this.props.InlineCode);
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
    if (isRecord(code) && 'ZipFile' in code) return this.inlineText('Code.ZipFile', code.ZipFile);
    return { codeDir: dir, local: false, why: 'Code is an S3 object' };
  }

  private inlineText(key: string, raw: unknown): Code {
    const r = evaluate(raw, this.template.intrinsics);
    if (r.ok && typeof r.value === 'string') return { codeDir: this.template.dir, local: 'inline', text: r.value };
    return { codeDir: this.template.dir, local: false, why: r.ok ? `${key} is not a string` : `${key} cannot be resolved: ${r.reason}` };
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
      // Resources give values shaped like the deployed ones; a guessed one is pointed out.
      const r = evaluateWithPlaceholders(raw, this.template.intrinsics);
      if (r.ok && r.value === noValue) continue;
      const text = r.ok ? scalarText(r.value) : undefined;
      if (text !== undefined) {
        env[name] = text;
        if (r.guesses.length > 0) this.warn(at, `Environment variable ${name} of ${this.id}: ${r.guesses[0]}; it is set to "${text}" locally`);
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

  /** A warning about the resource itself (its Metadata, Condition…), not one of its Properties. */
  private warnAtResource(resourcePath: (string | number)[], message: string): void {
    this.diagnostics.push(this.template.diagnostic(['Resources', this.id, ...resourcePath], message, 'warning'));
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

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isRecord } from './cfnIntrinsics';
import type { JsonObject } from './cfnIntrinsics';
import { loadYamlSource } from './yamlSource';
import type { YamlLoadResult, YamlSource } from './yamlSource';

/**
 * Serverless Framework variables (`${self:…}`, `${opt:stage, 'dev'}`, `${env:X, 'd'}`,
 * `${sls:stage}`, `${param:x}`, `${aws:region}`, `${aws:accountId}` (the local account),
 * `${file(./x.yml):key}`, `${file(./x.js):key}` (values computed beforehand, see `jsFiles`),
 * `${strToBool(…)}`), resolved as far as a local read allows. Sources
 * that need an account or a network (`ssm`, `cf`, `s3`, …) are not resolved: their fallback is
 * used when there is one, otherwise the `${…}` text stays as is. Either way the caller gets a
 * message to show as a warning.
 *
 * `${…}` whose text has no `source:` prefix (`${AWS::Region}`, `${MyBucket}` inside a
 * CloudFormation `Fn::Sub`) are not Serverless variables and are left alone, silently.
 */
export interface VariableSources {
  /** The whole serverless.yml, unresolved: `self:` addresses point into it. */
  config: JsonObject;
  serviceDir: string;
  /** CLI options (`--stage`, `--region`, …) as `opt:` sees them. */
  options: Record<string, string | undefined>;
  env: Record<string, string | undefined>;
  /** `${aws:accountId}`: the account the emulator and the local cloud use. */
  accountId?: string;
  /** `--param name=value`, which win over the service's `params`/`stages`. */
  params?: Record<string, string>;
  /** Variables a `.env` file holds that the framework would not load (v3 without useDotenv), to say why `${env:X}` is missing. */
  notLoadedDotenv?: { file: string; names: ReadonlySet<string> };
  /**
   * `${file(./x.js):address}` values, computed before resolving by running the files
   * (serverlessJsFiles.ts): resolving is synchronous, and running workspace code needs a trusted
   * workspace. Undefined when they were not run because the workspace is not trusted.
   */
  jsFiles?: JsFileValues;
}

/** Running a JavaScript variable file and walking an address into what it exports: the value (JSON data), or why there is none. */
export type JsFileOutcome = { ok: true; value: unknown } | { ok: false; message: string };

export interface JsFileValues {
  /** `file` is absolute, `address` as written after the colon (`''` for the whole export); undefined when that pair was not run. */
  get(file: string, address: string): JsFileOutcome | undefined;
}

/** Files a `${file(…)}` runs rather than reads, as the framework does (v4 also TypeScript). */
export function isJsVariableFile(file: string): boolean {
  return /\.[cm]?[jt]s$/i.test(file);
}

/** The account id of local ARNs, as the emulator's default. */
export const localAccountId = '000000000000';

type SourceResult =
  | { kind: 'found'; value: unknown }
  | { kind: 'missing' }
  | { kind: 'unsupported'; why: string };

const defaultStage = 'dev';
const defaultRegion = 'us-east-1';
/** A Serverless variable starts with `source:` (not `AWS::`), `file(…)` or `strToBool(…)`. */
const variableStart = /^\s*(?:[a-zA-Z][\w-]*(?:\([^)]*\))?:(?!:)|file\(|strToBool\()/;

export class VariableResolver {
  /** `self:` addresses being resolved, to stop on a reference cycle instead of recursing forever. */
  private readonly selfStack: string[] = [];
  private readonly loaded = new Map<string, YamlLoadResult | undefined>();
  /** `${sls:instanceId}`: one random id per run of the framework, so one per resolver. */
  private readonly instanceId = randomBytes(4).toString('hex');
  /** Every file `${file(…)}` pointed at (found or not), for watchers. */
  readonly filesRead = new Set<string>();

  constructor(private readonly sources: VariableSources) {}

  /**
   * When `text` is exactly one `${file(…)}` variable (`- ${file(./functions/users.yml)}`) whose
   * file has a value at the address: that value, unresolved, with the file and the address, so
   * that the caller resolves it part by part and points at that file's lines.
   */
  wholeFileReference(text: string): { value: unknown; source: YamlSource; address: (string | number)[] } | undefined {
    const tokens = tokenize(text);
    const token = tokens[0];
    if (tokens.length !== 1 || token === undefined || typeof token === 'string') return undefined;
    // Problems in the reference itself are reported when the caller resolves it the usual way.
    const expression = token.inner.includes('${') ? stringOf(this.resolveString(token.inner, [])) : token.inner;
    const first = splitTopLevel(expression, ',')[0]!.trim();
    const file = /^file\(([^)]*)\)(?::(.*))?$/s.exec(first);
    if (!file) return undefined;
    const target = this.filePath(file[1]!.trim());
    // A JavaScript file's value has no lines to point at: it is resolved the usual way.
    if (isJsVariableFile(target)) return undefined;
    const loaded = this.load(target);
    if (!loaded?.ok) return undefined;
    const addressText = file[2]?.trim() ?? '';
    const value = addressText === '' ? loaded.source.value : getPath(loaded.source.value, addressText);
    if (value === undefined || value === null) return undefined;
    const address = addressText === '' ? [] : addressText.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    return { value, source: loaded.source, address };
  }

  /** Resolves every `${…}` inside `value` (deeply); each problem found is appended to `problems`. */
  resolve(value: unknown, problems: string[]): unknown {
    if (typeof value === 'string') return this.resolveString(value, problems);
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, problems));
    if (isRecord(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.resolve(item, problems)]));
    }
    return value;
  }

  /** The stage: `--stage`, else provider.stage, else `dev`, as the framework decides it. */
  stage(problems: string[] = []): string {
    return this.sources.options.stage ?? this.providerSetting('stage', problems) ?? defaultStage;
  }

  region(problems: string[] = []): string {
    return this.configuredRegion(problems) ?? defaultRegion;
  }

  /** `--region`, else provider.region; undefined when the framework's default applies. */
  configuredRegion(problems: string[] = []): string | undefined {
    return this.sources.options.region ?? this.providerSetting('region', problems);
  }

  private providerSetting(key: string, problems: string[]): string | undefined {
    const r = this.self(`provider.${key}`, problems);
    return r.kind === 'found' && typeof r.value === 'string' && !r.value.includes('${') ? r.value : undefined;
  }

  private resolveString(text: string, problems: string[]): unknown {
    const tokens = tokenize(text);
    const values = tokens.map((token) => (typeof token === 'string' ? token : this.variable(token.inner, token.text, problems)));
    // A value that is exactly one variable takes the variable's type (a mapping, a number, …).
    if (tokens.length === 1 && typeof tokens[0] !== 'string') return values[0];
    return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('');
  }

  private variable(inner: string, text: string, problems: string[]): unknown {
    if (!variableStart.test(inner)) return text;
    // Inner variables first: `${self:custom.${opt:stage}}`.
    const expression = inner.includes('${') ? stringOf(this.resolveString(inner, problems)) : inner;
    const skipped: string[] = [];
    for (const alternative of splitTopLevel(expression, ',')) {
      const a = alternative.trim();
      const literal = literalValue(a);
      if (literal.is) {
        if (skipped.length) problems.push(`${text}: ${skipped.join('; ')}; using the fallback ${a}`);
        return literal.value;
      }
      const r = this.source(a, problems);
      if (r.kind === 'found') {
        if (skipped.length) problems.push(`${text}: ${skipped.join('; ')}; using ${a}`);
        return r.value;
      }
      if (r.kind === 'unsupported') skipped.push(r.why);
    }
    problems.push(`${text} cannot be resolved locally${skipped.length ? ` (${skipped.join('; ')})` : ' (no value and no fallback)'}; it is left as is`);
    return text;
  }

  private source(reference: string, problems: string[]): SourceResult {
    const file = /^file\(([^)]*)\)(?::(.*))?$/s.exec(reference);
    if (file) return this.file(file[1]!.trim(), file[2]?.trim() ?? '', problems);
    const toBool = /^strToBool\((.*)\)$/s.exec(reference);
    if (toBool) return strToBool(toBool[1]!.trim());
    const m = /^([a-zA-Z][\w-]*)(?:\(([^)]*)\))?:(.*)$/s.exec(reference);
    // Not a source: v3 allows a bare word as the last fallback.
    if (!m) return reference === '' ? { kind: 'missing' } : { kind: 'found', value: reference };
    const [, name, , address = ''] = m;
    const key = address.trim();
    switch (name) {
      case 'self':
        return this.self(key, problems);
      case 'opt':
        return found(this.sources.options[key]);
      case 'env': {
        const value = this.sources.env[key];
        const hidden = this.sources.notLoadedDotenv;
        if (value === undefined && hidden?.names.has(key)) {
          return { kind: 'unsupported', why: `${path.basename(hidden.file)} sets ${key}, but Serverless Framework v3 loads .env files only with useDotenv: true` };
        }
        return found(value);
      }
      case 'param':
        return this.param(key, problems);
      case 'sls':
        if (key === 'stage') return { kind: 'found', value: this.stage(problems) };
        if (key === 'instanceId') return { kind: 'found', value: this.instanceId };
        return { kind: 'unsupported', why: `sls:${key} is known only when the framework runs` };
      case 'aws':
        if (key === 'region') return { kind: 'found', value: this.region(problems) };
        if (key === 'accountId') return { kind: 'found', value: this.sources.accountId ?? localAccountId };
        return { kind: 'unsupported', why: `aws:${key} needs an AWS account` };
      default:
        return { kind: 'unsupported', why: `the ${name} source is not read locally` };
    }
  }

  private self(address: string, problems: string[]): SourceResult {
    const raw = address === '' ? this.sources.config : getPath(this.sources.config, address);
    if (raw === undefined || raw === null) return { kind: 'missing' };
    if (this.selfStack.includes(address)) {
      return { kind: 'unsupported', why: `self:${address} refers to itself` };
    }
    this.selfStack.push(address);
    try {
      return { kind: 'found', value: this.resolve(raw, problems) };
    } finally {
      this.selfStack.pop();
    }
  }

  /**
   * `${stage}` parameters: `--param`, then `stages.<stage>.params` (v4), `params.<stage>`, then the
   * `default` stage of each. Serverless Dashboard parameters are not read locally.
   */
  private param(key: string, problems: string[]): SourceResult {
    const given = this.sources.params?.[key];
    if (given !== undefined) return { kind: 'found', value: given };
    const stage = this.stage(problems);
    for (const address of [`stages.${stage}.params.${key}`, `params.${stage}.${key}`, `stages.default.params.${key}`, `params.default.${key}`]) {
      const r = this.self(address, problems);
      if (r.kind !== 'missing') return r;
    }
    return { kind: 'unsupported', why: `param:${key} is not set for stage ${stage} in serverless.yml (Serverless Dashboard parameters are not read locally)` };
  }

  /** `${file(./env.yml):key}`: YAML or JSON files are read; JavaScript files were run beforehand, when trusted. */
  private file(relative: string, address: string, problems: string[]): SourceResult {
    const target = this.filePath(relative);
    if (isJsVariableFile(target)) return this.jsFile(relative, target, address, problems);
    if (!/\.(ya?ml|json)$/i.test(target)) return { kind: 'unsupported', why: `file(${relative}) is not YAML, JSON or JavaScript` };
    const loaded = this.load(target);
    if (!loaded) return { kind: 'missing' };
    if (!loaded.ok) return { kind: 'unsupported', why: `file(${relative}) cannot be read: ${loaded.diagnostic.message}` };
    const raw = address === '' ? loaded.source.value : getPath(loaded.source.value, address);
    return raw === undefined || raw === null ? { kind: 'missing' } : { kind: 'found', value: this.resolve(raw, problems) };
  }

  private jsFile(relative: string, target: string, address: string, problems: string[]): SourceResult {
    this.filesRead.add(target);
    // The framework treats a missing file as no value (so the fallback applies); no code runs for that.
    if (!existsSync(target)) return { kind: 'missing' };
    const values = this.sources.jsFiles;
    if (!values) return { kind: 'unsupported', why: `file(${relative}) runs code: only in a trusted workspace` };
    const outcome = values.get(target, address);
    if (!outcome) return { kind: 'unsupported', why: `file(${relative}) was not run (its path or address depends on a value known only once other JavaScript files have run)` };
    if (!outcome.ok) return { kind: 'unsupported', why: `file(${relative})${address ? `:${address}` : ''}: ${outcome.message}` };
    // Like the framework, variables in what the code returned are resolved too.
    return outcome.value === undefined || outcome.value === null ? { kind: 'missing' } : { kind: 'found', value: this.resolve(outcome.value, problems) };
  }

  private filePath(relative: string): string {
    return path.resolve(this.sources.serviceDir, relative.replace(/^['"]|['"]$/g, ''));
  }

  /** Each file is read once per resolve (a service often reads one file from many places); undefined when it does not exist. */
  private load(target: string): YamlLoadResult | undefined {
    this.filesRead.add(target);
    if (this.loaded.has(target)) return this.loaded.get(target);
    const result = existsSync(target) ? loadYamlSource(readFileSync(target, 'utf8'), target) : undefined;
    this.loaded.set(target, result);
    return result;
  }
}

/** `${strToBool(…)}`: "true"/"1" and "false"/"0" (any case), as the framework documents; anything else is an error there. The argument is often `${env:…}`, so it is never echoed. */
function strToBool(argument: string): SourceResult {
  const literal = literalValue(argument);
  const text = String(literal.is ? literal.value : argument).trim().toLowerCase();
  if (text === 'true' || text === '1') return { kind: 'found', value: true };
  if (text === 'false' || text === '0') return { kind: 'found', value: false };
  return { kind: 'unsupported', why: 'strToBool takes true, false, 1 or 0 (the value is not shown: it may be a secret)' };
}

function found(value: string | undefined): SourceResult {
  return value === undefined ? { kind: 'missing' } : { kind: 'found', value };
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function literalValue(text: string): { is: true; value: unknown } | { is: false } {
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  if (quoted) return { is: true, value: quoted[2] };
  if (/^-?\d+(\.\d+)?$/.test(text)) return { is: true, value: Number(text) };
  if (text === 'true' || text === 'false') return { is: true, value: text === 'true' };
  return { is: false };
}

/** `a.b.0.c` into a parsed config; numeric parts index lists. */
export function getPath(root: unknown, address: string): unknown {
  let node = root;
  for (const part of address.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(part)) node = node[Number(part)];
    else if (isRecord(node)) node = node[part];
    else return undefined;
  }
  return node;
}

type Token = string | { text: string; inner: string };

/** Splits a string into literal text and `${…}` variables (with nesting and quoted fallbacks). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let literalStart = 0;
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('${', i)) {
      const end = matchingBrace(text, i + 2);
      if (end < 0) break;
      if (i > literalStart) tokens.push(text.slice(literalStart, i));
      tokens.push({ text: text.slice(i, end + 1), inner: text.slice(i + 2, end) });
      i = literalStart = end + 1;
    } else {
      i++;
    }
  }
  if (literalStart < text.length) tokens.push(text.slice(literalStart));
  return tokens;
}

function matchingBrace(text: string, from: number): number {
  let depth = 1;
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** Splits on `separator` outside quotes and parentheses: `file(a,b):x, 'd,e'` → two parts. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

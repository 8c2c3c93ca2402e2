import { attributePlaceholder, nameProperty, refPlaceholder } from './cfnPlaceholders';
import type { Placeholder, ResourceFacts, StackPlace } from './cfnPlaceholders';

/**
 * Local evaluation of CloudFormation intrinsic functions, as far as a template alone allows:
 * parameters resolve to their `Default` (or an override), pseudo parameters to what the caller
 * knows, conditions are evaluated, and anything that only exists once deployed (`!GetAtt`,
 * `!Ref` of a resource, `!ImportValue`) is reported as unresolved rather than guessed — unless
 * the caller asks for placeholders (`evaluateWithPlaceholders`), as for environment variables.
 */

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ Ref: … }`, `{ Condition: … }` or `{ "Fn::…": … }`: a one-key object naming an intrinsic function. */
export function isIntrinsic(value: unknown): value is JsonObject {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'));
}

/** `AWS::NoValue`: the property or list item is removed. */
export const noValue: unique symbol = Symbol('AWS::NoValue');

export type Evaluation = { ok: true; value: unknown } | { ok: false; reason: string };

export interface IntrinsicContext {
  /** Template parameters that have a value (override or `Default`); Ref of the others is unresolved. */
  parameters: Map<string, unknown>;
  /** Declared parameters, with or without a value, to tell "no Default" from "no such name". */
  declaredParameters: Set<string>;
  /** Known pseudo parameters, e.g. `AWS::Region`. */
  pseudoParameters: Map<string, string>;
  resources: Set<string>;
  conditions: JsonObject;
  mappings: JsonObject;
  /** Type and Properties of each resource, for placeholders shaped like the deployed values. */
  resourceDeclarations?: Map<string, { type: string; properties: JsonObject }>;
}

export function emptyIntrinsicContext(): IntrinsicContext {
  return {
    parameters: new Map(),
    declaredParameters: new Set(),
    pseudoParameters: new Map(),
    resources: new Set(),
    conditions: {},
    mappings: {},
  };
}

/** Pseudo parameters known without an account: region-derived ones and `AWS::NoValue`. */
export function pseudoParametersFor(region: string, extra: { accountId?: string; stackName?: string } = {}): Map<string, string> {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  const pseudo = new Map<string, string>([
    ['AWS::Region', region],
    ['AWS::Partition', partition],
    ['AWS::URLSuffix', partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'],
  ]);
  if (extra.accountId) pseudo.set('AWS::AccountId', extra.accountId);
  if (extra.stackName) pseudo.set('AWS::StackName', extra.stackName);
  return pseudo;
}

const fail = (reason: string): Evaluation => ({ ok: false, reason });
const ok = (value: unknown): Evaluation => ({ ok: true, value });

/** Evaluates a value fully; fails if any intrinsic inside cannot be resolved locally. */
export function evaluate(value: unknown, ctx: IntrinsicContext): Evaluation {
  return new Evaluator(ctx).value(value);
}

/**
 * Like `evaluate`, but `!Ref`/`!GetAtt` of the template's resources give placeholders shaped like
 * the deployed values (see cfnPlaceholders.ts). `guesses` says why the value is not the deployed
 * one; it is empty when every resource involved declares its name.
 */
export function evaluateWithPlaceholders(value: unknown, ctx: IntrinsicContext): Evaluation & { guesses: string[] } {
  const guesses: string[] = [];
  return { ...new Evaluator(ctx, guesses).value(value), guesses };
}

/** Like `evaluate`, but keeps each unresolvable intrinsic in its long form instead of failing. */
export function resolveWherePossible(value: unknown, ctx: IntrinsicContext): unknown {
  const evaluator = new Evaluator(ctx);
  const walk = (v: unknown): unknown => {
    if (isIntrinsic(v)) {
      const result = evaluator.value(v);
      return result.ok ? result.value : v;
    }
    if (Array.isArray(v)) return v.map(walk).filter((item) => item !== noValue);
    if (isRecord(v)) {
      const out: JsonObject = {};
      for (const [key, item] of Object.entries(v)) {
        const resolved = walk(item);
        if (resolved !== noValue) out[key] = resolved;
      }
      return out;
    }
    return v;
  };
  return walk(value);
}

/** How an intrinsic reads in a template's short form, for messages and placeholders: `!GetAtt Queue.Arn`. */
export function shortForm(value: unknown): string {
  if (!isIntrinsic(value)) return typeof value === 'string' ? value : JSON.stringify(value);
  const [key, arg] = Object.entries(value)[0]!;
  const name = key.replace(/^Fn::/, '');
  if (name === 'GetAtt' && Array.isArray(arg)) return `!GetAtt ${arg.map(String).join('.')}`;
  if (typeof arg === 'string') return `!${name} ${arg}`;
  return `!${name} ${JSON.stringify(arg)}`;
}

class Evaluator {
  /** Conditions being evaluated, to stop on a condition that refers to itself. */
  private readonly conditionStack = new Set<string>();

  /** @param guesses set: placeholders for resources are allowed, and why each is a guess is noted here. */
  constructor(
    private readonly ctx: IntrinsicContext,
    private readonly guesses?: string[],
  ) {}

  value(v: unknown): Evaluation {
    if (Array.isArray(v)) {
      const items: unknown[] = [];
      for (const item of v) {
        const r = this.value(item);
        if (!r.ok) return r;
        if (r.value !== noValue) items.push(r.value);
      }
      return ok(items);
    }
    if (isIntrinsic(v)) {
      const [key, arg] = Object.entries(v)[0]!;
      return this.intrinsic(key, arg);
    }
    if (isRecord(v)) {
      const out: JsonObject = {};
      for (const [key, item] of Object.entries(v)) {
        const r = this.value(item);
        if (!r.ok) return r;
        if (r.value !== noValue) out[key] = r.value;
      }
      return ok(out);
    }
    return ok(v);
  }

  private intrinsic(key: string, arg: unknown): Evaluation {
    switch (key) {
      case 'Ref':
        return typeof arg === 'string' ? this.ref(arg) : fail('!Ref needs a name');
      case 'Condition':
        return typeof arg === 'string' ? this.condition(arg) : fail('Condition needs a name');
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Join':
        return this.join(arg);
      case 'Fn::Select':
        return this.select(arg);
      case 'Fn::Split':
        return this.split(arg);
      case 'Fn::If':
        return this.ifThen(arg);
      case 'Fn::FindInMap':
        return this.findInMap(arg);
      case 'Fn::Base64':
        return this.mapString(arg, '!Base64', (s) => Buffer.from(s, 'utf8').toString('base64'));
      case 'Fn::Equals':
        return this.equals(arg);
      case 'Fn::And':
      case 'Fn::Or':
        return this.logical(key, arg);
      case 'Fn::Not':
        return this.not(arg);
      case 'Fn::ToJsonString': {
        const r = this.value(arg);
        return r.ok ? ok(JSON.stringify(r.value)) : r;
      }
      case 'Fn::Length': {
        const r = this.value(arg);
        return r.ok && Array.isArray(r.value) ? ok(r.value.length) : r.ok ? fail('!Length needs a list') : r;
      }
      case 'Fn::GetAtt':
        return this.getAtt(arg);
      case 'Fn::ImportValue':
        return fail(`${shortForm({ [key]: arg })} is an export of another deployed stack`);
      default:
        return fail(`${shortForm({ [key]: arg })} cannot be evaluated locally`);
    }
  }

  private ref(name: string): Evaluation {
    if (name === 'AWS::NoValue') return ok(noValue);
    if (this.ctx.parameters.has(name)) return ok(this.ctx.parameters.get(name));
    if (this.ctx.declaredParameters.has(name)) return fail(`parameter ${name} has no Default`);
    const pseudo = this.ctx.pseudoParameters.get(name);
    if (pseudo !== undefined) return ok(pseudo);
    if (name.startsWith('AWS::')) return fail(`${name} is known only when deployed`);
    const why = `!Ref ${name} names a resource, known only when deployed`;
    if (this.ctx.resources.has(name)) return this.placeholder(name, why, (facts, place) => refPlaceholder(facts, place));
    return fail(`!Ref ${name}: no parameter or resource has that name`);
  }

  private getAtt(arg: unknown): Evaluation {
    const parts = typeof arg === 'string' ? splitAttribute(arg) : Array.isArray(arg) ? arg : undefined;
    const why = `${shortForm({ 'Fn::GetAtt': arg })} is an attribute of a deployed resource`;
    if (!this.guesses || !parts || parts.length !== 2 || typeof parts[0] !== 'string') return fail(why);
    const attribute = this.value(parts[1]);
    if (!attribute.ok || typeof attribute.value !== 'string') return fail(why);
    const [id, attr] = [parts[0], attribute.value];
    if (!this.ctx.resources.has(id)) return fail(`${why}, and ${id} is not a resource of the template`);
    return this.placeholder(id, why, (facts, place) => attributePlaceholder(facts, attr, place));
  }

  /** A resource's deployed value: unresolved, unless placeholders are allowed and one can be shaped. */
  private placeholder(id: string, why: string, shape: (facts: ResourceFacts, place: StackPlace) => Placeholder | undefined): Evaluation {
    if (!this.guesses) return fail(why);
    const declaration = this.ctx.resourceDeclarations?.get(id);
    const type = declaration?.type ?? '';
    const property = nameProperty(type);
    const declared = property === undefined ? undefined : declaration?.properties[property];
    // A declared name that does not resolve strictly leaves the placeholder a guess.
    const name = declared === undefined ? undefined : new Evaluator(this.ctx).value(declared);
    const declaredName = name?.ok ? scalarText(name.value) : undefined;
    const result = shape({ id, type, ...(declaredName !== undefined ? { declaredName } : {}) }, this.place());
    if (!result) return fail(why);
    if (result.guessed) this.guesses.push(why);
    return ok(result.value);
  }

  private place(): StackPlace {
    const pseudo = this.ctx.pseudoParameters;
    return {
      partition: pseudo.get('AWS::Partition') ?? 'aws',
      region: pseudo.get('AWS::Region') ?? 'us-east-1',
      accountId: pseudo.get('AWS::AccountId') ?? '123456789012',
      stackName: pseudo.get('AWS::StackName') ?? 'stack',
      urlSuffix: pseudo.get('AWS::URLSuffix') ?? 'amazonaws.com',
    };
  }

  private condition(name: string): Evaluation {
    if (!(name in this.ctx.conditions)) return fail(`condition ${name} is not declared`);
    if (this.conditionStack.has(name)) return fail(`condition ${name} refers to itself`);
    this.conditionStack.add(name);
    try {
      const r = this.value(this.ctx.conditions[name]);
      if (r.ok && typeof r.value !== 'boolean') return fail(`condition ${name} does not evaluate to true or false`);
      return r;
    } finally {
      this.conditionStack.delete(name);
    }
  }

  private sub(arg: unknown): Evaluation {
    let template: unknown = arg;
    const variables = new Map<string, unknown>();
    if (Array.isArray(arg)) {
      [template] = arg;
      const vars = arg[1];
      if (isRecord(vars)) for (const [name, v] of Object.entries(vars)) variables.set(name, v);
    }
    if (typeof template !== 'string') return fail('!Sub needs a string');
    let failure: Evaluation | undefined;
    const text = template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (failure) return whole;
      // `${!Literal}` is Sub's escape for a literal `${Literal}`.
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      const r = variables.has(name)
        ? this.value(variables.get(name))
        : name.includes('.') && !name.startsWith('AWS::')
          ? this.subAttribute(name)
          : this.ref(name);
      if (!r.ok) {
        failure = r;
        return whole;
      }
      return scalarText(r.value) ?? ((failure = fail(`\${${name}} is not a string`)), whole);
    });
    return failure ?? ok(text);
  }

  /** `${Resource.Attribute}` in a `!Sub` string. */
  private subAttribute(name: string): Evaluation {
    const r = this.getAtt(splitAttribute(name));
    return r.ok ? r : fail(`\${${name}} is an attribute of a deployed resource`);
  }

  private join(arg: unknown): Evaluation {
    if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return fail('!Join needs [delimiter, list]');
    const list = this.value(arg[1]);
    if (!list.ok) return list;
    if (!Array.isArray(list.value)) return fail('!Join needs a list');
    const parts = list.value.map(scalarText);
    if (parts.some((p) => p === undefined)) return fail('!Join can only join strings');
    return ok(parts.join(arg[0]));
  }

  private select(arg: unknown): Evaluation {
    if (!Array.isArray(arg) || arg.length !== 2) return fail('!Select needs [index, list]');
    const index = this.value(arg[0]);
    if (!index.ok) return index;
    const list = this.value(arg[1]);
    if (!list.ok) return list;
    const i = Number(index.value);
    if (!Array.isArray(list.value) || !Number.isInteger(i) || i < 0 || i >= list.value.length) {
      return fail('!Select index is out of range');
    }
    return ok(list.value[i]);
  }

  private split(arg: unknown): Evaluation {
    if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return fail('!Split needs [delimiter, string]');
    const delimiter = arg[0];
    return this.mapString(arg[1], '!Split', (s) => s.split(delimiter));
  }

  private ifThen(arg: unknown): Evaluation {
    if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return fail('!If needs [condition, then, else]');
    const cond = this.condition(arg[0]);
    if (!cond.ok) return cond;
    return this.value(cond.value === true ? arg[1] : arg[2]);
  }

  private findInMap(arg: unknown): Evaluation {
    if (!Array.isArray(arg) || arg.length < 3) return fail('!FindInMap needs [map, key, key]');
    const keys: string[] = [];
    for (const part of arg.slice(0, 3)) {
      const r = this.value(part);
      if (!r.ok) return r;
      const text = scalarText(r.value);
      if (text === undefined) return fail('!FindInMap keys must be strings');
      keys.push(text);
    }
    const [mapName, top, second] = keys as [string, string, string];
    const map = this.ctx.mappings[mapName];
    const level = isRecord(map) ? map[top] : undefined;
    if (isRecord(level) && second in level) return ok(level[second]);
    // AWS::LanguageExtensions adds a fourth argument: { DefaultValue: … }.
    const fallback = arg[3];
    if (isRecord(fallback) && 'DefaultValue' in fallback) return this.value(fallback.DefaultValue);
    return fail(`!FindInMap ${mapName}.${top}.${second} is not in Mappings`);
  }

  private equals(arg: unknown): Evaluation {
    if (!Array.isArray(arg) || arg.length !== 2) return fail('!Equals needs two values');
    const a = this.value(arg[0]);
    if (!a.ok) return a;
    const b = this.value(arg[1]);
    if (!b.ok) return b;
    return ok(JSON.stringify(normalizeScalar(a.value)) === JSON.stringify(normalizeScalar(b.value)));
  }

  private logical(key: string, arg: unknown): Evaluation {
    if (!Array.isArray(arg)) return fail(`${key} needs a list of conditions`);
    const values: boolean[] = [];
    for (const item of arg) {
      const r = this.value(item);
      if (!r.ok) return r;
      if (typeof r.value !== 'boolean') return fail(`${key} needs conditions`);
      values.push(r.value);
    }
    return ok(key === 'Fn::And' ? values.every(Boolean) : values.some(Boolean));
  }

  private not(arg: unknown): Evaluation {
    const inner = Array.isArray(arg) ? arg[0] : arg;
    const r = this.value(inner);
    if (!r.ok) return r;
    return typeof r.value === 'boolean' ? ok(!r.value) : fail('!Not needs a condition');
  }

  private mapString(arg: unknown, name: string, fn: (s: string) => unknown): Evaluation {
    const r = this.value(arg);
    if (!r.ok) return r;
    const text = scalarText(r.value);
    return text === undefined ? fail(`${name} needs a string`) : ok(fn(text));
  }
}

/** `Resource.Attribute` → `[Resource, Attribute]`; attributes may contain dots (`Endpoint.Address`). */
function splitAttribute(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

/** Strings, numbers and booleans as CloudFormation turns them into text; `undefined` for anything else. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

// CloudFormation compares `!Equals` operands as strings: `!Equals [!Ref Count, 3]` holds for "3".
function normalizeScalar(value: unknown): unknown {
  return scalarText(value) ?? value;
}

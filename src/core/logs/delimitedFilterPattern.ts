import { compareValue, patternError, tokenizePattern, toPatternValue, type PatternToken } from './patternLexer';

/**
 * Space-delimited filter patterns: `[ip, user, ..., status = 4*, size > 1000 && size < 5000]`.
 * The message is cut at spaces, a "quoted" or [bracketed] run counting as one field; each
 * pattern field names one message field, `...` stands for any number of them, and conditions
 * (`=`, `!=`, `<`, `>`, `<=`, `>=`, `&&`, `||`) may refer to any named field.
 */
type Bindings = Map<string, string>;
type Condition = (fields: Bindings) => boolean;
type Slot = { kind: 'named'; name: string } | { kind: 'ellipsis' };

export function compileDelimitedPattern(inner: string): (message: string) => boolean {
  const { slots, conditions } = parseFields(tokenizePattern(inner));
  return (message) => alignSlots(slots, 0, splitDelimitedFields(message), 0, new Map(), conditions);
}

/** Splits a log line the way CloudWatch reads space-delimited events. */
export function splitDelimitedFields(message: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < message.length) {
    const c = message[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const close = c === '"' ? '"' : c === '[' ? ']' : undefined;
    if (close !== undefined) {
      const end = message.indexOf(close, i + 1);
      if (end >= 0) {
        fields.push(message.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    let end = i;
    while (end < message.length && message[end] !== ' ' && message[end] !== '\t') end++;
    fields.push(message.slice(i, end));
    i = end;
  }
  return fields;
}

function parseFields(tokens: PatternToken[]): { slots: Slot[]; conditions: Condition[] } {
  const slots: Slot[] = [];
  const conditions: Condition[] = [];
  const names = new Set<string>();
  const referenced: string[] = [];
  let pos = 0;
  if (tokens.length === 0) throw patternError('empty space-delimited pattern [].');
  while (pos < tokens.length) {
    const first = tokens[pos];
    if (first.kind !== 'word' && first.kind !== 'lparen') throw patternError('each field of [...] must start with a name.');
    if (first.kind === 'word' && first.value === '...') {
      slots.push({ kind: 'ellipsis' });
      pos++;
    } else {
      const name = firstName(tokens, pos);
      if (names.has(name)) throw patternError(`field name ${name} is used twice.`);
      names.add(name);
      slots.push({ kind: 'named', name });
      const next = tokens[pos + 1];
      if (first.kind === 'word' && (next === undefined || next.kind === 'comma')) {
        pos++;
      } else {
        const parser = new ConditionParser(tokens, pos);
        conditions.push(parser.parseOr());
        referenced.push(...parser.referenced);
        pos = parser.pos;
      }
    }
    if (pos < tokens.length) {
      if (tokens[pos].kind !== 'comma') throw patternError('fields of [...] must be separated by commas.');
      pos++;
      if (pos === tokens.length) throw patternError('trailing comma in [...].');
    }
  }
  for (const name of referenced) {
    if (!names.has(name)) throw patternError(`condition refers to unknown field ${name}.`);
  }
  return { slots, conditions };
}

function firstName(tokens: PatternToken[], start: number): string {
  for (let i = start; i < tokens.length && tokens[i].kind !== 'comma'; i++) {
    const token = tokens[i];
    if (token.kind === 'word') return token.value;
  }
  throw patternError('each field of [...] must start with a name.');
}

/** `a = 1 && (b > 2 || c != x*)` inside one field, up to the next top-level comma. */
class ConditionParser {
  readonly referenced: string[] = [];
  constructor(
    private readonly tokens: PatternToken[],
    public pos: number,
  ) {}

  parseOr(): Condition {
    const parts = [this.parseAnd()];
    while (this.tokens[this.pos]?.kind === 'or') {
      this.pos++;
      parts.push(this.parseAnd());
    }
    return parts.length === 1 ? parts[0] : (fields) => parts.some((p) => p(fields));
  }

  private parseAnd(): Condition {
    const parts = [this.parsePrimary()];
    while (this.tokens[this.pos]?.kind === 'and') {
      this.pos++;
      parts.push(this.parsePrimary());
    }
    return parts.length === 1 ? parts[0] : (fields) => parts.every((p) => p(fields));
  }

  private parsePrimary(): Condition {
    const token = this.tokens[this.pos++];
    if (token?.kind === 'lparen') {
      const inner = this.parseOr();
      if (this.tokens[this.pos++]?.kind !== 'rparen') throw patternError('missing ) in [...].');
      return inner;
    }
    if (token?.kind !== 'word') throw patternError('a condition in [...] must start with a field name.');
    const op = this.tokens[this.pos++];
    if (op?.kind !== 'op') throw patternError(`field ${token.value} needs an operator (=, !=, <, >, <=, >=).`);
    const value = toPatternValue(this.tokens[this.pos++]);
    if (value.kind !== 'number' && op.value !== '=' && op.value !== '!=') {
      throw patternError(`${op.value} compares numbers only; use = or != for strings.`);
    }
    const name = token.value;
    this.referenced.push(name);
    return (fields) => compareValue(fields.get(name), op.value, value);
  }
}

/** Tries every way the `...` slots can absorb message fields; true when one satisfies all conditions. */
function alignSlots(
  slots: Slot[],
  slotIndex: number,
  fields: string[],
  fieldIndex: number,
  bound: Bindings,
  conditions: Condition[],
): boolean {
  if (slotIndex === slots.length) {
    return fieldIndex === fields.length && conditions.every((c) => c(bound));
  }
  const slot = slots[slotIndex];
  if (slot.kind === 'named') {
    if (fieldIndex >= fields.length) return false;
    bound.set(slot.name, fields[fieldIndex]);
    return alignSlots(slots, slotIndex + 1, fields, fieldIndex + 1, bound, conditions);
  }
  for (let take = 0; fieldIndex + take <= fields.length; take++) {
    if (alignSlots(slots, slotIndex + 1, fields, fieldIndex + take, bound, conditions)) return true;
  }
  return false;
}

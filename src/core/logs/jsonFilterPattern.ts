import {
  compareValue,
  patternError,
  tokenizePattern,
  toPatternValue,
  type PatternToken,
  type PatternValue,
} from './patternLexer';

/**
 * JSON filter patterns: `{ $.level = "ERROR" && ($.status >= 400 || $.user.id = 42) }`.
 * Supported: `$.a.b`, `$.a[0].b`, `=`/`!=` on strings (with `*` wildcards or `%regex%`) and
 * numbers, `<`/`>`/`<=`/`>=` on numbers, `IS NULL`, `IS TRUE`, `IS FALSE`, `EXISTS`,
 * `NOT EXISTS`, `&&`, `||` and parentheses. A message that is not JSON never matches.
 */
type Node = (doc: unknown) => boolean;
type PathStep = string | number;

export function compileJsonPattern(inner: string): (message: string) => boolean {
  const parser = new JsonPatternParser(tokenizePattern(inner));
  const root = parser.parse();
  return (message) => {
    const start = message.search(/\S/);
    if (start < 0 || (message[start] !== '{' && message[start] !== '[')) return false;
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    return root(doc);
  };
}

class JsonPatternParser {
  private pos = 0;
  constructor(private readonly tokens: PatternToken[]) {}

  parse(): Node {
    if (this.tokens.length === 0) throw patternError('empty JSON pattern {}.');
    const node = this.parseOr();
    if (this.pos < this.tokens.length) throw patternError(`unexpected ${describe(this.tokens[this.pos])} in JSON pattern.`);
    return node;
  }

  private parseOr(): Node {
    const parts = [this.parseAnd()];
    while (this.peek()?.kind === 'or') {
      this.pos++;
      parts.push(this.parseAnd());
    }
    return parts.length === 1 ? parts[0] : (doc) => parts.some((p) => p(doc));
  }

  private parseAnd(): Node {
    const parts = [this.parseUnary()];
    while (this.peek()?.kind === 'and') {
      this.pos++;
      parts.push(this.parseUnary());
    }
    return parts.length === 1 ? parts[0] : (doc) => parts.every((p) => p(doc));
  }

  private parseUnary(): Node {
    const token = this.next();
    if (token?.kind === 'lparen') {
      const inner = this.parseOr();
      if (this.next()?.kind !== 'rparen') throw patternError('missing ) in JSON pattern.');
      return inner;
    }
    if (token?.kind !== 'word' || !token.value.startsWith('$')) {
      throw patternError(`expected a selector like $.field, found ${describe(token)}.`);
    }
    const path = parseSelector(token.value);
    const read = (doc: unknown): unknown => resolvePath(doc, path);
    const following = this.next();
    if (following?.kind === 'op') return comparison(read, following.value, toPatternValue(this.next()));
    if (following?.kind === 'word') return this.keywordTest(read, following.value.toUpperCase());
    throw patternError(`${token.value} needs a comparison (=, !=, <, >, <=, >=, IS, EXISTS).`);
  }

  private keywordTest(read: (doc: unknown) => unknown, keyword: string): Node {
    if (keyword === 'EXISTS') return (doc) => read(doc) !== undefined;
    if (keyword === 'NOT') {
      const what = this.next();
      if (what?.kind === 'word' && what.value.toUpperCase() === 'EXISTS') return (doc) => read(doc) === undefined;
      throw patternError('NOT must be followed by EXISTS.');
    }
    if (keyword === 'IS') {
      const what = this.next();
      const word = what?.kind === 'word' ? what.value.toUpperCase() : '';
      if (word === 'NULL') return (doc) => read(doc) === null;
      if (word === 'TRUE') return (doc) => read(doc) === true;
      if (word === 'FALSE') return (doc) => read(doc) === false;
      throw patternError('IS must be followed by NULL, TRUE or FALSE.');
    }
    throw patternError(`unknown keyword ${keyword}.`);
  }

  private peek(): PatternToken | undefined {
    return this.tokens[this.pos];
  }

  private next(): PatternToken | undefined {
    return this.tokens[this.pos++];
  }
}

function comparison(read: (doc: unknown) => unknown, op: string, value: PatternValue): Node {
  if (value.kind !== 'number' && op !== '=' && op !== '!=') {
    throw patternError(`${op} compares numbers only; use = or != for strings.`);
  }
  return (doc) => compareValue(read(doc), op, value);
}

function parseSelector(text: string): PathStep[] {
  const steps: PathStep[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < text.length) {
    const at = re.lastIndex;
    const match = re.exec(text);
    if (!match || match.index !== at) throw patternError(`invalid selector ${text}.`);
    steps.push(match[1] !== undefined ? match[1] : Number(match[2]));
  }
  if (steps.length === 0) throw patternError(`invalid selector ${text}.`);
  return steps;
}

function resolvePath(doc: unknown, path: PathStep[]): unknown {
  let current: unknown = doc;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

function describe(token: PatternToken | undefined): string {
  if (!token) return 'end of pattern';
  if (token.kind === 'word' || token.kind === 'string') return `'${token.value}'`;
  if (token.kind === 'op') return `'${token.value}'`;
  return token.kind;
}

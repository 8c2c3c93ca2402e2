import { invalidParameter, type LogsError } from './logsErrors';

/**
 * Tokens shared by the JSON (`{ $.a = 1 && … }`) and space-delimited (`[a, b = 4*, …]`) filter
 * pattern forms. Bare words keep everything that is not an operator, so selectors (`$.a[0].b`),
 * numbers, wildcards (`4*`, `123.123.*`) and keywords (`IS`, `NULL`, `...`) all arrive as words.
 */
export type PatternToken =
  | { kind: 'op'; value: '=' | '!=' | '<' | '>' | '<=' | '>=' }
  | { kind: 'and' | 'or' | 'lparen' | 'rparen' | 'comma' }
  | { kind: 'string'; value: string }
  | { kind: 'regex'; value: RegExp }
  | { kind: 'word'; value: string };

const WORD_STOP = new Set([' ', '\t', '\n', '\r', '(', ')', '=', '!', '<', '>', ',', '&', '|', '"']);

export function patternError(detail: string): LogsError {
  return invalidParameter(`Invalid filter pattern: ${detail}`);
}

export function tokenizePattern(text: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const two = text.slice(i, i + 2);
    if (/\s/.test(c)) {
      i++;
    } else if (two === '&&' || two === '||') {
      tokens.push({ kind: two === '&&' ? 'and' : 'or' });
      i += 2;
    } else if (two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', value: two });
      i += 2;
    } else if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', value: c });
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma' });
      i++;
    } else if (c === '"') {
      const { value, end } = readQuoted(text, i);
      tokens.push({ kind: 'string', value });
      i = end;
    } else if (c === '%') {
      const end = text.indexOf('%', i + 1);
      if (end < 0) throw patternError('unterminated regular expression (missing closing %).');
      tokens.push({ kind: 'regex', value: compilePatternRegex(text.slice(i + 1, end)) });
      i = end + 1;
    } else if (WORD_STOP.has(c)) {
      throw patternError(`unexpected '${c}' at position ${i + 1}.`);
    } else {
      let end = i;
      while (end < text.length && !WORD_STOP.has(text[end]) && !/\s/.test(text[end])) end++;
      tokens.push({ kind: 'word', value: text.slice(i, end) });
      i = end;
    }
  }
  return tokens;
}

/** Reads a double-quoted string starting at `start` (the opening quote); `\"` and `\\` escape. */
export function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      value += text[++i];
    } else if (c === '"') {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw patternError('unterminated quoted string (missing closing ").');
}

/** CloudWatch's regex dialect: no groups, so `(` and `)` are rejected as AWS rejects them. */
export function compilePatternRegex(source: string): RegExp {
  if (source === '') throw patternError('empty regular expression.');
  if (/[()]/.test(source)) throw patternError('parentheses are not supported in regular expressions.');
  try {
    return new RegExp(source);
  } catch {
    throw patternError(`invalid regular expression %${source}%.`);
  }
}

/** `*` is the only wildcard in string values; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function isNumericLiteral(text: string): boolean {
  return NUMBER.test(text);
}

/** A comparison's right-hand side, resolved once at compile time. */
export type PatternValue =
  | { kind: 'number'; value: number; text: string }
  | { kind: 'glob'; value: RegExp; text: string }
  | { kind: 'regex'; value: RegExp };

export function toPatternValue(token: PatternToken | undefined): PatternValue {
  if (!token) throw patternError('a comparison is missing its value.');
  if (token.kind === 'regex') return { kind: 'regex', value: token.value };
  if (token.kind === 'string') return { kind: 'glob', value: globToRegExp(token.value), text: token.value };
  if (token.kind === 'word') {
    if (isNumericLiteral(token.value)) return { kind: 'number', value: Number(token.value), text: token.value };
    return { kind: 'glob', value: globToRegExp(token.value), text: token.value };
  }
  throw patternError('a comparison is missing its value.');
}

/**
 * Compares one extracted field with a pattern value. Numbers compare numerically (a numeric
 * string field counts as a number, as space-delimited fields are always text); strings compare
 * by equality with `*` wildcards and only with `=` / `!=`.
 */
export function compareValue(field: unknown, op: string, value: PatternValue): boolean {
  if (field === undefined || field === null) return false;
  if (value.kind === 'number') {
    const n = typeof field === 'number' ? field : typeof field === 'string' && isNumericLiteral(field) ? Number(field) : NaN;
    if (Number.isNaN(n)) {
      if (typeof field === 'string' && (op === '=' || op === '!=')) return (field === value.text) === (op === '=');
      return false;
    }
    switch (op) {
      case '=':
        return n === value.value;
      case '!=':
        return n !== value.value;
      case '<':
        return n < value.value;
      case '>':
        return n > value.value;
      case '<=':
        return n <= value.value;
      default:
        return n >= value.value;
    }
  }
  let text: string;
  if (typeof field === 'string') text = field;
  else if (typeof field === 'boolean' || typeof field === 'number') text = String(field);
  else return false;
  const matched = value.value.test(text);
  return op === '=' ? matched : !matched;
}

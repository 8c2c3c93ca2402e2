import { compileDelimitedPattern } from './delimitedFilterPattern';
import { compileJsonPattern } from './jsonFilterPattern';
import { compilePatternRegex, patternError, readQuoted } from './patternLexer';

/**
 * CloudWatch Logs filter patterns (FilterLogEvents, Live Tail), compiled once into a predicate.
 *
 * - `""` matches everything.
 * - Terms: `ERROR Exception` — every term must occur (case-sensitive, anywhere in the message,
 *   as AWS's own examples show `Exception` matching `IllegalArgumentException`).
 *   `"Task timed out"` is one phrase; `?ERROR ?WARN` matches any of the `?` terms; `-Retry`
 *   (or `-"a phrase"`) excludes.
 * - `%regex%` on its own: a regular expression, AWS's dialect (no parentheses).
 * - `{ … }`: JSON pattern (see jsonFilterPattern.ts). `[ … ]`: space-delimited (see
 *   delimitedFilterPattern.ts).
 *
 * Anything malformed throws one `InvalidParameterException` saying what is wrong.
 */
export type LogMatcher = (message: string) => boolean;

export const matchAll: LogMatcher = () => true;

export function compileFilterPattern(pattern: string | undefined | null): LogMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return matchAll;
  if (text.startsWith('{')) {
    if (!text.endsWith('}')) throw patternError('a JSON pattern must end with }.');
    return compileJsonPattern(text.slice(1, -1));
  }
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw patternError('a space-delimited pattern must end with ].');
    return compileDelimitedPattern(text.slice(1, -1));
  }
  if (text.length > 1 && text.startsWith('%') && text.endsWith('%') && text.indexOf('%', 1) === text.length - 1) {
    const regex = compilePatternRegex(text.slice(1, -1));
    return (message) => regex.test(message);
  }
  return compileTerms(text);
}

interface Term {
  mode: 'all' | 'any' | 'none';
  text: string;
}

function compileTerms(text: string): LogMatcher {
  const terms = parseTerms(text);
  const required = terms.filter((t) => t.mode === 'all').map((t) => t.text);
  const optional = terms.filter((t) => t.mode === 'any').map((t) => t.text);
  const excluded = terms.filter((t) => t.mode === 'none').map((t) => t.text);
  return (message) =>
    required.every((t) => message.includes(t)) &&
    (optional.length === 0 || optional.some((t) => message.includes(t))) &&
    !excluded.some((t) => message.includes(t));
}

function parseTerms(text: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    let mode: Term['mode'] = 'all';
    if (text[i] === '?' || text[i] === '-') {
      mode = text[i] === '?' ? 'any' : 'none';
      i++;
      if (i >= text.length || /\s/.test(text[i])) throw patternError(`'${text[i - 1]}' must be followed by a term.`);
    }
    if (text[i] === '"') {
      const { value, end } = readQuoted(text, i);
      if (value === '') throw patternError('empty quoted phrase "".');
      if (end < text.length && !/\s/.test(text[end])) throw patternError('a quoted phrase must be followed by a space.');
      terms.push({ mode, text: value });
      i = end;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end])) end++;
      const word = text.slice(i, end);
      if (word.includes('"')) throw patternError(`stray quote in ${word}; quote the whole term.`);
      terms.push({ mode, text: word });
      i = end;
    }
  }
  return terms;
}

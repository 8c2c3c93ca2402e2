/**
 * A small glob matcher for include/exclude lists, with gitignore-like conventions:
 * - `*` matches within one path segment, `?` one character, `**` any number of segments;
 * - a pattern without a slash (other than a trailing one) matches at any depth (`*.pyc`, `.git`);
 *   one with a slash is relative to the code folder (`src/*.ts`; a leading `/` only anchors);
 * - a pattern matches a path and everything under it (`tests` excludes `tests/a.py`);
 *   a trailing slash makes it match folders only (`.events/`);
 * - a leading `!` negates: in a list the last matching pattern decides.
 * Paths are relative, with forward slashes.
 */

export interface GlobRule {
  pattern: string;
  negated: boolean;
  regex: RegExp;
}

export function compileGlob(pattern: string): GlobRule {
  const negated = pattern.startsWith('!');
  let body = negated ? pattern.slice(1) : pattern;
  body = body.replace(/\\/g, '/');
  const folderOnly = body.endsWith('/');
  body = body.replace(/\/+$/, '');
  const anchored = body.includes('/');
  body = body.replace(/^\/+/, '').replace(/^(\.\/)+/, '');
  if (body === '') throw new Error(`empty glob pattern "${pattern}"`);
  const prefix = anchored || body.startsWith('**') ? '' : '(?:.*/)?';
  const suffix = folderOnly ? '/.*' : '(?:/.*)?';
  return { pattern, negated, regex: new RegExp(`^${prefix}${translate(body)}${suffix}$`, 's') };
}

function translate(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
      if (atStart && glob[i + 2] === '/') {
        out += '(?:.*/)?'; // `**/` — zero or more whole segments
        i += 2;
      } else if (atStart && atEnd) {
        out += '.*';
        i += 1;
      } else {
        out += '[^/]*'; // `a**b` is just a star inside a segment
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

export function compileGlobs(patterns: readonly string[]): GlobRule[] {
  return patterns.filter((p) => p.trim() !== '' && !p.startsWith('#')).map((p) => compileGlob(p.trim()));
}

/** Whether one pattern (negation ignored) matches the path. */
export function matchesGlob(path: string, pattern: string): boolean {
  return compileGlob(pattern).regex.test(path);
}

/**
 * The verdict of a list for a path: true when the last matching rule is positive, false when it
 * is a negation, undefined when none matches.
 */
export function lastMatch(rules: readonly GlobRule[], path: string): boolean | undefined {
  for (let i = rules.length - 1; i >= 0; i--) {
    if (rules[i].regex.test(path)) return !rules[i].negated;
  }
  return undefined;
}

/**
 * Parses a dotenv file: `KEY=VALUE` lines, optional `export `, `#` comments (whole-line, or after
 * an unquoted value), single quotes taken literally, double quotes with `\n`/`\t`/`\"`/`\\` escapes
 * and values spanning lines. Throws an Error naming the line for anything else.
 */
export function parseDotenv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of scanDotenv(text, (problem) => {
    throw new Error(`line ${problem.line}: ${problem.message}${problem.excerpt !== undefined ? `, got "${problem.excerpt}"` : ''}`);
  })) {
    env[entry.key] = entry.value;
  }
  return env;
}

export interface DotenvEntry {
  key: string;
  value: string;
  /** How the value was written: single-quoted values are literal (never expanded). */
  quote?: '"' | "'";
}

export interface DotenvProblem {
  /** 1-based. */
  line: number;
  /** Never quotes the line's text: a .env line usually holds a secret. */
  message: string;
}

/**
 * Reads a dotenv file as the `dotenv` package does: a line it cannot read is skipped, and the
 * rest still load. Problems carry the line number only, never the text.
 */
export function readDotenv(text: string): { entries: DotenvEntry[]; problems: DotenvProblem[] } {
  const problems: DotenvProblem[] = [];
  const entries = scanDotenv(text, ({ line, message }) => problems.push({ line, message }));
  return { entries, problems };
}

interface ScanProblem extends DotenvProblem {
  excerpt?: string;
}

function scanDotenv(text: string, onProblem: (problem: ScanProblem) => void): DotenvEntry[] {
  const entries: DotenvEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      onProblem({ line: lineNumber, message: 'expected KEY=VALUE', excerpt: line.length > 40 ? `${line.slice(0, 40)}…` : line });
      continue;
    }
    const [, key, rest] = match;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may continue on the following lines until its closing quote.
      let raw = rest.slice(1);
      let end = closingQuote(raw, quote);
      let last = i;
      while (end === -1 && last + 1 < lines.length) {
        last++;
        raw += `\n${lines[last]}`;
        end = closingQuote(raw, quote);
      }
      if (end === -1) {
        onProblem({ line: lineNumber, message: `${key} has an unterminated ${quote === '"' ? 'double' : 'single'} quote` });
        continue;
      }
      i = last;
      const after = raw.slice(end + 1).trim();
      if (after !== '' && !after.startsWith('#')) {
        onProblem({ line: lineNumber, message: `unexpected text after the closing quote of ${key}` });
        continue;
      }
      const value = raw.slice(0, end);
      entries.push({ key, value: quote === '"' ? unescapeDouble(value) : value, quote });
    } else {
      const comment = rest.search(/\s#/);
      entries.push({ key, value: (comment === -1 ? rest : rest.slice(0, comment)).trim() });
    }
  }
  return entries;
}

/**
 * `$NAME`, `${NAME}` and `${NAME:-default}` inside values, as dotenv-expand does for the
 * Serverless Framework: the real environment first, then the file's own entries; `\$` is a
 * literal dollar. Single-quoted values stay literal.
 */
export function expandDotenv(entries: readonly DotenvEntry[], environment: Record<string, string | undefined>): Record<string, string> {
  const own = new Map(entries.map((e) => [e.key, e]));
  const done = new Map<string, string>();
  const expanding = new Set<string>();
  const lookup = (name: string): string | undefined => {
    const real = environment[name];
    if (real !== undefined) return real;
    const entry = own.get(name);
    if (!entry) return undefined;
    return valueOf(entry);
  };
  const valueOf = (entry: DotenvEntry): string => {
    const cached = done.get(entry.key);
    if (cached !== undefined) return cached;
    if (entry.quote === "'") return entry.value;
    // A value that refers to itself (A=$A) expands the reference to nothing rather than looping.
    if (expanding.has(entry.key)) return '';
    expanding.add(entry.key);
    const value = entry.value.replace(/\\\$|\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced?: string, fallback?: string, bare?: string) => {
      if (whole === '\\$') return '$';
      const name = braced ?? bare;
      if (name === undefined) return whole;
      const found = lookup(name);
      return found !== undefined && found !== '' ? found : (fallback ?? found ?? '');
    });
    expanding.delete(entry.key);
    done.set(entry.key, value);
    return value;
  };
  return Object.fromEntries(entries.map((entry) => [entry.key, valueOf(entry)]));
}

function closingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(value: string): string {
  return value.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
}

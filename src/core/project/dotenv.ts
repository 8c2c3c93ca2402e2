/**
 * Parses a dotenv file: `KEY=VALUE` lines, optional `export `, `#` comments (whole-line, or after
 * an unquoted value), single quotes taken literally, double quotes with `\n`/`\t`/`\"`/`\\` escapes
 * and values spanning lines. Throws an Error naming the line for anything else.
 */
export function parseDotenv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`line ${lineNumber}: expected KEY=VALUE, got "${line.length > 40 ? `${line.slice(0, 40)}…` : line}"`);
    const [, key, rest] = match;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may continue on the following lines until its closing quote.
      let raw = rest.slice(1);
      let end = closingQuote(raw, quote);
      while (end === -1 && i + 1 < lines.length) {
        i++;
        raw += `\n${lines[i]}`;
        end = closingQuote(raw, quote);
      }
      if (end === -1) throw new Error(`line ${lineNumber}: ${key} has an unterminated ${quote === '"' ? 'double' : 'single'} quote`);
      const after = raw.slice(end + 1).trim();
      if (after !== '' && !after.startsWith('#')) throw new Error(`line ${lineNumber}: unexpected text after the closing quote of ${key}`);
      const value = raw.slice(0, end);
      env[key] = quote === '"' ? unescapeDouble(value) : value;
    } else {
      const comment = rest.search(/\s#/);
      env[key] = (comment === -1 ? rest : rest.slice(0, comment)).trim();
    }
  }
  return env;
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

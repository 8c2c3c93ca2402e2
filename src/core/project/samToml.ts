/**
 * The part of TOML that samconfig.toml files use: `[a.b.c]` tables, `key = value` with basic and
 * literal strings, numbers, booleans and (possibly multi-line) arrays of those, and comments.
 * Anything else (inline tables, multi-line strings, dates) is reported per line and skipped, so
 * one odd entry never costs the rest of the file.
 */

export type TomlValue = string | number | boolean | TomlValue[];
export type TomlTable = { [key: string]: TomlValue | TomlTable };

export interface TomlResult {
  value: TomlTable;
  problems: { line: number; message: string }[];
}

export function parseSamToml(text: string): TomlResult {
  const root: TomlTable = {};
  const problems: TomlResult['problems'] = [];
  let tablePath: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    let line = stripComment(lines[i]!).trim();
    if (line === '') continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      tablePath = splitKey(header[1]!);
      tableAt(root, tablePath);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      problems.push({ line: lineNumber, message: `expected key = value, found ${JSON.stringify(line)}` });
      continue;
    }
    const keys = splitKey(line.slice(0, eq).trim());
    let raw = line.slice(eq + 1).trim();
    // An array may go on over several lines until its brackets balance.
    while (raw.startsWith('[') && !bracketsBalanced(raw) && i + 1 < lines.length) {
      line = stripComment(lines[++i]!).trim();
      raw += ` ${line}`;
    }
    const parsed = parseValue(raw);
    if (!parsed.ok || parsed.rest.trim() !== '') {
      problems.push({ line: lineNumber, message: `cannot read the value of ${keys.join('.')}` });
      continue;
    }
    const parent = tableAt(root, [...tablePath, ...keys.slice(0, -1)]);
    parent[keys[keys.length - 1]!] = parsed.value;
  }
  return { value: root, problems };
}

function tableAt(root: TomlTable, keys: string[]): TomlTable {
  let table = root;
  for (const key of keys) {
    const next = table[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) table = next;
    else table = table[key] = {};
  }
  return table;
}

function splitKey(text: string): string[] {
  return text.split('.').map((part) => part.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1'));
}

/** Drops a `#` comment that is not inside a string. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

function bracketsBalanced(text: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
  }
  return depth === 0;
}

type Parsed = { ok: true; value: TomlValue; rest: string } | { ok: false };

function parseValue(text: string): Parsed {
  const s = text.trimStart();
  if (s.startsWith('"""') || s.startsWith("'''")) return { ok: false };
  if (s.startsWith('"')) return basicString(s);
  if (s.startsWith("'")) {
    const end = s.indexOf("'", 1);
    return end < 0 ? { ok: false } : { ok: true, value: s.slice(1, end), rest: s.slice(end + 1) };
  }
  if (s.startsWith('[')) return array(s);
  const scalar = /^(true|false|[+-]?\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(s);
  if (!scalar) return { ok: false };
  const word = scalar[1]!;
  const value = word === 'true' ? true : word === 'false' ? false : Number(word.replace(/_/g, ''));
  return { ok: true, value, rest: s.slice(word.length) };
}

const escapes: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

function basicString(s: string): Parsed {
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') return { ok: true, value: out, rest: s.slice(i + 1) };
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = s[++i] ?? '';
    if (next === 'u' || next === 'U') {
      const length = next === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 1 + length), 16));
      i += length;
    } else if (next in escapes) out += escapes[next];
    else return { ok: false };
  }
  return { ok: false };
}

function array(s: string): Parsed {
  const items: TomlValue[] = [];
  let rest = s.slice(1).trimStart();
  while (!rest.startsWith(']')) {
    const item = parseValue(rest);
    if (!item.ok) return item;
    items.push(item.value);
    rest = item.rest.trimStart();
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
    else if (!rest.startsWith(']')) return { ok: false };
  }
  return { ok: true, value: items, rest: rest.slice(1) };
}

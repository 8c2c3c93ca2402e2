/**
 * Reads back the text Node's `console.log(object)` prints (`util.inspect`: `{ id: 1, name: 'a' }`,
 * single-quoted strings, unquoted keys, long strings split into `'…' +` pieces) and Python's
 * `print(dict)` (`{'id': 1, 'ok': True, 'none': None}`) — as data, never by evaluating it. Anything
 * outside plain data is refused (undefined): `[Object]` and `[Array]` (depth-limited output, the
 * rest is lost), `[Function]`, `[Circular *1]`, `<ref *1>`, `… more items`, class instances,
 * `Map(1) {…}`, Buffers, tuples, bytes. Pure.
 */

const MAX_INPUT = 1_000_000;
const MAX_DEPTH = 100;

class Refused extends Error {}

export function parseInspected(text: string): unknown {
  if (text.length > MAX_INPUT) return undefined;
  const parser = new Parser(text);
  try {
    const value = parser.value(0);
    parser.space();
    if (!parser.done()) return undefined;
    return value;
  } catch (error) {
    if (error instanceof Refused) return undefined;
    throw error;
  }
}

const KEYWORDS: Record<string, unknown> = { true: true, false: false, null: null, True: true, False: false, None: null };

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private refuse(): never {
    throw new Refused();
  }

  private expect(char: string): void {
    this.space();
    if (this.text[this.at] !== char) this.refuse();
    this.at++;
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.refuse();
    this.space();
    const char = this.text[this.at];
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === "'" || char === '"' || char === '`') return this.concatenated();
    if (char === '-' || (char >= '0' && char <= '9')) return this.number();
    const word = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.at, this.at + 64))?.[0];
    if (word !== undefined && word in KEYWORDS) {
      this.at += word.length;
      return KEYWORDS[word];
    }
    if (word === 'undefined') {
      this.at += word.length;
      return undefined;
    }
    return this.refuse();
  }

  private object(depth: number): Record<string, unknown> {
    this.expect('{');
    const result: Record<string, unknown> = {};
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return result;
    }
    for (;;) {
      const key = this.key();
      this.expect(':');
      const value = this.value(depth + 1);
      // `__proto__` as an own key, never the prototype.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      this.space();
      const next = this.text[this.at++];
      if (next === '}') return result;
      if (next !== ',') this.refuse();
      this.space();
      if (this.text[this.at] === '}') {
        this.at++;
        return result;
      }
    }
  }

  private key(): string {
    this.space();
    const char = this.text[this.at];
    if (char === "'" || char === '"') return this.string();
    const word = /^[A-Za-z_$][\w$]*|^\d+/.exec(this.text.slice(this.at, this.at + 1024))?.[0];
    if (!word) return this.refuse();
    this.at += word.length;
    return word;
  }

  private array(depth: number): unknown[] {
    this.expect('[');
    const result: unknown[] = [];
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return result;
    }
    for (;;) {
      result.push(this.value(depth + 1));
      this.space();
      const next = this.text[this.at++];
      if (next === ']') return result;
      if (next !== ',') this.refuse();
      this.space();
      if (this.text[this.at] === ']') {
        this.at++;
        return result;
      }
    }
  }

  /** `'a\n' +\n  'b'`: util.inspect splits long and multi-line strings into pieces. */
  private concatenated(): string {
    let value = this.string();
    for (;;) {
      const save = this.at;
      this.space();
      if (this.text[this.at] !== '+') {
        this.at = save;
        return value;
      }
      this.at++;
      this.space();
      const char = this.text[this.at];
      if (char !== "'" && char !== '"' && char !== '`') this.refuse();
      value += this.string();
    }
  }

  private string(): string {
    const quote = this.text[this.at++];
    let value = '';
    for (;;) {
      if (this.at >= this.text.length) this.refuse();
      const char = this.text[this.at++];
      if (char === quote) return value;
      if (quote === '`' && char === '$' && this.text[this.at] === '{') this.refuse();
      if (char === '\n' && quote !== '`') this.refuse();
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escape = this.text[this.at++];
      switch (escape) {
        case 'n':
          value += '\n';
          break;
        case 't':
          value += '\t';
          break;
        case 'r':
          value += '\r';
          break;
        case 'b':
          value += '\b';
          break;
        case 'f':
          value += '\f';
          break;
        case 'v':
          value += '\v';
          break;
        case '0':
          value += '\0';
          break;
        case 'x':
          value += String.fromCharCode(this.hex(2));
          break;
        case 'u':
          value += String.fromCharCode(this.hex(4));
          break;
        case undefined:
          return this.refuse();
        default:
          value += escape;
      }
    }
  }

  private hex(digits: number): number {
    const part = this.text.slice(this.at, this.at + digits);
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(part)) this.refuse();
    this.at += digits;
    return parseInt(part, 16);
  }

  private number(): number {
    const match = /^-?(?:\d[\d_]*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.at, this.at + 400));
    if (!match) return this.refuse();
    this.at += match[0].length;
    // `12n` (BigInt), `0x1f`: not plain data.
    if (/^[n\w]/.test(this.text[this.at] ?? '')) this.refuse();
    const value = Number(match[0].replace(/_/g, ''));
    if (!Number.isFinite(value)) this.refuse();
    return value;
  }
}

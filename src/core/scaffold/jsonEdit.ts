/**
 * Adds a member to an object inside JSON text without re-serialising the rest: keys, order,
 * spacing and indentation the user chose stay exactly as they were. The text must be valid JSON
 * (callers check with JSON.parse first), so the scanner only has to find where values end.
 */

export interface JsonMember {
  key: string;
  keyStart: number;
  valueStart: number;
  /** Just past the value's last character. */
  valueEnd: number;
}

export interface JsonObjectSpan {
  /** Index of `{`. */
  open: number;
  /** Index of the matching `}`. */
  close: number;
  members: JsonMember[];
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Just past the JSON value starting at `start`. */
function valueEnd(text: string, start: number): number {
  const first = text[start];
  if (first === '"') return stringEnd(text, start);
  if (first !== '{' && first !== '[') {
    let i = start;
    while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i) - 1;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** The members of the object whose `{` is at `open`. */
export function scanObject(text: string, open: number): JsonObjectSpan {
  const members: JsonMember[] = [];
  let i = skipWhitespace(text, open + 1);
  while (i < text.length && text[i] !== '}') {
    const keyStart = i;
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
    const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
    const end = valueEnd(text, valueStart);
    members.push({ key, keyStart, valueStart, valueEnd: end });
    i = skipWhitespace(text, end);
    if (text[i] === ',') i = skipWhitespace(text, i + 1);
  }
  return { open, close: i, members };
}

/** The top-level object of a JSON document; undefined when the document is not an object. */
export function rootObject(text: string): JsonObjectSpan | undefined {
  const open = skipWhitespace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  return text[open] === '{' ? scanObject(text, open) : undefined;
}

/** The whitespace a line starts with, for the line holding `index`. */
function lineIndent(text: string, index: number): string {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Whether `index` is the first non-blank character of its line (a block-style member). */
function startsLine(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, index));
}

/** The file's indentation unit: the indent of its first indented line, else two spaces. */
function documentIndentUnit(text: string): string {
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
}

/**
 * Returns `text` with `"key": value` added as the last member of `object`, formatted like its
 * siblings: one member per line at their indentation when they are laid out that way, compact
 * when the object is written on one line.
 */
export function insertMember(text: string, object: JsonObjectSpan, key: string, value: unknown): string {
  const compact = !text.slice(object.open, object.close).includes('\n') && object.members.length > 0;
  const last = object.members[object.members.length - 1];
  if (compact) {
    const separator = /^\{\s/.test(text.slice(object.open)) ? ', ' : ',';
    const colon = text.slice(last.keyStart, last.valueStart).includes(': ') ? ': ' : ':';
    return `${text.slice(0, last.valueEnd)}${separator}${JSON.stringify(key)}${colon}${JSON.stringify(value)}${text.slice(last.valueEnd)}`;
  }
  const parentIndent = lineIndent(text, object.open);
  const first = object.members[0];
  const memberIndent =
    first && startsLine(text, first.keyStart) ? lineIndent(text, first.keyStart) : parentIndent + documentIndentUnit(text);
  const unit = memberIndent.startsWith(parentIndent) && memberIndent.length > parentIndent.length ? memberIndent.slice(parentIndent.length) : '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const member = `${JSON.stringify(key)}: ${JSON.stringify(value, null, unit).replace(/\n/g, `${eol}${memberIndent}`)}`;
  if (!last) return `${text.slice(0, object.open + 1)}${eol}${memberIndent}${member}${eol}${parentIndent}${text.slice(object.close)}`;
  return `${text.slice(0, last.valueEnd)},${eol}${memberIndent}${member}${text.slice(last.valueEnd)}`;
}

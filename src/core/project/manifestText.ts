/**
 * Text helpers for diagnostics on JSON project files: JSON.parse keeps no positions, so keys are
 * found again in the source text (only on the error path, never when a file is fine).
 */

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where a JSON.parse error points, from V8's "… at position N" (or "line L column C"). */
export function jsonErrorPosition(text: string, error: unknown): { line: number; column: number } | undefined {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (position) return lineAndColumn(text, Number(position[1]));
  if (/Unexpected end of JSON input/.test(message)) return lineAndColumn(text, text.length);
  return undefined;
}

/**
 * Returns a function finding the line of a nested key, e.g. `["functions", "hello", "timeout"]`:
 * each key is searched as `"key":` after the previous one. Good enough for hand-written files;
 * undefined when a key cannot be found.
 */
export function keyLocator(text: string): (keys: string[]) => number | undefined {
  return (keys) => {
    let from = 0;
    for (const key of keys) {
      const pattern = new RegExp(`${escapeRegExp(JSON.stringify(key))}\\s*:`, 'g');
      pattern.lastIndex = from;
      const match = pattern.exec(text);
      if (!match) return undefined;
      from = match.index + match[0].length;
    }
    // `from` sits after the colon; report the line where the key itself is.
    const keyStart = text.lastIndexOf(JSON.stringify(keys[keys.length - 1]), from);
    return lineAndColumn(text, keyStart).line;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A short description of a JSON value for messages: `"3s"`, `42`, `an array`, `null`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** The known name a typo most likely meant (edit distance ≤ 2, or a case-insensitive match). */
export function closestName(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    if (candidate.toLowerCase() === name.toLowerCase()) return candidate;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

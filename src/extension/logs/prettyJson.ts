import { appLine, jsonRecord, trimNewline } from './logLines';

/**
 * A log message with its JSON pretty-printed, for `serverlessWorkbench.logs.prettyJson`: a
 * JSON-format record as a whole, or the JSON after the runtime's prefix
 * (`<time>\t<id>\tINFO\t{"a":1}` → the prefix, then the indented object). Anything else, and very
 * long messages, unchanged. Pure.
 */

const MAX_PRETTY = 256 * 1024;

export function prettyLogMessage(message: string): string {
  const line = trimNewline(message);
  if (line.length > MAX_PRETTY || !line.includes('{') && !line.includes('[')) return line;
  const whole = jsonRecord(line);
  if (whole) return JSON.stringify(whole, null, 2);
  const { text } = appLine(line);
  const body = text.trim();
  if (!/^[[{]/.test(body) || !line.endsWith(text)) return line;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return line;
  }
  if (!value || typeof value !== 'object') return line;
  return `${line.slice(0, line.length - text.length)}${JSON.stringify(value, null, 2)}`;
}

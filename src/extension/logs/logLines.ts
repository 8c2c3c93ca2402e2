/**
 * What a Lambda log message is: a platform line (START / END / REPORT, in the Text or the JSON log
 * format) or an application line, with its request id, level and text when the runtime's prefix
 * says so. Pure (no `vscode`): unit-tested under plain Node.
 */

export interface ReportMetrics {
  requestId: string;
  durationMs: number;
  billedDurationMs?: number;
  memorySizeMB?: number;
  maxMemoryUsedMB?: number;
  /** Only on a cold start. */
  initDurationMs?: number;
  /** `timeout` or `error` when Lambda says so (`Status:` in Text, `status` in JSON). */
  status?: string;
  errorType?: string;
}

export type PlatformLine =
  | { kind: 'start'; requestId: string }
  | { kind: 'end'; requestId: string }
  | { kind: 'report'; report: ReportMetrics };

export interface AppLine {
  requestId?: string;
  /** INFO, ERROR, …, when the runtime's prefix (or a JSON record) carries one. */
  level?: string;
  /** The message without the runtime's prefix and trailing newline. */
  text: string;
  /** The parsed record of a JSON-format line. */
  record?: Record<string, unknown>;
}

const UUIDISH = '[0-9A-Za-z-]{8,}';
const TEXT_START = /^START RequestId: (\S+)/;
const TEXT_END = /^END RequestId: (\S+)/;
const TEXT_REPORT = /^REPORT RequestId: ([^\s]+)/;
// Node's `2024-05-31T10:00:00.000Z\t<id>\tINFO\t<message>`.
const NODE_PREFIX = new RegExp(`^(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z)\\t(${UUIDISH}|undefined)\\t([A-Z]+)\\t`);
// Python's logging: `[INFO]\t2024-05-31T10:00:00.000Z\t<id>\t<message>`.
const PYTHON_PREFIX = new RegExp(`^\\[([A-Z]+)\\]\\t(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z)\\t(${UUIDISH})\\t`);
// The runtime's own lines: `2024-…Z <id> Task timed out after 3.00 seconds`.
const SPACED_PREFIX = new RegExp(`^(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z) (${UUIDISH}) `);

export function trimNewline(message: string): string {
  return message.replace(/\r?\n$/, '');
}

/** A JSON object message, parsed; undefined for anything else (cheaply: most lines do not start with `{`). */
export function jsonRecord(message: string): Record<string, unknown> | undefined {
  const text = message.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function platformLine(message: string): PlatformLine | undefined {
  const first = message.charCodeAt(0);
  // S, E, R: the Text format's platform lines.
  if (first === 83 || first === 69 || first === 82) {
    let m = TEXT_START.exec(message);
    if (m) return { kind: 'start', requestId: m[1] };
    m = TEXT_END.exec(message);
    if (m) return { kind: 'end', requestId: m[1] };
    m = TEXT_REPORT.exec(message);
    if (m) return { kind: 'report', report: textReport(m[1], trimNewline(message)) };
    return undefined;
  }
  if (first !== 123 || !message.includes('"platform.')) return undefined;
  const record = jsonRecord(message);
  const body = record?.record as Record<string, unknown> | undefined;
  if (!body || typeof body.requestId !== 'string') return undefined;
  switch (record!.type) {
    case 'platform.start':
      return { kind: 'start', requestId: body.requestId };
    case 'platform.runtimeDone':
      return { kind: 'end', requestId: body.requestId };
    case 'platform.report':
      return { kind: 'report', report: jsonReport(body.requestId, body) };
    default:
      return undefined;
  }
}

function textReport(requestId: string, line: string): ReportMetrics {
  const field = (name: string): string | undefined => new RegExp(`\\t${name}: ([^\\t]+)`).exec(line)?.[1].trim();
  const number = (name: string): number | undefined => {
    const value = field(name);
    const parsed = value === undefined ? NaN : parseFloat(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  };
  return clean({
    requestId,
    durationMs: number('Duration') ?? 0,
    billedDurationMs: number('Billed Duration'),
    memorySizeMB: number('Memory Size'),
    maxMemoryUsedMB: number('Max Memory Used'),
    initDurationMs: number('Init Duration'),
    status: field('Status'),
    errorType: field('Error Type'),
  });
}

function jsonReport(requestId: string, body: Record<string, unknown>): ReportMetrics {
  const metrics = (body.metrics ?? {}) as Record<string, unknown>;
  const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const status = typeof body.status === 'string' && body.status !== 'success' ? body.status : undefined;
  return clean({
    requestId,
    durationMs: num(metrics.durationMs) ?? 0,
    billedDurationMs: num(metrics.billedDurationMs),
    memorySizeMB: num(metrics.memorySizeMB),
    maxMemoryUsedMB: num(metrics.maxMemoryUsedMB),
    initDurationMs: num(metrics.initDurationMs),
    status,
    errorType: typeof body.errorType === 'string' ? body.errorType : undefined,
  });
}

function clean<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/** An application line's request id, level and text (the whole message when it has no known prefix). */
export function appLine(message: string): AppLine {
  const line = trimNewline(message);
  let m = NODE_PREFIX.exec(line);
  if (m) return { ...(m[2] !== 'undefined' ? { requestId: m[2] } : {}), level: m[3], text: line.slice(m[0].length) };
  m = PYTHON_PREFIX.exec(line);
  if (m) return { requestId: m[3], level: m[1], text: line.slice(m[0].length) };
  m = SPACED_PREFIX.exec(line);
  if (m) return { requestId: m[2], text: line.slice(m[0].length) };
  const record = line.startsWith('{') ? jsonRecord(line) : undefined;
  if (record && (typeof record.level === 'string' || typeof record.requestId === 'string')) {
    const text = typeof record.message === 'string' ? record.message : JSON.stringify(record.message ?? record);
    return {
      ...(typeof record.requestId === 'string' ? { requestId: record.requestId } : {}),
      ...(typeof record.level === 'string' ? { level: record.level.toUpperCase() } : {}),
      text,
      record,
    };
  }
  return { text: line };
}

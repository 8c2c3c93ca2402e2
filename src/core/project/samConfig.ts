import * as path from 'node:path';
import { isRecord } from './cfnIntrinsics';
import type { JsonObject } from './cfnIntrinsics';
import type { ProjectDiagnostic } from './diagnostics';
import { parseSamToml } from './samToml';
import { loadYamlSource } from './yamlSource';

/**
 * The settings of a SAM CLI configuration file (samconfig.toml, or .yaml/.yml) that change which
 * functions a project has and what their templates resolve to, for the `default` environment:
 * `template_file`, `parameter_overrides`, `stack_name` and `region`.
 */

export const samConfigNames = ['samconfig.toml', 'samconfig.yaml', 'samconfig.yml'];

export interface SamConfig {
  file: string;
  /** Absolute path of the template the SAM CLI would use, when the file names one. */
  templateFile?: string;
  parameterOverrides: Record<string, string>;
  stackName?: string;
  region?: string;
  diagnostics: ProjectDiagnostic[];
}

/**
 * Commands whose parameters apply, weakest first: `global` applies to every command, `deploy`
 * holds what `sam deploy --guided` saved (the stack the functions run in), and the local
 * commands are the closest to running a function locally.
 */
const commandOrder = ['global', 'deploy', 'build', 'local_start_api', 'local_invoke'];

export function parseSamConfig(text: string, file: string, environment = 'default'): SamConfig {
  const config: SamConfig = { file, parameterOverrides: {}, diagnostics: [] };
  const warn = (message: string, line?: number): void => void config.diagnostics.push({ file, ...(line ? { line } : {}), message, severity: 'warning' });
  let root: unknown;
  if (file.endsWith('.toml')) {
    const parsed = parseSamToml(text);
    for (const problem of parsed.problems) warn(`samconfig: ${problem.message}; the entry is ignored`, problem.line);
    root = parsed.value;
  } else {
    const loaded = loadYamlSource(text, file);
    if (!loaded.ok) {
      config.diagnostics.push({ ...loaded.diagnostic, severity: 'warning' });
      return config;
    }
    root = loaded.source.value;
  }
  const env = isRecord(root) ? root[environment] : undefined;
  const settings: JsonObject = {};
  for (const command of commandOrder) {
    const section = isRecord(env) && isRecord(env[command]) ? env[command].parameters : undefined;
    if (isRecord(section)) Object.assign(settings, section);
  }
  const lineOf = (key: string): number | undefined => {
    const index = text.split(/\r?\n/).findIndex((line) => new RegExp(`^\\s*${key}\\s*[=:]`).test(line));
    return index < 0 ? undefined : index + 1;
  };
  if (typeof settings.template_file === 'string' && settings.template_file !== '') {
    config.templateFile = path.resolve(path.dirname(file), settings.template_file);
  }
  if (typeof settings.stack_name === 'string' && settings.stack_name !== '') config.stackName = settings.stack_name;
  if (typeof settings.region === 'string' && settings.region !== '') config.region = settings.region;
  if (settings.parameter_overrides !== undefined) {
    const parsed = parseParameterOverrides(settings.parameter_overrides);
    config.parameterOverrides = parsed.values;
    for (const bad of parsed.unreadable) warn(`samconfig: parameter_overrides entry ${JSON.stringify(bad)} is not NAME=VALUE; it is ignored`, lineOf('parameter_overrides'));
  }
  return config;
}

/**
 * `parameter_overrides` as the SAM CLI takes it: one string of `Name=Value` pairs separated by
 * spaces (values may be quoted), a list of such strings, or CloudFormation's
 * `ParameterKey=Name,ParameterValue=Value` form.
 */
export function parseParameterOverrides(raw: unknown): { values: Record<string, string>; unreadable: string[] } {
  const values: Record<string, string> = {};
  const unreadable: string[] = [];
  const items = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
  for (const token of items.flatMap(splitPairs)) {
    const long = /^ParameterKey=([^,]+),ParameterValue=(.*)$/.exec(token);
    const eq = token.indexOf('=');
    const [name, value] = long ? [long[1]!, long[2]!] : eq > 0 ? [token.slice(0, eq), token.slice(eq + 1)] : [undefined, undefined];
    if (name === undefined || value === undefined) unreadable.push(token);
    else values[name] = unquote(value);
  }
  return { values, unreadable };
}

/** Splits at spaces outside double or single quotes. */
function splitPairs(text: string): string[] {
  const pairs: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && text[i + 1] === quote) {
        current += text[++i];
        continue;
      }
      if (c === quote) quote = undefined;
      current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (/\s/.test(c)) {
      if (current) pairs.push(current);
      current = '';
    } else current += c;
  }
  if (current) pairs.push(current);
  return pairs;
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/s.exec(value);
  return quoted ? quoted[2]! : value;
}

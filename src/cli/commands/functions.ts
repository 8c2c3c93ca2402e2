import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { formatBytes } from '../../core/package/limits';
import { extractZip } from '../../core/package/zipReader';
import type { Provider } from '../../core/providers';
import { listAll } from '../../core/providers';
import { maskSecrets } from '../../core/providers/secrets';
import type { DeployedFunction, DeployedFunctionDetail } from '../../core/providers/types';
import { booleanFlag, numberFlag, readAll, stringFlag } from '../args';
import type { CliCommand, CliIo, ParsedArgs } from '../command';
import { providerFlags, providerFromFlags, providerHelp } from '../providerOptions';

const actions = ['list', 'get', 'invoke', 'delete', 'download'] as const;
type Action = (typeof actions)[number];

export const functionsCommand: CliCommand = {
  name: 'functions',
  summary: 'List, inspect, invoke, download or delete deployed functions (local cloud or AWS)',
  usage: 'swb functions <list|get|invoke|download|delete> [<name>] [--provider aws|local] [--profile P] [--region R] [options]',
  help: [
    'Works on functions as deployed (their deployed names), not on the workspace:',
    '  list                    every function, page by page: name, runtime, memory, timeout, code size, last modified',
    '  get <name>              configuration, tags, versions and aliases (secret-looking values masked)',
    '  invoke <name>           run it remotely: its log tail goes to stderr, the result to stdout',
    '  download <name>         unpack the deployed code into a new folder (default ./<name>)',
    '  delete <name> --yes     delete it (or one version with --qualifier)',
    '',
    'Options:',
    ...providerHelp,
    '  --qualifier Q           a version number or alias (get, invoke, download, delete)',
    '  -e, --event FILE|-      invoke: the event JSON (a file, or - for stdin); default {}',
    '  --no-log                invoke: do not ask for the log tail',
    '  --out DIR               download: the folder to unpack into (must be new or empty)',
    '  --zip FILE              download: save the zip itself instead',
    '  --max-items N           list: stop after N functions',
    '  --yes                   delete: confirm',
    '  --json                  machine-readable output',
    '',
    'Exit status: 0 done, 1 it failed (or the invoked function returned an error), 2 bad input.',
  ],
  flags: {
    ...providerFlags,
    qualifier: { type: 'string' },
    event: { type: 'string', short: 'e' },
    'no-log': { type: 'boolean' },
    out: { type: 'string' },
    zip: { type: 'string' },
    'max-items': { type: 'string' },
    yes: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const [action, name, ...rest] = args.positionals;
    if (!action) throw new UserError(`give an action: ${actions.join(', ')}`);
    if (!(actions as readonly string[]).includes(action)) throw new UserError(`unknown action "${action}" (use ${actions.join(', ')})`);
    if (action === 'list' ? name !== undefined : name === undefined || rest.length) {
      throw new UserError(action === 'list' ? 'list takes no function name' : `${action} needs exactly one function name`);
    }
    // Checked before any request: a delete without --yes must not even connect.
    if (action === 'delete' && !booleanFlag(args, 'yes')) throw new UserError(`refusing to delete ${name} without --yes`);
    const provider = providerFromFlags(args, io);
    try {
      return await run(action as Action, name, provider, args, io);
    } finally {
      provider.dispose();
    }
  },
};

async function run(action: Action, name: string | undefined, provider: Provider, args: ParsedArgs, io: CliIo): Promise<number> {
  const json = booleanFlag(args, 'json');
  const qualifier = stringFlag(args, 'qualifier');
  const signal = io.signal;
  switch (action) {
    case 'list': {
      const max = numberFlag(args, 'max-items', { min: 1, integer: true });
      const items: DeployedFunction[] = [];
      let pageToken: string | undefined;
      do {
        const page = await provider.listFunctions({ pageToken, signal });
        items.push(...page.items);
        pageToken = page.nextToken;
      } while (pageToken && (max === undefined || items.length < max));
      const shown = max === undefined ? items : items.slice(0, max);
      if (json) io.stdout(`${JSON.stringify(shown.map(withoutEnvironment), null, 2)}\n`);
      else io.stdout(shown.length ? table(shown) : `no functions in ${provider.location.label}\n`);
      return 0;
    }
    case 'get': {
      const found = await provider.getFunction(name!, { qualifier, signal });
      if (!found) throw notFound(name!, qualifier, provider);
      const versions = qualifier ? [] : await listAll((pageToken) => provider.listVersions(name!, { pageToken, signal }), signal);
      const aliases = qualifier ? [] : await listAll((pageToken) => provider.listAliases(name!, { pageToken, signal }), signal);
      const masked = { ...found, ...(found.environment ? { environment: maskSecrets(found.environment) } : {}) };
      if (json) io.stdout(`${JSON.stringify({ ...masked, versions, aliases }, null, 2)}\n`);
      else io.stdout(describe(masked, versions.map((v) => v.version), aliases.map((a) => `${a.name} → ${a.version}`)));
      return 0;
    }
    case 'invoke': {
      const payload = await readEvent(stringFlag(args, 'event'), io);
      const result = await provider.invoke(name!, { payload, qualifier, tailLog: !booleanFlag(args, 'no-log'), signal });
      if (json) {
        const text = result.payload.toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          // Not JSON: keep the text.
        }
        io.stdout(`${JSON.stringify({ statusCode: result.statusCode, functionError: result.functionError ?? null, payload: parsed, log: result.log ?? null, executedVersion: result.executedVersion ?? null }, null, 2)}\n`);
      } else {
        if (result.log) io.stderr(result.log.endsWith('\n') ? result.log : `${result.log}\n`);
        const text = result.payload.toString('utf8');
        if (text) io.stdout(text.endsWith('\n') ? text : `${text}\n`);
      }
      return result.functionError ? 1 : 0;
    }
    case 'download': {
      const zipFile = stringFlag(args, 'zip');
      const out = path.resolve(io.cwd, stringFlag(args, 'out') ?? name!);
      if (!zipFile && existsSync(out) && readdirSync(out).length) throw new UserError(`${out} is not empty: choose another folder with --out`);
      const code = await provider.downloadCode(name!, { qualifier, signal });
      if (zipFile) {
        const target = path.resolve(io.cwd, zipFile);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, code.zip);
        io.stdout(`${target} (${formatBytes(code.zip.length)})\n`);
      } else {
        const files = await extractZip(code.zip, out);
        io.stdout(`${out} (${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(code.zip.length)} zipped)\n`);
      }
      return 0;
    }
    case 'delete': {
      await provider.deleteFunction(name!, { qualifier, signal });
      io.stdout(`deleted ${name}${qualifier ? `:${qualifier}` : ''} from ${provider.location.label}\n`);
      return 0;
    }
  }
}

function notFound(name: string, qualifier: string | undefined, provider: Provider): UserError {
  return new UserError(`no function "${name}${qualifier ? `:${qualifier}` : ''}" in ${provider.location.label}`);
}

async function readEvent(source: string | undefined, io: CliIo): Promise<string> {
  if (source === undefined) return '{}';
  const text = source === '-' ? (await readAll(io.stdin)).toString('utf8') : await readFile(path.resolve(io.cwd, source), 'utf8').catch(() => {
    throw new UserError(`event file not found: ${source}`);
  });
  try {
    JSON.parse(text);
  } catch (error) {
    throw new UserError(`the event is not valid JSON: ${(error as Error).message}`);
  }
  return text;
}

/** Listings never carry environment values; `get` shows them masked. */
function withoutEnvironment(fn: DeployedFunction): DeployedFunction {
  const { environment: _environment, ...rest } = fn;
  return rest;
}

function table(functions: readonly DeployedFunction[]): string {
  const rows = [
    ['NAME', 'RUNTIME', 'MEMORY', 'TIMEOUT', 'CODE', 'LAST MODIFIED'],
    ...functions.map((f) => [
      f.name,
      f.runtime ?? (f.packageType === 'Image' ? 'image' : '-'),
      f.memorySize !== undefined ? `${f.memorySize} MB` : '-',
      f.timeout !== undefined ? `${f.timeout} s` : '-',
      f.codeSize !== undefined ? formatBytes(f.codeSize) : '-',
      f.lastModified ?? '-',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

function describe(fn: DeployedFunctionDetail, versions: string[], aliases: string[]): string {
  const fields: [string, string | number | undefined][] = [
    ['ARN', fn.arn],
    ['runtime', fn.runtime],
    ['handler', fn.handler],
    ['memory', fn.memorySize !== undefined ? `${fn.memorySize} MB` : undefined],
    ['timeout', fn.timeout !== undefined ? `${fn.timeout} s` : undefined],
    ['architectures', fn.architectures?.join(', ')],
    ['description', fn.description],
    ['role', fn.role],
    ['state', [fn.state, fn.lastUpdateStatus && `last update ${fn.lastUpdateStatus}`, fn.stateReason].filter(Boolean).join(', ') || undefined],
    ['code size', fn.codeSize !== undefined ? formatBytes(fn.codeSize) : undefined],
    ['CodeSha256', fn.codeSha256],
    ['last modified', fn.lastModified],
    ['version', fn.version],
  ];
  const lines = [fn.name, ...fields.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `  ${k.padEnd(14)} ${v}`)];
  const section = (title: string, entries: string[]): void => {
    if (entries.length) lines.push(`  ${title}`, ...entries.map((e) => `    ${e}`));
  };
  section('environment', Object.entries(fn.environment ?? {}).map(([k, v]) => `${k}=${v}`));
  section('tags', Object.entries(fn.tags).map(([k, v]) => `${k}=${v}`));
  section('versions', versions.length ? [versions.join(', ')] : []);
  section('aliases', aliases);
  return `${lines.join('\n')}\n`;
}

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { UserError } from '../../core/errors';
import {
  deleteSavedEvent,
  describeDefault,
  generateEvent,
  getEvent,
  listEvents,
  listSavedEvents,
  parseEventJson,
  parseParamAssignments,
  readSavedEvent,
  saveEvent,
  savedEventsDir,
} from '../../core/events';
import type { EventDefinition } from '../../core/events';
import { booleanFlag, stringFlag, stringListFlag } from '../args';
import type { CliCommand, CliIo, ParsedArgs } from '../command';

type Subcommand = (args: ParsedArgs, io: CliIo, operands: string[]) => Promise<number>;

/** Which flags each subcommand takes; any other flag is a one-line error rather than ignored. */
const subcommandFlags: Record<string, string[]> = {
  list: ['provider', 'json'],
  describe: ['json'],
  generate: ['param', 'out'],
  save: ['from', 'event', 'param', 'force'],
  saved: ['json'],
  delete: [],
};

const subcommands: Record<string, Subcommand> = {
  list: listCommand,
  describe: describeCommand,
  generate: generateCommand,
  save: saveCommand,
  saved: savedCommand,
  delete: deleteCommand,
};

export const eventsCommand: CliCommand = {
  name: 'events',
  summary: 'list, generate and save sample events (AWS, Azure, Google Cloud)',
  usage: 'swb events <list|describe|generate|save|saved|delete> …',
  help: [
    'Subcommands:',
    '  list [--provider aws|azure|gcp] [--json]       the event catalogue',
    '  describe <event> [--json]                      an event and its parameters',
    '  generate <event> [--param key=value]… [--out FILE]',
    '                                                 print (or write) a generated event',
    '  save <function> <name> [--from FILE|-] [--event <event> [--param key=value]…] [--force]',
    '                                                 save an event to .events/<function>/<name>.json',
    '                                                 (from a file, stdin, or generated from the catalogue)',
    '  saved <function> [<name>] [--json]             list a function\'s saved events, or print one',
    '  delete <function> <name>                       delete a saved event',
    '',
    'Examples:',
    '  swb events generate aws:s3-put --param bucket=photos --param key=cat.jpg',
    '  swb events generate aws:sqs --param body=\'{"id":1}\' | swb events save orders first-order',
  ],
  flags: {
    provider: { type: 'string' },
    json: { type: 'boolean' },
    param: { type: 'string', multiple: true, short: 'p' },
    out: { type: 'string', short: 'o' },
    from: { type: 'string' },
    event: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(args, io) {
    const [subcommand, ...operands] = args.positionals;
    if (subcommand === undefined) throw new UserError(`missing subcommand; one of ${Object.keys(subcommands).join(', ')}`);
    const handler = subcommands[subcommand];
    if (!handler) throw new UserError(`unknown subcommand "${subcommand}"; one of ${Object.keys(subcommands).join(', ')}`);
    const allowed = subcommandFlags[subcommand];
    for (const [flag, value] of Object.entries(args.values)) {
      if (value !== undefined && !allowed.includes(flag)) throw new UserError(`--${flag} does not apply to "events ${subcommand}"`);
    }
    return handler(args, io, operands);
  },
};

function expectOperands(operands: string[], names: string[], optional: string[] = []): void {
  if (operands.length < names.length) throw new UserError(`missing ${names.slice(operands.length).map((n) => `<${n}>`).join(' ')}`);
  if (operands.length > names.length + optional.length) throw new UserError(`unexpected argument "${operands[names.length + optional.length]}"`);
}

async function listCommand(args: ParsedArgs, io: CliIo, operands: string[]): Promise<number> {
  expectOperands(operands, []);
  const events = listEvents(stringFlag(args, 'provider'));
  if (booleanFlag(args, 'json')) {
    io.stdout(`${JSON.stringify(events.map(describeJson), null, 2)}\n`);
    return 0;
  }
  io.stdout(table(['NAME', 'PROVIDER', 'DESCRIPTION'], events.map((e) => [e.name, e.provider, e.description])));
  return 0;
}

function describeJson(event: EventDefinition) {
  return {
    name: event.name,
    provider: event.provider,
    description: event.description,
    parameters: event.parameters.map((p) => ({ name: p.name, type: p.type, description: p.description, default: describeDefault(p) })),
  };
}

async function describeCommand(args: ParsedArgs, io: CliIo, operands: string[]): Promise<number> {
  expectOperands(operands, ['event']);
  const event = getEvent(operands[0]);
  if (booleanFlag(args, 'json')) {
    io.stdout(`${JSON.stringify(describeJson(event), null, 2)}\n`);
    return 0;
  }
  io.stdout(`${event.name} (${event.provider}): ${event.description}\n\nParameters (--param name=value):\n`);
  io.stdout(table(['NAME', 'TYPE', 'DEFAULT', 'DESCRIPTION'], event.parameters.map((p) => [p.name, p.type, shorten(describeDefault(p), 40), p.description]), '  '));
  return 0;
}

async function generateCommand(args: ParsedArgs, io: CliIo, operands: string[]): Promise<number> {
  expectOperands(operands, ['event']);
  const event = generateEvent(operands[0], parseParamAssignments(stringListFlag(args, 'param')));
  const text = `${JSON.stringify(event, null, 2)}\n`;
  const out = stringFlag(args, 'out');
  if (out === undefined) {
    io.stdout(text);
    return 0;
  }
  const file = resolve(io.cwd, out);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, 'utf8');
  io.stderr(`Wrote ${relative(io.cwd, file) || file}\n`);
  return 0;
}

async function saveCommand(args: ParsedArgs, io: CliIo, operands: string[]): Promise<number> {
  expectOperands(operands, ['function', 'name']);
  const [functionName, name] = operands;
  const from = stringFlag(args, 'from');
  const catalogueName = stringFlag(args, 'event');
  const params = stringListFlag(args, 'param');
  if (from !== undefined && catalogueName !== undefined) throw new UserError('give either --from or --event, not both');
  if (params.length && catalogueName === undefined) throw new UserError('--param needs --event <event>');
  let event: unknown;
  if (catalogueName !== undefined) event = generateEvent(catalogueName, parseParamAssignments(params));
  else if (from !== undefined && from !== '-') event = parseEventJson(await readUserFile(resolve(io.cwd, from), from), from);
  else {
    if (from === undefined && (io.stdin as { isTTY?: boolean }).isTTY) throw new UserError('no event given: use --from FILE, --from - (stdin) or --event <event>');
    event = parseEventJson(await readStream(io.stdin), 'stdin');
  }
  const file = await saveEvent(io.cwd, functionName, name, event, { overwrite: booleanFlag(args, 'force') });
  io.stdout(`Saved ${relative(io.cwd, file)}\n`);
  return 0;
}

async function savedCommand(args: ParsedArgs, io: CliIo, operands: string[]): Promise<number> {
  expectOperands(operands, ['function'], ['name']);
  const [functionName, name] = operands;
  if (name !== undefined) {
    io.stdout(`${JSON.stringify(await readSavedEvent(io.cwd, functionName, name), null, 2)}\n`);
    return 0;
  }
  const saved = await listSavedEvents(io.cwd, functionName);
  if (booleanFlag(args, 'json')) {
    io.stdout(`${JSON.stringify(saved.map((e) => ({ name: e.name, file: relative(io.cwd, e.file) })), null, 2)}\n`);
    return 0;
  }
  if (saved.length === 0) {
    io.stderr(`No saved events for ${functionName} (${relative(io.cwd, savedEventsDir(io.cwd, functionName))}/ is empty or missing)\n`);
    return 0;
  }
  io.stdout(saved.map((e) => `${e.name}\n`).join(''));
  return 0;
}

async function deleteCommand(_args: ParsedArgs, io: CliIo, operands: string[]): Promise<number> {
  expectOperands(operands, ['function', 'name']);
  await deleteSavedEvent(io.cwd, operands[0], operands[1]);
  io.stdout(`Deleted ${operands[1]} of ${operands[0]}\n`);
  return 0;
}

async function readUserFile(file: string, label: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${label}: no such file` : `${label}: cannot read (${code ?? String(error)})`);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function shorten(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** Left-aligned columns; the last column is not padded. */
function table(header: string[], rows: string[][], indent = ''): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => indent + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

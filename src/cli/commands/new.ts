import * as path from 'node:path';
import { UserError } from '../../core/errors';
import {
  languageLayouts,
  ScaffoldConflictError,
  scaffoldFunction,
  scaffoldRuntimeIds,
  scaffoldRuntimes,
  scaffoldTriggerIds,
  triggerTemplates,
} from '../../core/scaffold';
import { booleanFlag, stringFlag } from '../args';
import type { CliCommand } from '../command';

export const newCommand: CliCommand = {
  name: 'new',
  summary: 'Scaffold a function: handler, unit test, sample event and its declaration',
  usage: `swb new <name> [--provider aws] --runtime ${scaffoldRuntimeIds.join('|')} --trigger ${scaffoldTriggerIds.join('|')} [--dir DIR] [--force]`,
  help: [
    'Writes functions/<name>/ (handler, unit test; package.json and tsconfig.json for Node), a sample',
    'event in .events/<name>/<trigger>.json, and declares the function in template.yaml when the folder',
    'has an AWS SAM template, else in serverless-workbench.json (created when missing).',
    '',
    'Options:',
    '  --provider aws          the cloud provider (default aws; Azure and Google Cloud templates come later)',
    ...scaffoldRuntimeIds.map((id, i) => `${(i === 0 ? '  --runtime RUNTIME' : '').padEnd(26)}${id.padEnd(15)}${scaffoldRuntimes[id].label}`),
    ...scaffoldTriggerIds.map((id, i) => `${(i === 0 ? '  --trigger TRIGGER' : '').padEnd(26)}${id.padEnd(15)}${triggerTemplates[id].description}`),
    '  --dir DIR               the workspace folder (default: the current folder)',
    '  --force                 overwrite files that already exist (never an existing function\'s declaration)',
    '',
    'Example:',
    '  swb new orders --runtime nodejs20.x-ts --trigger sqs',
  ],
  flags: {
    provider: { type: 'string' },
    runtime: { type: 'string' },
    trigger: { type: 'string' },
    dir: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(args, io) {
    if (args.positionals.length === 0) throw new UserError('missing <name>: the new function\'s name');
    if (args.positionals.length > 1) throw new UserError(`expected one function name, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
    const runtime = stringFlag(args, 'runtime');
    const trigger = stringFlag(args, 'trigger');
    if (runtime === undefined) throw new UserError(`missing --runtime; valid runtimes: ${scaffoldRuntimeIds.join(', ')}`);
    if (trigger === undefined) throw new UserError(`missing --trigger; valid triggers: ${scaffoldTriggerIds.join(', ')}`);
    const root = path.resolve(io.cwd, stringFlag(args, 'dir') ?? '.');
    const options = { root, name: args.positionals[0], provider: stringFlag(args, 'provider') ?? 'aws', runtime, trigger, overwrite: booleanFlag(args, 'force') };
    let result;
    try {
      result = await scaffoldFunction(options);
    } catch (error) {
      if (error instanceof ScaffoldConflictError) {
        const shown = error.existing.map((file) => shownPath(io.cwd, file));
        throw new UserError(`${shown.join(', ')} already exist${shown.length === 1 ? 's' : ''}; use --force to overwrite`);
      }
      throw error;
    }
    const lines = [`Created function ${result.functionName}:`, ...result.files.map((file) => `  ${shownPath(io.cwd, file)}`), ''];
    const fromRoot = path.relative(io.cwd, root);
    const cd = fromRoot === '' ? '' : `cd ${fromRoot} && `;
    const codeDir = shownPath(root, path.dirname(result.handlerFile));
    lines.push(
      'Next:',
      `  ${cd}swb invoke ${result.functionName} --event ${shownPath(root, result.eventFile)}`,
      `  ${cd}cd ${codeDir} && ${languageLayouts[scaffoldRuntimes[runtime as keyof typeof scaffoldRuntimes].language].testCommand}`,
      '',
    );
    io.stdout(lines.join('\n'));
    return 0;
  },
};

/** Paths as the user would type them from `from`: relative, with forward slashes. */
function shownPath(from: string, file: string): string {
  return (path.relative(from, file) || file).split(path.sep).join('/');
}

import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { findHandlerFile, guessRuntime, handlerFileCandidates, normalizeHandler, runtimeFamily } from '../../core/emulator/handlerFile';
import type { Invocation, Isolation, ResponseStreamSink } from '../../core/emulator/types';
import { CancelledError, UserError } from '../../core/errors';
import { parseDotenv } from '../../core/project/dotenv';
import type { FunctionSpec } from '../../core/project/functionSpec';
import { lambdaDefaults } from '../../core/project/functionSpec';
import { supportedRuntimes } from '../../core/project/manifest';
import { booleanFlag, choiceFlag, keyValueListFlag, numberFlag, readAll, stringFlag } from '../args';
import type { CliCommand, CliIo, ParsedArgs } from '../command';
import { discoverOptionsFrom, discoveryFlags, discoveryHelp, findProjectFunction, printDiagnostics } from '../projectFunctions';
import { persistEndpoint, persistLogs } from '../persistLogs';
import { createEmulator } from '../realEmulator';

export const invokeCommand: CliCommand = {
  name: 'invoke',
  summary: 'Run a function once, locally, exactly as Lambda would',
  usage: 'swb invoke [<function>] [--handler <file.export>] [--code-dir DIR] [--runtime R] [--event FILE|-] [options]',
  help: [
    'Runs one invocation in a fresh execution environment: logs go to stderr, the result to stdout.',
    'A function that streams its response (awslambda.streamifyResponse) writes it to stdout as it comes.',
    '<function> is a function of the project in the current folder (and its sub-folders): a SAM',
    'logical ID (template.yaml), a key under functions: in serverless.yml, or a key in',
    'serverless-workbench.json. Problems in those files are printed on stderr as file:line: message.',
    'Without <function>, give --handler. Flags override what the project declares.',
    '',
    'Options:',
    '  --handler FILE.EXPORT   Lambda handler, e.g. index.handler, src/app.create, app.lambda_handler',
    "  --code-dir DIR          the code folder (task root); default: the function's, else the current folder",
    `  --runtime RUNTIME       one of ${supportedRuntimes.join(', ')}`,
    '                          default: from the handler file (.py → python3.12, else nodejs20.x)',
    '  -e, --event FILE|-      the event JSON (a file, or - for stdin); default {}',
    '  --timeout SECONDS       1–900 (default 3)',
    '  --memory MB             128–10240 (default 128)',
    '  --env KEY=VALUE         an environment variable (repeatable); wins over --env-file',
    "  --env-file FILE         variables from a dotenv file (.env is never read unless named here);",
    "                          they win over the project's (SAM Globals and function, serverless.yml)",
    '  --runtime-path R=PATH   run runtime R with this interpreter (repeatable)',
    '  --pass-credentials      pass AWS_ACCESS_KEY_ID/SECRET/SESSION_TOKEN to the function',
    '  --isolation process|thread|inline  run a Node.js function in a child process (default, like',
    '                          Lambda), a worker thread or inline in this process (faster, less',
    '                          isolated: see docs/performance.md)',
    '  --json                  print {"requestId","result","error","logs","durationMs","initDurationMs"}',
    '                          (and "streamContentType" when the function streamed; "result" is then its text)',
    '  --persist               also send the log lines to the running local cloud (swb serve), into',
    '                          /aws/lambda/<function>, for swb logs and the editor\'s tails',
    '  --endpoint-url URL      the local cloud for --persist (default $SWB_LOCAL_ENDPOINT, else http://127.0.0.1:3001)',
    ...discoveryHelp,
    '',
    'Exit status: 0 the handler succeeded, 1 the function returned an error, 2 bad input.',
  ],
  flags: {
    handler: { type: 'string' },
    'code-dir': { type: 'string' },
    runtime: { type: 'string' },
    event: { type: 'string', short: 'e' },
    timeout: { type: 'string' },
    memory: { type: 'string' },
    env: { type: 'string', multiple: true },
    'env-file': { type: 'string' },
    'runtime-path': { type: 'string', multiple: true },
    'pass-credentials': { type: 'boolean' },
    isolation: { type: 'string' },
    json: { type: 'boolean' },
    persist: { type: 'boolean' },
    'endpoint-url': { type: 'string' },
    ...discoveryFlags,
  },
  async run(args, io) {
    const isolationFlag = choiceFlag<Isolation>(args, 'isolation', ['process', 'thread', 'inline']);
    const { spec, isolation: projectIsolation } = await resolveFunction(args, io);
    const isolation = isolationFlag ?? projectIsolation;
    const payload = await readEvent(stringFlag(args, 'event'), io);
    const runtimePaths = keyValueListFlag(args, 'runtime-path', 'RUNTIME=PATH');
    const json = booleanFlag(args, 'json');
    const persist = booleanFlag(args, 'persist');
    if (!persist && stringFlag(args, 'endpoint-url') !== undefined) throw new UserError('--endpoint-url goes with --persist');
    const endpoint = persist ? persistEndpoint(stringFlag(args, 'endpoint-url'), io) : undefined;
    const persisted: { logStreamName: string; line: string; timestamp: number }[] = [];
    if (io.signal.aborted) throw new CancelledError();

    // Logs stream to stderr as the function writes them (a slow function shows progress).
    let streamed = false;
    const emulator = createEmulator({
      runtimePaths,
      passCredentials: booleanFlag(args, 'pass-credentials'),
      onWarning: (message) => io.stderr(`swb invoke: warning: ${message}\n`),
      onLog:
        json && !persist
          ? undefined
          : ({ logStreamName, line, timestamp }) => {
              if (persist) persisted.push({ logStreamName, line, timestamp });
              if (json) return;
              streamed = true;
              io.stderr(line.endsWith('\n') ? line : `${line}\n`);
            },
    });
    const onAbort = (): void => void emulator.close();
    io.signal.addEventListener('abort', onAbort, { once: true });
    const output = streamedOutput(io, json);
    let invocation: Invocation;
    try {
      emulator.register(spec, { concurrency: 1, ...(isolation ? { isolation } : {}) });
      invocation = await emulator.invoke(spec.name, { payload, signal: io.signal, responseStream: output.sink });
    } catch (error) {
      if (io.signal.aborted) throw new CancelledError();
      throw error;
    } finally {
      io.signal.removeEventListener('abort', onAbort);
      await emulator.close();
    }
    if (json) {
      io.stdout(`${JSON.stringify(jsonReport(invocation), null, 2)}\n`);
    } else {
      if (!streamed) io.stderr(invocation.logs.endsWith('\n') || invocation.logs === '' ? invocation.logs : `${invocation.logs}\n`);
      const text = invocation.payload.toString('utf8');
      if (!output.end()) io.stdout(text.endsWith('\n') ? text : `${text}\n`);
      // stdout holds the streamed bytes alone; an error that cut the stream short goes to stderr.
      else if (invocation.functionError) io.stderr(text.endsWith('\n') ? text : `${text}\n`);
    }
    if (endpoint) await persistLogs(spec.name, persisted, endpoint, io);
    return invocation.functionError ? 1 : 0;
  },
};

/**
 * Where a streaming function's response goes: stdout, chunk by chunk as the function writes it
 * (decoded as UTF-8 across chunk boundaries), or nowhere with --json (the report carries it).
 * Passing a sink also gives the invoke the streamed response limit (200 MB) rather than 6 MB.
 */
function streamedOutput(io: CliIo, json: boolean): { sink: ResponseStreamSink; end(): boolean } {
  const decoder = new StringDecoder('utf8');
  let began = false;
  return {
    sink: {
      begin: () => void (began = true),
      chunk: (data) => {
        if (json) return;
        const text = decoder.write(data);
        if (text) io.stdout(text);
      },
    },
    /** Writes what the decoder still holds; true when the function streamed. */
    end: () => {
      if (began && !json) {
        const rest = decoder.end();
        if (rest) io.stdout(rest);
      }
      return began;
    },
  };
}

function jsonReport(invocation: Invocation): Record<string, unknown> {
  let result: unknown = null;
  const text = invocation.payload.toString('utf8');
  if (!invocation.functionError) {
    // A streamed response is text of its own content type, never parsed as the JSON result.
    if (invocation.streamContentType !== undefined) result = text;
    else {
      try {
        result = JSON.parse(text);
      } catch {
        result = text;
      }
    }
  }
  const report: Record<string, unknown> = {
    requestId: invocation.requestId,
    result,
    error: invocation.functionError ? (invocation.error ?? JSON.parse(text)) : null,
    logs: invocation.logs,
    durationMs: invocation.durationMs,
    initDurationMs: invocation.initDurationMs ?? null,
  };
  if (invocation.streamContentType !== undefined) report.streamContentType = invocation.streamContentType;
  return report;
}

/** The function to run: from the project (by name) or from the flags, with flags overriding. */
async function resolveFunction(args: ParsedArgs, io: CliIo): Promise<{ spec: FunctionSpec; isolation?: Isolation }> {
  if (args.positionals.length > 1) throw new UserError(`expected one function name, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
  const name = args.positionals[0];
  const handlerFlag = stringFlag(args, 'handler');
  const runtimeFlag = stringFlag(args, 'runtime');
  if (runtimeFlag !== undefined && !(supportedRuntimes as readonly string[]).includes(runtimeFlag)) {
    throw new UserError(`unknown runtime "${runtimeFlag}" (use one of ${supportedRuntimes.join(', ')})`);
  }
  const codeDirFlag = stringFlag(args, 'code-dir');
  const environment = { ...(await readEnvFile(stringFlag(args, 'env-file'), io)), ...envFlags(keyValueListFlag(args, 'env')) };
  let spec: FunctionSpec;
  let isolation: Isolation | undefined;
  if (name !== undefined) {
    const found = await findProjectFunction(name, io, discoverOptionsFrom(args, io), 'or use --handler');
    // A placeholder the user replaces with --env or --env-file needs no explaining.
    printDiagnostics(io, found.diagnostics.filter((d) => !Object.keys(environment).some((key) => isAboutVariable(d.message, key))), io.cwd);
    spec = found.spec;
    isolation = found.runOptions?.isolation;
  } else {
    if (handlerFlag === undefined) throw new UserError('give a function name or --handler <file.export>');
    spec = {
      name: 'local',
      provider: 'aws',
      runtime: '',
      codeDir: io.cwd,
      handler: '',
      timeout: lambdaDefaults.timeout,
      memorySize: lambdaDefaults.memorySize,
      environment: {},
      events: [],
    };
  }
  if (codeDirFlag !== undefined) spec.codeDir = path.resolve(io.cwd, codeDirFlag);
  if (!existsSync(spec.codeDir) || !statSync(spec.codeDir).isDirectory()) throw new UserError(`code folder not found: ${spec.codeDir}`);
  let extension: string | undefined;
  if (handlerFlag !== undefined) {
    if (handlerFlag.trim() === '') throw new UserError('--handler must not be empty');
    ({ handler: spec.handler, extension } = normalizeHandler(handlerFlag));
  }
  spec.runtime = runtimeFlag ?? (spec.runtime || guessRuntime(spec.codeDir, spec.handler, extension));
  const family = runtimeFamily(spec.runtime);
  if (!family) {
    throw new UserError(`function "${spec.name}" has runtime ${spec.runtime}, which cannot run locally (nodejs*.x, python3.*, provided*; or give --runtime)`);
  }
  if (family !== 'provided' && !/^[^.].*\.[^.]+$/.test(spec.handler)) throw new UserError(`--handler must be <file>.<function>, e.g. index.handler, got "${spec.handler}"`);
  if (!findHandlerFile(spec.codeDir, spec.handler, family)) {
    const tried = handlerFileCandidates(spec.codeDir, spec.handler, family).map((f) => path.relative(io.cwd, f) || f);
    throw new UserError(`handler file not found for ${family === 'provided' ? 'the provided runtime' : `"${spec.handler}"`}: tried ${tried.join(', ')}`);
  }
  spec.timeout = numberFlag(args, 'timeout', { min: 1, max: 900, integer: true }) ?? spec.timeout;
  spec.memorySize = numberFlag(args, 'memory', { min: 128, max: 10240, integer: true }) ?? spec.memorySize;
  spec.environment = { ...spec.environment, ...environment };
  return { spec, isolation };
}

/** SAM and serverless.yml discovery explain an environment value they could not resolve as `Environment variable NAME of …`. */
function isAboutVariable(message: string, name: string): boolean {
  return message.startsWith(`Environment variable ${name} `);
}

async function readEvent(source: string | undefined, io: CliIo): Promise<Buffer> {
  if (source === undefined) return Buffer.from('{}');
  let bytes: Buffer;
  const label = source === '-' ? 'the event on stdin' : `event file ${source}`;
  try {
    bytes = source === '-' ? await readAll(io.stdin) : await readFile(path.resolve(io.cwd, source));
  } catch (error) {
    throw new UserError(`cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') return Buffer.from('{}');
  try {
    JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UserError(`${label} is not JSON: ${(error as Error).message}`);
  }
  return bytes;
}

async function readEnvFile(file: string | undefined, io: CliIo): Promise<Record<string, string>> {
  if (file === undefined) return {};
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new UserError(`cannot read env file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return parseDotenv(text);
  } catch (error) {
    throw new UserError(`env file ${file}: ${(error as Error).message}`);
  }
}

function envFlags(env: Record<string, string>): Record<string, string> {
  for (const key of Object.keys(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new UserError(`--env name "${key}" is not a valid variable name`);
  }
  return env;
}

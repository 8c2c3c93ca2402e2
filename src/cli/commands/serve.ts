import * as path from 'node:path';
import { describeRoute } from '../../core/emulator/apiGateway';
import { describeFunctionUrl } from '../../core/emulator/functionUrls';
import type { LocalServer, ReloadSummary } from '../../core/emulator/localServer';
import { startLocalServer } from '../../core/emulator/localServer';
import { defaultCloudStateDir } from '../../core/cloud/stateDir';
import { describeSource } from '../../core/project/discover';
import type { Isolation } from '../../core/emulator/types';
import { booleanFlag, choiceFlag, keyValueListFlag, numberFlag, stringFlag } from '../args';
import type { CliCommand, CliIo } from '../command';
import { discoverOptionsFrom, discoveryFlags, discoveryHelp, printDiagnostics, shownPath } from '../projectFunctions';
import { createEmulator } from '../realEmulator';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve the project locally: the Lambda API (a local cloud), CloudWatch Logs, an API Gateway and function URLs',
  usage: 'swb serve [--port 3001] [--api-port 3000] [--url-port 3002] [--host 127.0.0.1] [--dir .] [--concurrency N] [--prewarm N] [options]',
  help: [
    'Serves every function of the project until Ctrl+C: those of serverless-workbench.json, AWS SAM',
    'templates (template.yaml/.yml/.json) and serverless.yml, in the folder and its sub-folders.',
    'Edits to those files (and new ones in the folder) are applied as they are saved; a file that',
    'cannot be read keeps its previous functions running. Problems are printed as file:line: message.',
    'The Invoke API works with the AWS SDKs and CLI (--endpoint-url). SAM Api / HttpApi events and',
    'serverless.yml http / httpApi events become routes of the API Gateway (REST payload 1.0 /',
    'HTTP API payload 2.0). Each function URL (SAM FunctionUrlConfig, serverless.yml url, the manifest\'s',
    'url) is served at the root of a port of its own, from --url-port up (AWS_IAM is not enforced).',
    'It is also the local cloud: on the same port it answers the Lambda control plane (swb deploy',
    '--provider local, or aws lambda create-function --endpoint-url …) and the CloudWatch Logs API',
    'over every invocation\'s logs (swb logs, aws logs filter-log-events --endpoint-url …).',
    '',
    'Options:',
    '  --port PORT             Lambda Invoke API port (default 3001; 0 picks a free one)',
    '  --api-port PORT         API Gateway port (default 3000; 0 picks a free one)',
    '  --url-port PORT         first function URL port (default 3002; each URL takes the next free one;',
    '                          0 picks free ones)',
    '  --host HOST             address to listen on (default 127.0.0.1)',
    '  --dir DIR               the project folder (default: the current folder)',
    '  --concurrency N         environments per function at once, for functions that set none (default 1)',
    '  --prewarm N             environments started per function before the first request (default 0)',
    '  --isolation process|thread|inline  Node.js functions that set none run in child processes',
    '                          (default, like Lambda), worker threads (faster, less isolated) or inline',
    "                          on serve's own event loop (fastest, least isolated: docs/performance.md)",
    '  --runtime-path R=PATH   run runtime R with this interpreter (repeatable)',
    '  --pass-credentials      pass AWS_ACCESS_KEY_ID/SECRET/SESSION_TOKEN to the functions',
    '  --state-dir DIR         where deployed functions and logs are kept (default: the user cache)',
    '  --update-delay-ms MS    how long a create/update stays Pending/InProgress (default 100)',
    '  --log-max-mb MB         logs kept per function before the oldest go (default 64)',
    '  --log-max-age-days D    logs older than this go (default 30)',
    '  --fault-throttle-every N  answer every Nth control-plane call with 429 (for testing retries)',
    '  --fault-drop-every N    drop every Nth control-plane connection (for testing retries)',
    ...discoveryHelp,
    '',
    'Exit status: 0 stopped with Ctrl+C, 2 bad input (no project files, a port in use, a bad flag).',
  ],
  flags: {
    port: { type: 'string' },
    'api-port': { type: 'string' },
    'url-port': { type: 'string' },
    host: { type: 'string' },
    dir: { type: 'string' },
    concurrency: { type: 'string' },
    prewarm: { type: 'string' },
    isolation: { type: 'string' },
    'runtime-path': { type: 'string', multiple: true },
    'pass-credentials': { type: 'boolean' },
    'state-dir': { type: 'string' },
    'update-delay-ms': { type: 'string' },
    'log-max-mb': { type: 'string' },
    'log-max-age-days': { type: 'string' },
    'fault-throttle-every': { type: 'string' },
    'fault-drop-every': { type: 'string' },
    ...discoveryFlags,
  },
  async run(args, io) {
    const port = numberFlag(args, 'port', { min: 0, max: 65535, integer: true }) ?? 3001;
    const apiPort = numberFlag(args, 'api-port', { min: 0, max: 65535, integer: true }) ?? 3000;
    const urlPort = numberFlag(args, 'url-port', { min: 0, max: 65535, integer: true });
    const concurrency = numberFlag(args, 'concurrency', { min: 1, max: 1000, integer: true });
    const prewarm = numberFlag(args, 'prewarm', { min: 0, max: 1000, integer: true });
    const runtimePaths = keyValueListFlag(args, 'runtime-path', 'RUNTIME=PATH');
    const isolation = choiceFlag<Isolation>(args, 'isolation', ['process', 'thread', 'inline']);
    const discover = discoverOptionsFrom(args, io);
    const dir = path.resolve(io.cwd, stringFlag(args, 'dir') ?? '.');
    const stateFlag = stringFlag(args, 'state-dir');
    const stateDir = stateFlag ? path.resolve(io.cwd, stateFlag) : defaultCloudStateDir(io.env);
    const delay = numberFlag(args, 'update-delay-ms', { min: 0, max: 600_000, integer: true });
    const logMaxMb = numberFlag(args, 'log-max-mb', { min: 1, max: 100_000 });
    const logMaxAgeDays = numberFlag(args, 'log-max-age-days', { min: 0.001, max: 3650 });
    const throttleEvery = numberFlag(args, 'fault-throttle-every', { min: 1, max: 1_000_000, integer: true });
    const dropEvery = numberFlag(args, 'fault-drop-every', { min: 1, max: 1_000_000, integer: true });
    if (io.signal.aborted) return 130;

    const server = await startLocalServer({
      dir,
      host: stringFlag(args, 'host') ?? '127.0.0.1',
      port,
      apiPort,
      urlPort,
      concurrency,
      prewarm,
      discover,
      createEmulator,
      logs: {
        stateDir: path.join(stateDir, 'logs'),
        retention: {
          ...(logMaxMb !== undefined ? { maxBytesPerGroup: Math.round(logMaxMb * 1024 * 1024) } : {}),
          ...(logMaxAgeDays !== undefined ? { maxAgeMs: Math.round(logMaxAgeDays * 86_400_000) } : {}),
        },
      },
      cloud: {
        stateDir,
        ...(delay !== undefined ? { delays: { createMs: delay, updateMs: delay } } : {}),
        ...(throttleEvery || dropEvery ? { faults: { throttleEvery, dropEvery } } : {}),
        onWarning: (message) => io.stderr(`swb serve: warning: ${message}\n`),
      },
      emulatorOptions: {
        ...(isolation ? { isolation } : {}),
        runtimePaths,
        passCredentials: booleanFlag(args, 'pass-credentials'),
        onLog: ({ functionName, line }) => io.stderr(`[${functionName}] ${line.endsWith('\n') ? line : `${line}\n`}`),
        onWarning: (message) => io.stderr(`swb serve: warning: ${message}\n`),
      },
      onReload: (summary) => printReload(io, server, summary),
      onRequest: ({ method, path: url, status, functionName, durationMs }) =>
        io.stdout(`${method} ${url} ${status}${functionName ? ` → ${functionName}` : ''} (${durationMs.toFixed(0)} ms)\n`),
      onInvocation: (invocation, type) =>
        io.stdout(`invoke ${invocation.functionName}${type === 'Event' ? ' (Event)' : ''} ${invocation.functionError ? 'failed' : 'ok'} (${invocation.durationMs.toFixed(0)} ms${invocation.coldStart ? ', cold start' : ''})\n`),
      onBackgroundError: (functionName, error) => io.stderr(`swb serve: ${functionName} (Event): ${error instanceof Error ? error.message : String(error)}\n`),
    });
    printDiagnostics(io, server.diagnostics(), server.dir);
    printBanner(io, server);
    await untilAborted(io.signal);
    io.stdout('Stopping…\n');
    await server.close();
    return 0;
  },
};

function printBanner(io: CliIo, server: LocalServer): void {
  const functions = server.functions();
  const routes = server.routes();
  const lines = [
    `Serving ${functions.length} function${functions.length === 1 ? '' : 's'} from ${server.dir}`,
    `  Lambda API         ${server.invokeUrl}   (Invoke, deploy: swb deploy --provider local; CloudWatch Logs: swb logs)`,
    `  API Gateway        ${server.apiUrl}`,
    '',
  ];
  if (functions.length) {
    const nameWidth = Math.max(...functions.map((f) => f.name.length));
    const runtimeWidth = Math.max(...functions.map((f) => f.runtime.length));
    const handlerWidth = Math.max(...functions.map((f) => f.handler.length));
    lines.push('Functions:');
    for (const f of functions) {
      lines.push(`  ${f.name.padEnd(nameWidth)}  ${f.runtime.padEnd(runtimeWidth)}  ${f.handler.padEnd(handlerWidth)}  ${describeSource(f, server.dir)}`);
    }
    lines.push('');
  }
  if (routes.length) {
    lines.push('Routes:');
    for (const route of routes) {
      const url = route.path === '$default' ? `${server.apiUrl}/*` : `${server.apiUrl}${route.path}`;
      lines.push(`  ${describeRoute(route)}  ${url}`);
    }
    lines.push('');
  }
  const urls = server.functionUrls();
  if (urls.length) {
    const nameWidth = Math.max(...urls.map((u) => u.functionName.length));
    lines.push('Function URLs:');
    for (const entry of urls) lines.push(`  ${describeFunctionUrl(entry, nameWidth)}`);
    lines.push('');
  }
  const example = functions[0]?.name ?? '<function>';
  lines.push(`Invoke: aws lambda invoke --endpoint-url ${server.invokeUrl} --function-name ${example} out.json`);
  lines.push(`Watching ${watchedFiles(server)} for changes. Press Ctrl+C to stop.`, '');
  io.stdout(lines.join('\n'));
}

function watchedFiles(server: LocalServer): string {
  const files = server.files().map((file) => shownPath(file, server.dir));
  if (files.length > 4) return `${files.length} project files`;
  return files.join(', ');
}

function printReload(io: CliIo, server: LocalServer, summary: ReloadSummary): void {
  printDiagnostics(io, summary.diagnostics, server.dir);
  for (const file of summary.keptFiles) {
    io.stdout(`${shownPath(file, server.dir)} changed but cannot be used; still serving its previous functions\n`);
  }
  const parts = [
    summary.added.length ? `added ${summary.added.join(', ')}` : '',
    summary.changed.length ? `updated ${summary.changed.join(', ')}` : '',
    summary.removed.length ? `removed ${summary.removed.join(', ')}` : '',
  ].filter(Boolean);
  if (summary.kept && parts.length === 0) return;
  io.stdout(`Reloaded: ${parts.length ? parts.join('; ') : 'no changes'}; ${server.functions().length} function(s), ${server.routes().length} route(s)\n`);
  for (const entry of summary.urlsAdded) io.stdout(`Function URL added: ${describeFunctionUrl(entry)}\n`);
  for (const entry of summary.urlsRemoved) io.stdout(`Function URL removed: ${entry.functionName}  ${entry.url}\n`);
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { formatDiagnostic } from '../../core/project/diagnostics';
import { discoverFunctions } from '../../core/project/discover';
import type { FunctionSpec } from '../../core/project/functionSpec';
import { formatBytes } from '../../core/package/limits';
import { describeBasicExecutionRole } from '../../core/providers/aws/executionRole';
import type { DeployResult, ExecutionRole, Provider } from '../../core/providers/types';
import { booleanFlag, stringFlag } from '../args';
import type { CliCommand, CliIo } from '../command';
import { providerFlags, providerFromFlags, providerHelp } from '../providerOptions';

export const deployCommand: CliCommand = {
  name: 'deploy',
  summary: 'Deploy a function to the local cloud or AWS Lambda (code and configuration)',
  usage: 'swb deploy <function> [--provider aws|local] [--profile P] [--region R] [--endpoint-url URL] [--role ARN | --create-role] [--publish] [--alias NAME]',
  help: [
    'Packages the function (as `swb package` does) and creates it, or updates its code and configuration',
    '(runtime, handler, memory, timeout, environment, architectures, description). Code whose CodeSha256',
    'matches the deployed one is not uploaded again. The deployed name is the function\'s functionName',
    '(SAM FunctionName) when declared, else its name. API Gateway routes, event source mappings and',
    'stacks are not deployed (see docs/deploy.md). A function URL the function declares (SAM FunctionUrlConfig,',
    'serverless.yml url, the manifest\'s url) is created or updated, public ones with the permissions AWS requires.',
    '<function> is looked up in the project files of the current folder (serverless-workbench.json, template.yaml, serverless.yml).',
    '',
    'Options:',
    ...providerHelp,
    '  --role ARN              execution role for a new function (required on AWS; the local cloud needs none)',
    '  --create-role           without --role, for a new function on AWS: use the IAM role',
    '                          serverless-workbench-lambda-basic, creating it when missing (only Lambda can',
    '                          assume it; its only policy, AWSLambdaBasicExecutionRole, lets it write its logs)',
    '  --publish               publish a version after the update',
    '  --alias NAME            publish, then create or move this alias to the new version',
    '  --minify                minify the Node.js bundle',
    '  --json                  print the result as JSON',
    '',
    'Exit status: 0 deployed, 1 the deploy failed (credentials, network, Lambda), 2 bad input.',
  ],
  flags: {
    ...providerFlags,
    role: { type: 'string' },
    'create-role': { type: 'boolean' },
    publish: { type: 'boolean' },
    alias: { type: 'string' },
    minify: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    if (args.positionals.length !== 1) throw new UserError(args.positionals.length ? `expected one function name, got ${args.positionals.length}: ${args.positionals.join(' ')}` : 'give the function to deploy');
    const spec = await findFunction(args.positionals[0], io);
    const alias = stringFlag(args, 'alias');
    if (alias !== undefined && !/^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/.test(alias)) throw new UserError(`--alias must be 1–128 letters, digits, - or _ and not a number, got "${alias}"`);
    const role = stringFlag(args, 'role');
    const provider = providerFromFlags(args, io, role ? { role } : {});
    const json = booleanFlag(args, 'json');
    try {
      const executionRole = !role && booleanFlag(args, 'create-role') ? await roleForNewFunction(provider, spec, io, json) : undefined;
      const result = await provider.deploy({
        spec,
        ...(executionRole ? { role: executionRole.arn } : {}),
        project: projectName(spec, io),
        publish: booleanFlag(args, 'publish'),
        ...(alias ? { alias } : {}),
        packageOptions: { minify: booleanFlag(args, 'minify') },
        onProgress: json ? undefined : (p) => io.stderr(`${p.message}\n`),
        signal: io.signal,
      });
      for (const warning of result.warnings) io.stderr(`swb deploy: warning: ${warning}\n`);
      io.stdout(json ? `${JSON.stringify({ ...result, ...(executionRole ? { executionRole } : {}) }, null, 2)}\n` : summary(spec, result, provider.location.label, executionRole));
      return 0;
    } finally {
      provider.dispose();
    }
  },
};

/**
 * `--create-role`: only a function that does not exist yet needs a role (an existing one keeps its
 * own), and only AWS checks it. Says what the role is before creating it.
 */
async function roleForNewFunction(provider: Provider, spec: FunctionSpec, io: CliIo, json: boolean): Promise<ExecutionRole | undefined> {
  const say = (line: string): void => {
    if (!json) io.stderr(`${line}\n`);
  };
  if (!provider.ensureExecutionRole) {
    say('--create-role: not needed here (the local cloud accepts any role)');
    return undefined;
  }
  if (await provider.getFunction(spec.functionName ?? spec.name, { signal: io.signal })) return undefined;
  say(describeBasicExecutionRole());
  return provider.ensureExecutionRole({ signal: io.signal, onProgress: say });
}

async function findFunction(name: string, io: CliIo): Promise<FunctionSpec> {
  const discovery = await discoverFunctions(io.cwd, { trusted: true });
  const spec = discovery.functions.find((f) => f.name === name);
  if (spec) return spec;
  const problems = discovery.diagnostics.filter((d) => d.severity === 'error' && d.message.includes(`"${name}"`));
  if (problems.length) throw new UserError(`function "${name}" has errors`, problems.map(formatDiagnostic).join('\n'));
  const known = discovery.functions.map((f) => f.name);
  throw new UserError(
    known.length ? `no function "${name}" in ${io.cwd} (functions: ${known.join(', ')})` : `no functions found in ${io.cwd} (looked for serverless-workbench.json, template.yaml, serverless.yml)`,
  );
}

/** The folder of the project file that declares the function: what the tree groups redeployable functions by. */
function projectName(spec: FunctionSpec, io: CliIo): string {
  return path.basename(spec.source ? path.dirname(spec.source.file) : io.cwd);
}

function summary(spec: FunctionSpec, result: DeployResult, where: string, executionRole: ExecutionRole | undefined): string {
  const code = result.created ? `created (${formatBytes(result.codeSize)})` : result.codeUpdated ? `updated (${formatBytes(result.codeSize)})` : 'unchanged';
  const lines = [
    `Deployed ${spec.name}${result.functionName === spec.name ? '' : ` as ${result.functionName}`} to ${where}`,
    `  ARN            ${result.arn}`,
    `  code           ${code}`,
  ];
  if (executionRole) lines.push(`  role           ${executionRole.arn} (${executionRole.created ? 'created' : 'existing'})`);
  if (!result.created) lines.push(`  configuration  ${result.configChanges.length ? `updated: ${result.configChanges.join(', ')}` : 'unchanged'}`);
  if (result.version) lines.push(`  version        ${result.version}${result.alias ? ` (alias ${result.alias})` : ''}`);
  lines.push(`  CodeSha256     ${result.codeSha256}`, `  took           ${(result.durationMs / 1000).toFixed(1)} s`);
  if (result.functionUrl) lines.push(`Function URL: ${result.functionUrl}`);
  lines.push('');
  return lines.join('\n');
}

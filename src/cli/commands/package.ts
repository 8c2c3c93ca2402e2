import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import type { FunctionSpec } from '../../core/project/functionSpec';
import { lambdaDefaults } from '../../core/project/functionSpec';
import { formatBytes } from '../../core/package/limits';
import { packageFunction } from '../../core/package/packageFunction';
import { booleanFlag, stringFlag, stringListFlag } from '../args';
import type { CliCommand, CliIo, ParsedArgs } from '../command';
import { discoverOptionsFrom, discoveryFlags, discoveryHelp, findProjectFunction, printDiagnostics } from '../projectFunctions';

export const packageCommand: CliCommand = {
  name: 'package',
  summary: 'Build the deployment zip of a function (bundle, vendor, zip, CodeSha256)',
  usage: 'swb package [<function>] [--out FILE] [--minify] [--sourcemap] [--code-dir DIR --handler H --runtime R] [options]',
  help: [
    'Builds the zip a deploy would upload and prints its path, size and CodeSha256 (base64 SHA-256,',
    'as Lambda reports it). The same sources always give the same bytes.',
    '<function> is a function of the project in the current folder (and its sub-folders): a SAM logical',
    'ID, a serverless.yml functions: key or a serverless-workbench.json key. Without it, give --handler',
    'and --runtime (the folder is --code-dir, else the current one). Flags override the project.',
    '',
    'Options:',
    '  --out FILE              where to write the zip; default .swb/package/<function>.zip',
    "  --code-dir DIR          the code folder; default: the function's (SAM CodeUri, the service folder…)",
    '  --handler FILE.EXPORT   Lambda handler, e.g. handlers/orders.create',
    '  --runtime RUNTIME       e.g. nodejs20.x, python3.12, provided.al2023',
    '  --minify                minify the Node.js bundle',
    '  --sourcemap             add a source map (set NODE_OPTIONS=--enable-source-maps on the function)',
    '  --no-bundle             Node.js: zip the folder with production node_modules instead of bundling',
    '  --bundle-aws-sdk        Node.js: bundle @aws-sdk/* too (the runtime already provides SDK v3)',
    '  --cross-platform        Python: ask pip for manylinux wheels matching Lambda',
    '  --include GLOB          package only matching files (with a bundle: extra files to add); repeatable',
    '  --exclude GLOB          leave out matching files; !GLOB brings one back; repeatable',
    '  --json                  print {"path","size","unzippedSize","codeSha256","files","warnings"}',
    ...discoveryHelp,
    '',
    'Exit status: 0 the zip was written, 1 packaging failed unexpectedly, 2 bad input.',
  ],
  flags: {
    out: { type: 'string', short: 'o' },
    'code-dir': { type: 'string' },
    handler: { type: 'string' },
    runtime: { type: 'string' },
    minify: { type: 'boolean' },
    sourcemap: { type: 'boolean' },
    'no-bundle': { type: 'boolean' },
    'bundle-aws-sdk': { type: 'boolean' },
    'cross-platform': { type: 'boolean' },
    include: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    ...discoveryFlags,
  },
  async run(args, io) {
    const spec = await resolveFunction(args, io);
    const out = path.resolve(io.cwd, stringFlag(args, 'out') ?? path.join('.swb', 'package', `${spec.name}.zip`));
    const result = await packageFunction(spec, {
      minify: booleanFlag(args, 'minify'),
      sourcemap: booleanFlag(args, 'sourcemap'),
      bundle: !booleanFlag(args, 'no-bundle'),
      bundleAwsSdk: booleanFlag(args, 'bundle-aws-sdk'),
      crossPlatform: booleanFlag(args, 'cross-platform'),
      include: stringListFlag(args, 'include'),
      exclude: stringListFlag(args, 'exclude'),
      // A previous zip written into the code folder must not end up inside the next one.
      ignorePaths: [out],
      signal: io.signal,
    });
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, result.zip);
    for (const warning of result.warnings) io.stderr(`swb package: warning: ${warning}\n`);
    if (booleanFlag(args, 'json')) {
      const { size, unzippedSize, sha256, files, warnings } = result;
      io.stdout(`${JSON.stringify({ path: out, size, unzippedSize, codeSha256: sha256, files, warnings }, null, 2)}\n`);
      return 0;
    }
    const count = `${result.files.length} file${result.files.length === 1 ? '' : 's'}`;
    io.stdout(
      [
        out,
        `  function    ${spec.name} (${spec.runtime}), ${result.method}`,
        `  size        ${formatBytes(result.size)} (${result.size} bytes; unzipped ${formatBytes(result.unzippedSize)}, ${count})`,
        `  CodeSha256  ${result.sha256}`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};

/** From the manifest by name, or from the flags; flags override the manifest. */
async function resolveFunction(args: ParsedArgs, io: CliIo): Promise<FunctionSpec> {
  if (args.positionals.length > 1) throw new UserError(`expected one function name, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
  const name = args.positionals[0];
  const handler = stringFlag(args, 'handler');
  const runtime = stringFlag(args, 'runtime');
  const codeDir = stringFlag(args, 'code-dir');
  let spec: FunctionSpec;
  if (name !== undefined) {
    const found = await findProjectFunction(name, io, discoverOptionsFrom(args, io), 'or use --code-dir, --handler and --runtime');
    printDiagnostics(io, found.diagnostics, io.cwd);
    spec = { ...found.spec };
  } else {
    if (runtime === undefined) throw new UserError('give a function name, or --runtime (and --handler) to package a folder');
    if (handler === undefined && !runtime.startsWith('provided')) throw new UserError('give --handler <file.export>, e.g. index.handler');
    const base = path.basename(path.resolve(io.cwd, codeDir ?? '.'));
    spec = {
      name: /^[A-Za-z0-9_-]{1,64}$/.test(base) ? base : 'function',
      provider: 'aws',
      runtime,
      codeDir: io.cwd,
      handler: handler ?? '',
      timeout: lambdaDefaults.timeout,
      memorySize: lambdaDefaults.memorySize,
      environment: {},
      events: [],
    };
  }
  if (handler !== undefined) spec.handler = handler;
  if (runtime !== undefined) spec.runtime = runtime;
  if (codeDir !== undefined) spec.codeDir = path.resolve(io.cwd, codeDir);
  if (!existsSync(spec.codeDir) || !statSync(spec.codeDir).isDirectory()) throw new UserError(`code folder not found: ${spec.codeDir}`);
  return spec;
}

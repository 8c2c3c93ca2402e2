// Finds (and, when missing, installs from Debian) the independent AWS clients that
// test/clients/ drives `swb serve` with: the AWS CLI v2 and boto3. PyPI is not needed: Debian's
// `awscli` (v2) and `python3-boto3` are enough. Idempotent; run directly or import
// `ensureClients()`. See README, "Independent clients".
//
// SWB_AWS_CLI / SWB_PYTHON pick the CLI / the python3 to use. Other `aws` and boto3 pythons on
// PATH (e.g. a pip install with a newer botocore) are reported as extras, which the tests drive
// too: that is where operations newer than Debian's clients (StartLiveTail) get exercised.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const DEBIAN_AWS = '/usr/bin/aws';
const DEBIAN_PYTHON = '/usr/bin/python3';

/** The clients found, installing Debian's packages (as root, with apt-get) for what is missing. */
export function ensureClients({ log = (line) => console.log(line) } = {}) {
  const apt = { updated: false };
  let found = findClients();
  if (!found.aws) {
    aptInstall(apt, 'awscli', 'AWS CLI v2 not found');
    log('[setup-clients] installed awscli (Debian)');
    found = findClients();
    if (!found.aws) throw new Error(`AWS CLI v2 still not found after installing awscli (${describeAws(DEBIAN_AWS)})`);
  }
  if (!found.python) {
    aptInstall(apt, 'python3-boto3', 'no python3 that can import boto3');
    log('[setup-clients] installed python3-boto3 (Debian)');
    found = findClients();
    if (!found.python) throw new Error('boto3 still not importable after installing python3-boto3');
  }
  log(`[setup-clients] aws: ${found.aws.path} (${found.aws.version})`);
  log(`[setup-clients] boto3: ${found.python.path} (boto3 ${found.python.boto3}, botocore ${found.python.botocore})`);
  for (const extra of found.extraAws) log(`[setup-clients] also aws: ${extra.path} (${extra.version})`);
  for (const extra of found.extraPythons) log(`[setup-clients] also boto3: ${extra.path} (boto3 ${extra.boto3}, botocore ${extra.botocore})`);
  return found;
}

/**
 * What is on this machine, installing nothing: `aws` is the first AWS CLI v2 of SWB_AWS_CLI,
 * Debian's, PATH's; `python` the first python3 of SWB_PYTHON, Debian's, PATH's that imports boto3.
 */
export function findClients() {
  const awsCandidates = unique([process.env.SWB_AWS_CLI, DEBIAN_AWS, ...onPath('aws')]);
  const awsFound = awsCandidates.map(awsCli).filter(Boolean);
  const aws = awsFound.find((cli) => cli.major >= 2);
  const pythonCandidates = unique([process.env.SWB_PYTHON, DEBIAN_PYTHON, ...onPath('python3')]);
  const pythons = pythonCandidates.map(boto3Python).filter(Boolean);
  const python = pythons[0];
  return {
    aws,
    python,
    extraAws: distinctBy(awsFound.filter((cli) => cli !== aws), aws, (cli) => cli.version),
    extraPythons: distinctBy(pythons.filter((p) => p !== python), python, (p) => p.botocore),
  };
}

/** Environment for running a client without the machine's AWS config, profile or pager leaking in. */
export function isolatedAwsEnv(configFile, credentialsFile, base = process.env) {
  const env = {};
  for (const [key, value] of Object.entries(base)) if (!key.startsWith('AWS_')) env[key] = value;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
  };
}

function awsCli(path) {
  const version = describeAws(path);
  const match = /^aws-cli\/(\d+)\.\S+/.exec(version ?? '');
  return match ? { path, version: match[0], major: Number(match[1]) } : undefined;
}

function describeAws(path) {
  if (!path || !existsSync(path)) return undefined;
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', env: { ...process.env, AWS_PAGER: '' }, timeout: 30_000 });
  if (result.status !== 0) return undefined;
  return `${result.stdout}${result.stderr}`.trim();
}

function boto3Python(path) {
  if (!path || !existsSync(path)) return undefined;
  const result = spawnSync(path, ['-c', 'import boto3, botocore; print(boto3.__version__, botocore.__version__)'], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) return undefined;
  const [boto3, botocore] = result.stdout.trim().split(' ');
  return { path, boto3, botocore };
}

function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name));
}

/** Paths that are not the same file (pyenv shims and symlinks collapse to one). */
function unique(paths) {
  const seen = new Set();
  const out = [];
  for (const path of paths) {
    if (!path || !existsSync(path)) continue;
    const real = realpathSync(path);
    if (seen.has(real)) continue;
    seen.add(real);
    out.push(path);
  }
  return out;
}

/** Extras that differ from the primary client and from each other by `key` (same version twice adds nothing). */
function distinctBy(extras, primary, key) {
  const seen = new Set(primary ? [key(primary)] : []);
  return extras.filter((extra) => {
    if (seen.has(key(extra))) return false;
    seen.add(key(extra));
    return true;
  });
}

function aptInstall(apt, name, why) {
  if (process.getuid?.() !== 0 || !hasCommand('apt-get')) {
    throw new Error(`${why}: install Debian's ${name} (apt-get install -y ${name}) — apt-get as root is not available here`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!apt.updated) {
    run('apt-get', ['update'], env);
    apt.updated = true;
  }
  run('apt-get', ['install', '-y', name], env);
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function run(command, args, env) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    ensureClients();
  } catch (error) {
    console.error(`[setup-clients] ${error.message}`);
    process.exit(1);
  }
}

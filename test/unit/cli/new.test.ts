import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';

const workspace = mkdtempSync(join(tmpdir(), 'swb-cli-new-'));
after(() => rmSync(workspace, { recursive: true, force: true }));

async function run(args: string[], cwd = workspace) {
  const io = captureIo({ cwd });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

test('swb new writes the function, lists the files and how to invoke it; the hint works', async () => {
  const { code, out, err } = await run(['new', 'hello', '--provider', 'aws', '--runtime', 'nodejs20.x', '--trigger', 'http']);
  assert.equal(code, 0, err);
  assert.equal(
    out,
    [
      'Created function hello:',
      '  functions/hello/index.mjs',
      '  functions/hello/index.test.mjs',
      '  functions/hello/package.json',
      '  .events/hello/http.json',
      '  serverless-workbench.json',
      '',
      'Next:',
      '  swb invoke hello --event .events/hello/http.json',
      '  cd functions/hello && npm test',
      '',
    ].join('\n'),
  );
  // The printed invoke line, run as printed: the real emulator, the manifest entry, the sample event.
  const invoked = await run(['invoke', 'hello', '--event', '.events/hello/http.json']);
  assert.equal(invoked.code, 0, invoked.err);
  const response = JSON.parse(invoked.out) as { statusCode: number; body: string };
  assert.equal(response.statusCode, 200);
  assert.deepEqual(JSON.parse(response.body), { message: 'Hello, Serverless!' });
  assert.match(invoked.err, /^REPORT RequestId/m);
});

test('--dir writes into another folder and the hints say where to run them', async () => {
  mkdirSync(join(workspace, 'app'));
  const { code, out, err } = await run(['new', 'worker', '--runtime', 'python3.12', '--trigger', 'sqs', '--dir', 'app']);
  assert.equal(code, 0, err);
  assert.ok(existsSync(join(workspace, 'app', 'functions', 'worker', 'app.py')));
  assert.match(out, /^ {2}app\/functions\/worker\/app\.py$/m);
  assert.match(out, /^ {2}cd app && swb invoke worker --event \.events\/worker\/sqs\.json$/m);
  assert.match(out, /^ {2}cd app && cd functions\/worker && python3 -m unittest$/m);
});

test('unknown runtime, trigger or provider: one line listing the valid values, exit 2', async () => {
  const cases: [string[], string][] = [
    [['--runtime', 'java21', '--trigger', 'http'], 'swb new: unknown runtime "java21"; valid runtimes: nodejs20.x-ts, nodejs20.x, python3.12, python3.11'],
    [['--runtime', 'nodejs20.x', '--trigger', 'sns'], 'swb new: unknown trigger "sns"; valid triggers: http, s3, sqs, schedule, dynamodb'],
    [['--runtime', 'nodejs20.x', '--trigger', 'http', '--provider', 'gcp'], 'swb new: Google Cloud Functions templates arrive with the Google Cloud provider; valid providers: aws'],
    [['--trigger', 'http'], 'swb new: missing --runtime; valid runtimes: nodejs20.x-ts, nodejs20.x, python3.12, python3.11'],
    [['--runtime', 'nodejs20.x'], 'swb new: missing --trigger; valid triggers: http, s3, sqs, schedule, dynamodb'],
  ];
  for (const [flags, message] of cases) {
    const { code, out, err } = await run(['new', 'other', ...flags]);
    assert.equal(code, 2, flags.join(' '));
    assert.equal(out, '');
    assert.equal(err.split('\n')[0], message);
  }
  const missingName = await run(['new', '--runtime', 'nodejs20.x', '--trigger', 'http']);
  assert.equal(missingName.code, 2);
  assert.match(missingName.err, /^swb new: missing <name>/);
  assert.equal(existsSync(join(workspace, 'functions', 'other')), false);
});

test('a taken name or a path in the name is refused, exit 2', async () => {
  const taken = await run(['new', 'hello', '--runtime', 'nodejs20.x-ts', '--trigger', 's3']);
  assert.equal(taken.code, 2);
  assert.match(taken.err, /^swb new: "hello" is already declared in this workspace/);
  const pathName = await run(['new', '../escape', '--runtime', 'nodejs20.x', '--trigger', 's3']);
  assert.equal(pathName.code, 2);
  assert.match(pathName.err, /^swb new: "\.\.\/escape" must not contain path separators/);
  assert.equal(existsSync(join(workspace, '..', 'escape')), false);
});

test('existing files need --force', async () => {
  mkdirSync(join(workspace, 'functions', 'nightly'), { recursive: true });
  writeFileSync(join(workspace, 'functions', 'nightly', 'app.py'), '# keep\n');
  const refused = await run(['new', 'nightly', '--runtime', 'python3.11', '--trigger', 'schedule']);
  assert.equal(refused.code, 2);
  assert.equal(refused.err.split('\n')[0], 'swb new: functions/nightly/app.py already exists; use --force to overwrite');
  assert.equal(readFileSync(join(workspace, 'functions', 'nightly', 'app.py'), 'utf8'), '# keep\n');

  const forced = await run(['new', 'nightly', '--runtime', 'python3.11', '--trigger', 'schedule', '--force']);
  assert.equal(forced.code, 0, forced.err);
  assert.match(readFileSync(join(workspace, 'functions', 'nightly', 'app.py'), 'utf8'), /def lambda_handler/);
});

test('swb --help lists new', async () => {
  const { out } = await run(['--help']);
  assert.match(out, /^ {2}new\s+Scaffold a function/m);
});

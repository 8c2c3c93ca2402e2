import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'invoke');
const nodeDir = join(fixtures, 'node');
const pythonDir = join(fixtures, 'python');
const projectDir = join(fixtures, 'project');

async function invoke(args: string[], options: { cwd?: string; stdin?: string } = {}) {
  const io = captureIo({ cwd: options.cwd ?? nodeDir, stdin: options.stdin });
  const code = await runCli(['invoke', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

/** Bad input: exit 2 and a one-line message (plus the usage line), never a stack. */
async function expectUserError(args: string[], message: RegExp, options: { cwd?: string; stdin?: string } = {}): Promise<void> {
  const { code, out, err } = await invoke(args, options);
  assert.equal(code, 2, `${args.join(' ')}: ${err}`);
  assert.equal(out, '');
  const [first] = err.split('\n');
  assert.match(first, /^swb invoke: /);
  assert.match(first, message);
  assert.doesNotMatch(err, /\bat .+:\d+:\d+/, 'no stack trace');
}

describe('swb invoke: bad input exits 2 with one line', () => {
  test('the event file: missing, not JSON, not JSON on stdin', async () => {
    await expectUserError(['--handler', 'index.handler', '--event', 'nope.json'], /cannot read event file nope\.json: ENOENT/);
    await expectUserError(['--handler', 'index.handler', '--event', join(fixtures, 'bad-event.json')], /event file .*bad-event\.json is not JSON: /);
    await expectUserError(['--handler', 'index.handler', '--event', '-'], /the event on stdin is not JSON/, { stdin: 'hello' });
  });

  test('an unknown runtime, a missing handler file, a missing code folder, a malformed handler', async () => {
    await expectUserError(['--handler', 'index.handler', '--runtime', 'nodejs16.x'], /unknown runtime "nodejs16\.x" \(use one of nodejs18\.x, /);
    await expectUserError(['--handler', 'missing.handler'], /handler file not found for "missing\.handler": tried missing\.js, missing\.mjs, missing\.cjs/);
    await expectUserError(['--handler', 'missing.handler', '--runtime', 'python3.12'], /tried missing\.py/);
    await expectUserError(['--handler', 'index.handler', '--code-dir', 'no/such/dir'], /code folder not found: .*no\/such\/dir/);
    await expectUserError(['--handler', 'index'], /--handler must be <file>\.<function>/);
    await expectUserError(['--handler', 'bootstrap', '--runtime', 'provided.al2023'], /handler file not found for the provided runtime: tried bootstrap/);
  });

  test('bad --env, --env-file, --runtime-path, --timeout and --memory', async () => {
    await expectUserError(['--handler', 'index.handler', '--env', 'NOEQUALS'], /--env needs KEY=VALUE, got "NOEQUALS"/);
    await expectUserError(['--handler', 'index.handler', '--env', '=x'], /--env needs KEY=VALUE/);
    await expectUserError(['--handler', 'index.handler', '--env', '1BAD=x'], /--env name "1BAD" is not a valid variable name/);
    await expectUserError(['--handler', 'index.handler', '--env-file', 'missing.env'], /cannot read env file missing\.env: ENOENT/);
    await expectUserError(['--handler', 'index.handler', '--env-file', join(fixtures, 'bad-event.json')], /env file .*: line 1: expected KEY=VALUE/);
    await expectUserError(['--handler', 'index.handler', '--runtime-path', 'node'], /--runtime-path needs RUNTIME=PATH/);
    await expectUserError(['--handler', 'index.handler', '--timeout', '0'], /--timeout must be at least 1, got 0/);
    await expectUserError(['--handler', 'index.handler', '--timeout', 'soon'], /--timeout must be a number, got "soon"/);
    await expectUserError(['--handler', 'index.handler', '--memory', '64'], /--memory must be at least 128, got 64/);
  });

  test('neither a function nor --handler; unknown, broken and absent manifest functions', async () => {
    await expectUserError([], /give a function name or --handler <file\.export>/);
    await expectUserError(['a', 'b'], /expected one function name, got 2: a b/);
    await expectUserError(['ghost'], /no function "ghost" in .*invoke\/project \(functions: hello, py\)$/, { cwd: projectDir });
    const broken = await invoke(['broken'], { cwd: projectDir });
    assert.equal(broken.code, 2);
    assert.match(broken.err, /^swb invoke: function "broken" in serverless-workbench\.json has errors\n/);
    assert.match(broken.err, /serverless-workbench\.json:\d+: error: function "broken": unknown key "timout" \(did you mean "timeout"\?\)/);
    await expectUserError(
      ['hello'],
      /no project files in .* to look up function "hello" \(looked for serverless-workbench\.json, template\.yaml\/\.yml\/\.json, serverless\.yml\/\.yaml\/\.json; or use --handler\)$/,
      { cwd: pythonDir },
    );
  });

  test('--help describes the flags and exit codes', async () => {
    const { code, out } = await invoke(['--help']);
    assert.equal(code, 0);
    assert.match(out, /^Usage: swb invoke /);
    for (const flag of ['--handler', '--code-dir', '--runtime', '--event', '--timeout', '--memory', '--env ', '--env-file', '--runtime-path', '--pass-credentials', '--json', '--stage', '--parameter']) {
      assert.ok(out.includes(flag), flag);
    }
    assert.match(out, /SAM\s+logical ID/);
    assert.match(out, /serverless\.yml/);
    assert.match(out, /Exit status: 0 .* 1 .* 2 /);
  });
});

describe('swb invoke through the real emulator (child processes)', () => {
  test('a Node handler: result on stdout, START/END/REPORT and console output on stderr, exit 0', async () => {
    const { code, out, err } = await invoke(['--handler', 'index.handler', '--event', join(fixtures, 'event.json'), '--memory', '512']);
    assert.equal(code, 0, err);
    const result = JSON.parse(out);
    assert.deepEqual(result.event, { name: 'Ada', list: [1, 2, 3] });
    assert.equal(String(result.memory), '512');
    assert.match(err, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
    assert.match(err, /\tINFO\thandling \{"name":"Ada","list":\[1,2,3\]\}$/m);
    assert.match(err, /^END RequestId: /m);
    assert.match(err, /^REPORT RequestId: .*\tMemory Size: 512 MB\t/m);
    assert.doesNotMatch(out, /START RequestId/, 'logs stay off stdout');
  });

  test('a function error: exit 1, the error in AWS shape on stdout', async () => {
    const { code, out } = await invoke(['--handler', 'index.handler', '--event', '-'], { stdin: '{"fail":"please"}' });
    assert.equal(code, 1);
    const error = JSON.parse(out);
    assert.equal(error.errorType, 'TypeError');
    assert.equal(error.errorMessage, 'asked to fail: please');
    assert.ok(Array.isArray(error.trace));
  });

  test('--json prints one object with requestId, result, error, logs and durations', async () => {
    const ok = await invoke(['--handler', 'index.handler', '--json']);
    assert.equal(ok.code, 0);
    const report = JSON.parse(ok.out);
    assert.deepEqual(Object.keys(report), ['requestId', 'result', 'error', 'logs', 'durationMs', 'initDurationMs']);
    assert.match(report.requestId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(report.result.event, {});
    assert.equal(report.error, null);
    assert.match(report.logs, new RegExp(`^START RequestId: ${report.requestId}`));
    assert.equal(typeof report.durationMs, 'number');
    assert.equal(typeof report.initDurationMs, 'number', 'a fresh environment is a cold start');
    assert.equal(ok.err, '', 'in --json mode the logs are only in the object');
    const failed = await invoke(['--handler', 'index.handler', '--json', '--event', '-'], { stdin: '{"fail":1}' });
    assert.equal(failed.code, 1);
    const failure = JSON.parse(failed.out);
    assert.equal(failure.result, null);
    assert.equal(failure.error.errorType, 'TypeError');
  });

  test('environment: --env wins over --env-file (dotenv, quotes)', async () => {
    const { code, out } = await invoke(['--handler', 'index.handler', '--env-file', join(fixtures, 'vars.env'), '--env', 'GREETING=from-flag']);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out).env, { GREETING: 'from-flag', FROM_FILE: 'file-value', QUOTED: 'two words' });
  });

  test('a .py handler picks a Python runtime', async () => {
    const { code, out, err } = await invoke(['--handler', 'app.handler', '--event', '-', '--env', 'GREETING=hi'], { cwd: pythonDir, stdin: '{"n":1}' });
    assert.equal(code, 0, err);
    assert.deepEqual(JSON.parse(out), { event: { n: 1 }, greeting: 'hi', memory: '128' });
    assert.match(err, /python handling \{'n': 1\}/);
    const failed = await invoke(['--handler', 'app.handler', '--event', '-'], { cwd: pythonDir, stdin: '{"fail":"x"}' });
    assert.equal(failed.code, 1);
    assert.equal(JSON.parse(failed.out).errorType, 'ValueError');
  });

  test('<function> runs the manifest entry; flags override it', async () => {
    const { code, out, err } = await invoke(['hello', '--env', 'QUOTED=q'], { cwd: projectDir });
    assert.equal(code, 0, err);
    const result = JSON.parse(out);
    assert.equal(result.functionName, 'hello');
    assert.equal(String(result.memory), '256');
    assert.deepEqual(result.env, { GREETING: 'from-manifest', QUOTED: 'q' });
  });
});

describe('swb invoke <name> through project discovery (real emulator, child processes)', () => {
  const discoveryDir = join(__dirname, '..', '..', 'fixtures', 'discovery-cli');
  const samNode = join(discoveryDir, 'sam-hello-world');
  const samPython = join(discoveryDir, 'sam-python');
  const serverless = join(discoveryDir, 'serverless-http');
  const malformed = join(discoveryDir, 'malformed-workspace');

  test('a SAM logical ID runs the sam init Hello World project with its Api event', async () => {
    const { code, out, err } = await invoke(['HelloWorldFunction', '--event', 'events/event.json'], { cwd: samNode });
    assert.equal(code, 0, err);
    const result = JSON.parse(out);
    assert.equal(result.statusCode, 200);
    assert.deepEqual(JSON.parse(result.body), { message: 'hello world' });
    assert.match(err, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
    assert.match(err, /^REPORT RequestId: .*\tMemory Size: 128 MB\t/m);
    assert.doesNotMatch(err, /(error|warning): /, 'a sam init project has no problems to report');
  });

  test('SAM Globals environment merges with the function\'s; --env-file, --env, --parameter, --memory and --timeout override', async () => {
    const plain = await invoke(['HelloWorldFunction', '--event', 'events/event.json'], { cwd: samPython });
    assert.equal(plain.code, 0, plain.err);
    const body = JSON.parse(JSON.parse(plain.out).body);
    assert.equal(body.path, '/hello');
    assert.deepEqual(body.env, { GREETING: 'hello from Globals', STAGE: 'dev', LOG_LEVEL: 'DEBUG', TABLE_NAME: 'sam-python-OrdersTable' });
    assert.equal(body.memory, '256', 'MemorySize from Globals');
    assert.ok(body.remainingMs <= 3000, `Timeout 3 from Globals (remaining ${body.remainingMs} ms)`);
    assert.match(
      plain.err,
      /^template\.yaml:\d+: warning: Environment variable TABLE_NAME of HelloWorldFunction: !Ref OrdersTable .* set to "sam-python-OrdersTable" locally$/m,
      'the placeholder is explained on stderr, with the file relative to the current folder',
    );

    const overridden = await invoke(
      ['HelloWorldFunction', '--env-file', 'local.env', '--env', 'LOG_LEVEL=WARN', '--parameter', 'Stage=prod', '--memory', '512', '--timeout', '60'],
      { cwd: samPython },
    );
    assert.equal(overridden.code, 0, overridden.err);
    const result = JSON.parse(JSON.parse(overridden.out).body);
    assert.deepEqual(result.env, { GREETING: 'hello from Globals', STAGE: 'prod', LOG_LEVEL: 'WARN', TABLE_NAME: 'orders-local', EXTRA: 'from the env file' });
    assert.equal(result.memory, '512');
    assert.ok(result.remainingMs > 3000, `--timeout 60 wins over Globals (remaining ${result.remainingMs} ms)`);
    assert.doesNotMatch(overridden.err, /TABLE_NAME/, 'no warning about a placeholder the env file replaces');
  });

  test('a serverless.yml key runs the function with provider.environment; --stage feeds ${opt:stage}', async () => {
    const dev = await invoke(['hello'], { cwd: serverless });
    assert.equal(dev.code, 0, dev.err);
    assert.deepEqual(JSON.parse(JSON.parse(dev.out).body), { message: 'hello from dev!', stage: 'greeter-dev' });
    assert.match(dev.err, /^REPORT RequestId: .*\tMemory Size: 1024 MB\t/m, "the framework's default memory");
    const prod = await invoke(['hello', '--stage', 'prod'], { cwd: serverless });
    assert.equal(prod.code, 0, prod.err);
    assert.deepEqual(JSON.parse(JSON.parse(prod.out).body), { message: 'hello from prod!', stage: 'greeter-prod' });
  });

  test('a malformed template is reported with file:line on stderr and a function from elsewhere still runs', async () => {
    const { code, out, err } = await invoke(['greet', '--event', '-'], { cwd: malformed, stdin: '{"name":"Ada"}' });
    assert.equal(code, 0, err);
    assert.deepEqual(JSON.parse(JSON.parse(out).body), { greeting: 'hi', name: 'Ada' });
    assert.equal(err.split('\n')[0], 'legacy/template.yaml:16:1: error: YAML syntax error: All mapping items must start at the same column');

    const legacy = await invoke(['LegacyFunction'], { cwd: malformed });
    assert.equal(legacy.code, 2);
    const lines = legacy.err.split('\n');
    assert.match(lines[0], /^swb invoke: no function "LegacyFunction" in .*malformed-workspace \(functions: greet\)$/);
    assert.equal(lines[1], 'legacy/template.yaml:16:1: error: YAML syntax error: All mapping items must start at the same column', 'why it may be missing');
  });

  test('an unknown name lists the discovered names; a duplicate name runs the first and reports the second', async () => {
    const unknown = await invoke(['Nope'], { cwd: discoveryDir });
    assert.equal(unknown.code, 2);
    assert.equal(unknown.out, '');
    assert.match(unknown.err.split('\n')[0], /^swb invoke: no function "Nope" in .*discovery-cli \(functions: greet, HelloWorldFunction, hello\)$/);

    const duplicate = await invoke(['HelloWorldFunction'], { cwd: discoveryDir });
    assert.equal(duplicate.code, 0, duplicate.err);
    assert.deepEqual(JSON.parse(JSON.parse(duplicate.out).body), { message: 'hello world' }, 'the shallowest, alphabetically first declaration (Node.js) runs');
    assert.match(
      duplicate.err,
      /^sam-python\/template\.yaml:\d+: error: Function name "HelloWorldFunction" is declared twice: in .*sam-hello-world\/template\.yaml:14 and in .*sam-python\/template\.yaml:\d+; only the first is used/m,
    );
    assert.match(duplicate.err, /^malformed-workspace\/legacy\/template\.yaml:16:1: error: YAML syntax error/m);
    assert.doesNotMatch(duplicate.err, /warning: Environment variable TABLE_NAME/, "warnings of other files are not this function's business");
  });

  test('a function whose runtime cannot run locally is a one-line error', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-invoke-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      join(dir, 'template.yaml'),
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  JavaFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: example.Handler::handleRequest\n      Runtime: java21\n      CodeUri: .\n',
    );
    await expectUserError(['JavaFunction'], /function "JavaFunction" has runtime java21, which cannot run locally/, { cwd: dir });
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';

const root = join(__dirname, '..', '..', '..');

test('--help prints usage and exits 0', async () => {
  const io = captureIo();
  assert.equal(await runCli(['--help'], io), 0);
  assert.match(io.out(), /^Usage: swb <command>/);
  assert.equal(io.err(), '');
});

test('--version prints the version', async () => {
  const io = captureIo();
  assert.equal(await runCli(['--version'], io), 0);
  assert.match(io.out(), /^\d+\.\d+\.\d+/);
});

test('an unknown command is a one-line error plus usage, exit 2', async () => {
  const io = captureIo();
  assert.equal(await runCli(['frobnicate'], io), 2);
  const [first, second] = io.err().split('\n');
  assert.equal(first, 'swb: unknown command "frobnicate"');
  assert.equal(second, '');
  assert.match(io.err(), /Usage: swb <command>/);
});

test('an unknown top-level flag is a one-line error plus usage, exit 2', async () => {
  const io = captureIo();
  assert.equal(await runCli(['--frobnicate'], io), 2);
  assert.match(io.err(), /^swb: unknown flag --frobnicate\n/);
});

test('the bundled CLI has a node shebang, runs, and never prints a stack for user errors', () => {
  const cli = join(root, 'dist', 'cli.js');
  assert.ok(existsSync(cli), 'run `npm run build` first');
  assert.ok(statSync(cli).mode & 0o100, 'dist/cli.js is executable');
  const ok = spawnSync(cli, ['--version'], { encoding: 'utf8' });
  assert.equal(ok.status, 0);
  const bad = spawnSync(process.execPath, [cli, 'nope'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.doesNotMatch(bad.stderr, /\bat .+:\d+:\d+/, 'no stack trace');
});

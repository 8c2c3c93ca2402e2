import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { S3Event } from 'aws-lambda';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';

const workspace = mkdtempSync(join(tmpdir(), 'swb-cli-events-'));
after(() => rmSync(workspace, { recursive: true, force: true }));

async function run(args: string[], stdin?: string) {
  const io = captureIo({ cwd: workspace, stdin });
  const code = await runCli(['events', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

test('events list prints a table of name, provider and description', async () => {
  const { code, out, err } = await run(['list']);
  assert.equal(code, 0, err);
  const lines = out.trimEnd().split('\n');
  assert.match(lines[0], /^NAME\s+PROVIDER\s+DESCRIPTION$/);
  assert.ok(lines.some((l) => /^aws:s3-put\s+aws\s+S3 object created/.test(l)));
  assert.ok(lines.some((l) => /^azure:http\s+azure\s+/.test(l)));
  assert.ok(lines.length > 50);
});

test('events list --provider filters and --json gives parameters', async () => {
  const { code, out } = await run(['list', '--provider', 'gcp', '--json']);
  assert.equal(code, 0);
  const events = JSON.parse(out) as { name: string; provider: string; parameters: { name: string; type: string; default: string }[] }[];
  assert.ok(events.length >= 4);
  assert.ok(events.every((e) => e.provider === 'gcp'));
  const pubsub = events.find((e) => e.name === 'gcp:pubsub');
  assert.ok(pubsub?.parameters.some((p) => p.name === 'topic' && p.type === 'string' && p.default === 'orders'));
});

test('events list --provider with an unknown provider exits 2 with the valid ones', async () => {
  const { code, err, out } = await run(['list', '--provider', 'ibm']);
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.equal(err.split('\n')[0], 'swb events: unknown provider "ibm"; valid providers: aws, azure, gcp');
});

test('events generate aws:s3-put with params prints the event JSON', async () => {
  const { code, out, err } = await run(['generate', 'aws:s3-put', '--param', 'bucket=photos', '--param', 'key=cat.jpg']);
  assert.equal(code, 0, err);
  const event = JSON.parse(out) as S3Event;
  assert.equal(event.Records[0].s3.bucket.name, 'photos');
  assert.equal(event.Records[0].s3.object.key, 'cat.jpg');
  assert.ok(out.startsWith('{\n  "Records"'), 'pretty-printed');
});

test('events generate --out writes the file and prints nothing on stdout', async () => {
  const { code, out, err } = await run(['generate', 'aws:sqs', '-p', 'body=hi', '--out', 'out/sqs.json']);
  assert.equal(code, 0, err);
  assert.equal(out, '');
  assert.match(err, /Wrote out[/\\]sqs\.json/);
  const event = JSON.parse(readFileSync(join(workspace, 'out', 'sqs.json'), 'utf8')) as { Records: { body: string }[] };
  assert.equal(event.Records[0].body, 'hi');
});

test('an unknown event name exits 2 with one line listing the valid events', async () => {
  const { code, out, err } = await run(['generate', 'aws:nope']);
  assert.equal(code, 2);
  assert.equal(out, '');
  const first = err.split('\n')[0];
  assert.match(first, /^swb events: unknown event "aws:nope"; valid events: aws:apigateway-v1, .*aws:s3-put, /);
});

test('an unknown parameter exits 2 with one line listing the valid parameters', async () => {
  const { code, err } = await run(['generate', 'aws:s3-put', '--param', 'colour=red']);
  assert.equal(code, 2);
  assert.equal(err.split('\n')[0], 'swb events: unknown parameter "colour" for aws:s3-put; valid parameters: bucket, key, size, eTag, eventName, versionId, sourceIp, time, region, accountId');
});

test('a malformed --param and a flag of another subcommand exit 2', async () => {
  assert.equal((await run(['generate', 'aws:sqs', '--param', 'oops'])).code, 2);
  const misplaced = await run(['list', '--out', 'x.json']);
  assert.equal(misplaced.code, 2);
  assert.match(misplaced.err, /--out does not apply to "events list"/);
  const missing = await run(['generate']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /missing <event>/);
  assert.equal((await run(['frobnicate'])).code, 2);
  assert.equal((await run([])).code, 2);
});

test('events describe shows the parameters of one event', async () => {
  const { code, out } = await run(['describe', 'aws:sqs']);
  assert.equal(code, 0);
  assert.match(out, /^aws:sqs \(aws\): SQS message/);
  assert.match(out, /messageId\s+string\s+<a fresh UUID>/);
});

test('events save from stdin, from a file and from the catalogue; saved lists and prints them', async () => {
  const fromStdin = await run(['save', 'orders', 'piped', '--from', '-'], '{"a":1}');
  assert.equal(fromStdin.code, 0, fromStdin.err);
  assert.match(fromStdin.out, /Saved \.events[/\\]orders[/\\]piped\.json/);
  assert.deepEqual(JSON.parse(readFileSync(join(workspace, '.events', 'orders', 'piped.json'), 'utf8')), { a: 1 });

  writeFileSync(join(workspace, 'event.json'), '{"b":2}');
  assert.equal((await run(['save', 'orders', 'from-file', '--from', 'event.json'])).code, 0);

  const generated = await run(['save', 'orders', 'generated', '--event', 'aws:sqs', '--param', 'body=x']);
  assert.equal(generated.code, 0, generated.err);

  const listed = await run(['saved', 'orders']);
  assert.equal(listed.code, 0);
  assert.equal(listed.out, 'from-file\ngenerated\npiped\n');

  const shown = await run(['saved', 'orders', 'generated']);
  assert.equal((JSON.parse(shown.out) as { Records: { body: string }[] }).Records[0].body, 'x');

  const json = await run(['saved', 'orders', '--json']);
  assert.deepEqual((JSON.parse(json.out) as { name: string }[]).map((e) => e.name), ['from-file', 'generated', 'piped']);
});

test('events save refuses to overwrite without --force, and bad input exits 2', async () => {
  assert.equal((await run(['save', 'again', 'e', '--from', '-'], '{"v":1}')).code, 0);
  const again = await run(['save', 'again', 'e', '--from', '-'], '{"v":2}');
  assert.equal(again.code, 2);
  assert.match(again.err, /already exists/);
  assert.equal((await run(['save', 'again', 'e', '--from', '-', '--force'], '{"v":2}')).code, 0);
  assert.deepEqual(JSON.parse(readFileSync(join(workspace, '.events', 'again', 'e.json'), 'utf8')), { v: 2 });

  const badJson = await run(['save', 'again', 'f', '--from', '-'], '{nope');
  assert.equal(badJson.code, 2);
  assert.match(badJson.err.split('\n')[0], /^swb events: stdin: invalid JSON: /);
  const traversal = await run(['save', 'again', '../evil', '--from', '-'], '{}');
  assert.equal(traversal.code, 2);
  assert.equal(existsSync(join(workspace, '.events', 'evil.json')), false);
  assert.equal((await run(['save', 'again', 'g', '--from', 'missing.json'])).code, 2);
  assert.equal((await run(['saved', 'again', 'nope'])).code, 2);
});

test('events delete removes a saved event', async () => {
  await run(['save', 'gone', 'x', '--from', '-'], '{}');
  const deleted = await run(['delete', 'gone', 'x']);
  assert.equal(deleted.code, 0);
  assert.equal(existsSync(join(workspace, '.events', 'gone', 'x.json')), false);
  assert.equal((await run(['delete', 'gone', 'x'])).code, 2);
});

test('swb --help lists the events command', async () => {
  const io = captureIo();
  assert.equal(await runCli(['--help'], io), 0);
  assert.match(io.out(), /^\s+events\s+list, generate and save sample events/m);
});

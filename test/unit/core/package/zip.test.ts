import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { crc32 } from '../../../../src/core/package/crc32';
import { extractZip, readZip, writeZip } from '../../../../src/core/package/zip';
import { tempDir } from './fixtureTree';

const sample = [
  { path: 'src/index.js', data: 'exports.handler = async () => "ok";\n'.repeat(20) },
  { path: 'bootstrap', data: '#!/bin/sh\necho hi\n', mode: 0o755 },
  { path: 'data/empty.txt', data: '' },
  { path: 'data/secret.txt', data: 'only the owner could read this on disk', mode: 0o600 },
  { path: 'data/naïve.txt', data: 'utf-8 name' },
];

function python(script: string, args: string[] = [], input?: Buffer): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync('python3', ['-c', script, ...args], { input, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

test('crc32 matches the standard check value', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
});

test('writeZip is deterministic: input order does not change the bytes', () => {
  const a = writeZip(sample);
  const b = writeZip([...sample].reverse());
  assert.ok(a.equals(b));
  // Modes are normalised: 0600 and 0644 give the same bytes.
  const c = writeZip(sample.map((e) => (e.mode === 0o600 ? { ...e, mode: 0o644 } : e)));
  assert.ok(a.equals(c));
});

test('read/write round trip keeps paths, contents and executable bits', () => {
  const entries = readZip(writeZip(sample));
  assert.deepEqual(
    entries.map((e) => [e.path, e.type, e.mode.toString(8)]),
    [
      ['bootstrap', 'file', '755'],
      ['data/empty.txt', 'file', '644'],
      ['data/naïve.txt', 'file', '644'],
      ['data/secret.txt', 'file', '644'],
      ['src/index.js', 'file', '644'],
    ],
  );
  for (const input of sample) {
    assert.equal(entries.find((e) => e.path === input.path)?.data.toString(), input.data);
  }
});

test('extractZip restores files and modes on disk', async (t) => {
  const dir = tempDir(t);
  const written = await extractZip(writeZip(sample), path.join(dir, 'out'));
  assert.equal(written.length, sample.length);
  assert.equal(statSync(path.join(dir, 'out', 'bootstrap')).mode & 0o777, 0o755);
  assert.equal(statSync(path.join(dir, 'out', 'src', 'index.js')).mode & 0o777, 0o644);
  assert.equal(readFileSync(path.join(dir, 'out', 'data', 'naïve.txt'), 'utf8'), 'utf-8 name');
  const run = spawnSync(path.join(dir, 'out', 'bootstrap'), { encoding: 'utf8' });
  assert.equal(run.stdout, 'hi\n');
});

test("python's zipfile reads our zip: contents, CRCs, Unix modes and the fixed timestamp", () => {
  const zip = writeZip(sample);
  const result = python(
    `import sys, json, zipfile, io
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
assert z.testzip() is None
print(json.dumps([[i.filename, oct((i.external_attr >> 16) & 0o777), i.date_time, i.create_system, z.read(i).decode()] for i in z.infolist()]))`,
    [],
    zip,
  );
  assert.equal(result.status, 0, result.stderr);
  const listed = JSON.parse(result.stdout.toString()) as [string, string, number[], number, string][];
  assert.deepEqual(
    listed.map(([name, mode]) => [name, mode]),
    [
      ['bootstrap', '0o755'],
      ['data/empty.txt', '0o644'],
      ['data/naïve.txt', '0o644'],
      ['data/secret.txt', '0o644'],
      ['src/index.js', '0o644'],
    ],
  );
  for (const [, , dateTime, system] of listed) {
    assert.deepEqual(dateTime, [1980, 1, 1, 0, 0, 0]);
    assert.equal(system, 3, 'made by Unix');
  }
  assert.equal(listed.find(([name]) => name === 'src/index.js')?.[4], sample[0].data);
});

test("we read python's zipfile output, including streamed entries with data descriptors and folders", () => {
  // Writing to a pipe (not seekable) makes zipfile use data descriptors after each entry.
  const result = python(`import sys, zipfile
z = zipfile.ZipFile(sys.stdout.buffer, 'w', compression=zipfile.ZIP_DEFLATED)
info = zipfile.ZipInfo('bin/run.sh', (2024, 5, 6, 7, 8, 10)); info.external_attr = (0o100755 << 16); info.compress_type = zipfile.ZIP_DEFLATED
z.writestr(info, '#!/bin/sh\\necho run\\n' * 50)
z.writestr('lib/', '')
stored = zipfile.ZipInfo('lib/plain.txt'); stored.compress_type = zipfile.ZIP_STORED
z.writestr(stored, 'stored bytes')
with z.open('lib/streamed.bin', 'w') as f:
    f.write(bytes(range(256)) * 40)
z.close()`);
  assert.equal(result.status, 0, result.stderr);
  const zip = result.stdout;
  const flags = zip.readUInt16LE(6);
  assert.ok(flags & 0x08, 'python wrote a data descriptor');
  const entries = readZip(zip);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  assert.equal(byPath.get('bin/run.sh')?.mode, 0o755);
  assert.equal(byPath.get('bin/run.sh')?.data.toString(), '#!/bin/sh\necho run\n'.repeat(50));
  assert.equal(byPath.get('lib')?.type, 'directory');
  assert.equal(byPath.get('lib/plain.txt')?.data.toString(), 'stored bytes');
  assert.ok(byPath.get('lib/streamed.bin')?.data.equals(Buffer.from(Array.from({ length: 256 * 40 }, (_, i) => i % 256))));
});

test('the system unzip (or python -m zipfile when unzip is missing) validates and lists our zip', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'package.zip');
  writeFileSync(file, writeZip(sample));
  const hasUnzip = spawnSync('sh', ['-c', 'command -v unzip && command -v zipinfo']).status === 0;
  if (hasUnzip) {
    const tested = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    assert.equal(tested.status, 0, tested.stdout + tested.stderr);
    assert.match(tested.stdout, /No errors detected/);
    const info = spawnSync('zipinfo', [file], { encoding: 'utf8' });
    assert.equal(info.status, 0);
    assert.match(info.stdout, /^-rwxr-xr-x .* unx .* 80-Jan-01 00:00 bootstrap$/m);
    assert.match(info.stdout, /^-rw-r--r-- .* unx .* src\/index\.js$/m);
    const out = path.join(dir, 'unzipped');
    assert.equal(spawnSync('unzip', ['-q', file, '-d', out]).status, 0);
    assert.equal(statSync(path.join(out, 'bootstrap')).mode & 0o777, 0o755);
  } else {
    const tested = spawnSync('python3', ['-m', 'zipfile', '-t', file], { encoding: 'utf8' });
    assert.equal(tested.status, 0, tested.stderr);
    assert.match(tested.stdout, /Done testing/);
  }
});

test('zip slip: ".." and absolute entry paths are refused and nothing is written', async (t) => {
  for (const evil of ['../evil.txt', 'ok/../../evil.txt', '/tmp/evil.txt', '..\\evil.txt']) {
    const made = python(
      `import sys, zipfile
z = zipfile.ZipFile(sys.stdout.buffer, 'w')
z.writestr('fine.txt', 'fine')
z.writestr(zipfile.ZipInfo(sys.argv[1]), 'evil')
z.close()`,
      [evil],
    );
    assert.equal(made.status, 0, made.stderr);
    assert.throws(() => readZip(made.stdout), /unsafe zip entry .*zip slip/, evil);
    const dir = path.join(tempDir(t), 'target');
    await assert.rejects(extractZip(made.stdout, dir), /unsafe zip entry/);
    assert.ok(!existsSync(dir) || readdirSync(dir).length === 0, 'nothing extracted');
  }
  assert.throws(() => writeZip([{ path: '../x.txt', data: 'x' }]), /unsafe path/);
  assert.throws(() => writeZip([{ path: 'a.txt', data: 'x' }, { path: './a.txt', data: 'y' }]), /duplicate entry "a.txt"/);
});

test('symbolic links in an archive are not extracted', async (t) => {
  const made = python(`import sys, zipfile
z = zipfile.ZipFile(sys.stdout.buffer, 'w')
info = zipfile.ZipInfo('link'); info.create_system = 3; info.external_attr = (0o120777 << 16)
z.writestr(info, '/etc/passwd')
z.close()`);
  assert.equal(made.status, 0, made.stderr);
  assert.equal(readZip(made.stdout)[0].type, 'symlink');
  await assert.rejects(extractZip(made.stdout, tempDir(t)), /symbolic link/);
});

test('damaged, zip64 and non-zip input fail with a clear message', () => {
  const zip = writeZip(sample);
  assert.throws(() => readZip(Buffer.from('definitely not a zip file, just text')), /invalid zip: no end-of-central-directory record/);
  assert.throws(() => readZip(zip.subarray(0, zip.length - 30)), /invalid zip/);

  const zip64 = Buffer.from(zip);
  const end = zip64.length - 22;
  zip64.writeUInt16LE(0xffff, end + 8);
  zip64.writeUInt16LE(0xffff, end + 10);
  assert.throws(() => readZip(zip64), /zip64 archives are not supported/);

  // A size cap is checked from the headers, before anything is inflated (zip bombs).
  assert.throws(() => readZip(zip, { maxUnzippedSize: 100 }), /zip unpacks to \d+ bytes, over the limit of 100/);
  assert.equal(readZip(zip, { maxUnzippedSize: 10_000 }).length, sample.length);

  const corrupt = Buffer.from(writeZip([{ path: 'a.txt', data: 'abc' }]));
  corrupt[30 + 'a.txt'.length] ^= 0xff; // first data byte
  assert.throws(() => readZip(corrupt), /"a.txt" fails its CRC-32 check/);
});

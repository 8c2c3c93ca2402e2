import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifest } from '../../../../src/core/project/manifest';
import { addManifestFunction } from '../../../../src/core/scaffold/manifestEdit';
import type { ManifestEntry } from '../../../../src/core/scaffold/manifestEdit';

const entry: ManifestEntry = { runtime: 'nodejs20.x', codeDir: 'functions/hello', handler: 'index.handler', events: [{ type: 'httpApi', method: 'GET', path: '/hello' }] };

function add(text: string | undefined): string {
  const updated = addManifestFunction(text, 'serverless-workbench.json', 'hello', entry);
  const parsed = parseManifest(updated, '/ws/serverless-workbench.json');
  assert.deepEqual(parsed.diagnostics, [], updated);
  assert.ok(parsed.functions.some((f) => f.name === 'hello'));
  return updated;
}

test('creates the manifest when there is none', () => {
  const text = add(undefined);
  assert.equal(text, `${JSON.stringify({ functions: { hello: entry } }, null, 2)}\n`);
});

test('adds after the last function, keeping everything else byte for byte (4-space indent, one-line arrays, no final newline)', () => {
  const original = [
    '{',
    '    "$schema": "./schemas/serverless-workbench.schema.json",',
    '    "functions": {',
    '        "orders": { "runtime": "python3.12", "handler": "app.handler",',
    '                    "events": [{ "type": "http", "method": "POST", "path": "/orders" }] }',
    '    }',
    '}',
  ].join('\n');
  const text = add(original);
  const insertAt = original.indexOf('\n    }\n}');
  assert.equal(text.slice(0, insertAt), original.slice(0, insertAt));
  assert.ok(text.endsWith(original.slice(insertAt)));
  const inserted = text.slice(insertAt, text.length - (original.length - insertAt));
  assert.equal(
    inserted,
    [
      ',',
      '        "hello": {',
      '            "runtime": "nodejs20.x",',
      '            "codeDir": "functions/hello",',
      '            "handler": "index.handler",',
      '            "events": [',
      '                {',
      '                    "type": "httpApi",',
      '                    "method": "GET",',
      '                    "path": "/hello"',
      '                }',
      '            ]',
      '        }',
    ].join('\n'),
  );
});

test('follows tab indentation', () => {
  const text = add('{\n\t"functions": {\n\t\t"a": {"runtime": "nodejs20.x", "handler": "index.handler"}\n\t}\n}\n');
  assert.match(text, /\n\t\t"hello": \{\n\t\t\t"runtime": "nodejs20.x",\n/);
  assert.ok(text.endsWith('\t\t\t]\n\t\t}\n\t}\n}\n'));
});

test('stays on one line in a one-line manifest', () => {
  const text = add('{"functions":{"a":{"runtime":"nodejs20.x","handler":"index.handler"}}}');
  assert.equal(text, `{"functions":{"a":{"runtime":"nodejs20.x","handler":"index.handler"},"hello":${JSON.stringify(entry)}}}`);
});

test('fills an empty functions object and adds a missing one', () => {
  assert.equal(add('{\n  "functions": {}\n}\n'), `{\n  "functions": {\n    "hello": ${JSON.stringify(entry, null, 2).replace(/\n/g, '\n    ')}\n  }\n}\n`);
  const withSchema = add('{\n  "$schema": "x.json"\n}\n');
  assert.match(withSchema, /^\{\n {2}"\$schema": "x\.json",\n {2}"functions": \{\n {4}"hello": \{\n/);
});

test('keys with escaped quotes and braces inside strings do not confuse the scanner', () => {
  const text = add('{\n  "functions": {\n    "a": {"runtime": "nodejs20.x", "handler": "index.handler", "description": "a \\"}{\\" b"}\n  }\n}\n');
  assert.match(text, /"description": "a \\"\}\{\\" b"\},\n {4}"hello": \{/);
});

test('refuses a manifest that is not valid JSON or whose functions is not an object', () => {
  assert.throws(() => addManifestFunction('{\n  "functions": {\n}', 'serverless-workbench.json', 'hello', entry), {
    name: 'UserError',
    message: /^cannot add the function to serverless-workbench\.json: it is not valid JSON \(line 3\); fix it first$/,
  });
  assert.throws(() => addManifestFunction('{"functions": []}', 'serverless-workbench.json', 'hello', entry), { message: /its "functions" is not an object/ });
  assert.throws(() => addManifestFunction('[]', 'serverless-workbench.json', 'hello', entry), { message: /it is not a JSON object/ });
});

test('keeps Windows line endings', () => {
  const text = add('{\r\n  "functions": {\r\n    "a": { "runtime": "nodejs20.x", "handler": "index.handler" }\r\n  }\r\n}\r\n');
  assert.equal(text.replace(/\r\n/g, ''), text.replace(/\r\n/g, '').replace(/\n/g, ''), 'no bare \\n');
  assert.match(text, /\},\r\n {4}"hello": \{\r\n {6}"runtime"/);
});

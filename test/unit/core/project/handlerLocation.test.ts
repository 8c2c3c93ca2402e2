import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { findHandlerLine, handlerSourceCandidates, locateHandler, splitHandler } from '../../../../src/core/project/handlerLocation';

const fixtures = path.resolve(__dirname, '../../../fixtures/local-loop/handlers');

/** The 0-based line of the first line containing `marker`. */
function lineOf(text: string, marker: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(marker));
  assert.notEqual(line, -1, `marker ${marker} is in the text`);
  return line;
}

describe('splitHandler', () => {
  test('Node takes the module up to the first dot of the last segment', () => {
    assert.deepEqual(splitHandler('src/app.handler', 'node'), { modulePath: 'src/app', exportName: 'handler' });
    assert.deepEqual(splitHandler('index.nested.fn', 'node'), { modulePath: 'index', exportName: 'nested' });
    assert.equal(splitHandler('nohandler', 'node'), undefined);
  });

  test('Python takes a dotted module path', () => {
    assert.deepEqual(splitHandler('pkg.orders.create', 'python'), { modulePath: 'pkg/orders', exportName: 'create' });
    assert.equal(splitHandler('app.', 'python'), undefined);
  });
});

describe('handlerSourceCandidates', () => {
  test('TypeScript sources come before JavaScript ones', () => {
    const files = handlerSourceCandidates({ codeDir: '/code', handler: 'src/app.handler', runtime: 'nodejs20.x' }).map((f) => path.basename(f));
    assert.deepEqual(files, ['app.ts', 'app.mts', 'app.cts', 'app.js', 'app.mjs', 'app.cjs']);
  });

  test('a handler that climbs out of the code folder has no candidates', () => {
    assert.deepEqual(handlerSourceCandidates({ codeDir: '/code', handler: '../secret.handler', runtime: 'nodejs20.x' }), []);
  });

  test('an unknown runtime has no candidates', () => {
    assert.deepEqual(handlerSourceCandidates({ codeDir: '/code', handler: 'app.handler', runtime: 'java21' }), []);
  });
});

describe('locateHandler', () => {
  test('prefers app.ts over its compiled app.js, skipping a commented-out and a quoted declaration', async () => {
    const codeDir = path.join(fixtures, 'node-ts');
    const found = await locateHandler({ codeDir, handler: 'src/app.handler', runtime: 'nodejs20.x' });
    assert.equal(found?.file, path.join(codeDir, 'src', 'app.ts'));
    assert.equal(found?.line, 5);
  });

  test('finds an ES module .mjs handler declared with export async function', async () => {
    const codeDir = path.join(fixtures, 'node-js');
    const found = await locateHandler({ codeDir, handler: 'index.main', runtime: 'nodejs22.x' });
    assert.deepEqual(found, { file: path.join(codeDir, 'index.mjs'), line: 0 });
  });

  test('resolves a Python dotted module path and skips a docstring mention', async () => {
    const codeDir = path.join(fixtures, 'python');
    const found = await locateHandler({ codeDir, handler: 'pkg.orders.create', runtime: 'python3.12' });
    assert.deepEqual(found, { file: path.join(codeDir, 'pkg', 'orders.py'), line: 7 });
  });

  test('a provided runtime points at bootstrap, without a line', async () => {
    const codeDir = path.join(fixtures, 'provided');
    assert.deepEqual(await locateHandler({ codeDir, handler: 'anything', runtime: 'provided.al2023' }), { file: path.join(codeDir, 'bootstrap') });
  });

  test('the file without the export gives the file and no line', async () => {
    const codeDir = path.join(fixtures, 'node-js');
    assert.deepEqual(await locateHandler({ codeDir, handler: 'index.missing', runtime: 'nodejs20.x' }), { file: path.join(codeDir, 'index.mjs') });
  });

  test('a missing file is undefined', async () => {
    assert.equal(await locateHandler({ codeDir: fixtures, handler: 'nothing.handler', runtime: 'nodejs20.x' }), undefined);
  });
});

describe('findHandlerLine (Node)', () => {
  const cases: [string, string, string][] = [
    ['export const', 'import x from "y";\n\nexport const handler = async () => 1; // HERE\n', 'HERE'],
    ['export let with a type', 'export let handler: Handler = () => 1; // HERE\n', 'HERE'],
    ['export async function', '\nexport async function handler(event) { // HERE\n}\n', 'HERE'],
    ['export function with generics', 'export function handler<T>(event: T) { // HERE\n}\n', 'HERE'],
    ['exports.h =', '"use strict";\nexports.handler = async function (event) { // HERE\n};\n', 'HERE'],
    ['module.exports.h =', 'module.exports.handler = (e, c, cb) => cb(null, e); // HERE\n', 'HERE'],
    [
      'exports.h = a local function',
      'async function handler(event) { // HERE\n  return event;\n}\nexports.handler = handler;\n',
      'HERE',
    ],
    ['module.exports = { h }', 'const util = 1;\nconst handler = async () => util; // HERE\nmodule.exports = { other, handler };\n', 'HERE'],
    ['module.exports = { h: impl }', 'function impl(event) { // HERE\n}\nmodule.exports = {\n  handler: impl,\n};\n', 'HERE'],
    [
      'module.exports = { h: inline arrow }',
      'module.exports = {\n  helper: () => { const handler = 1; return handler; },\n  handler: async (event) => { // HERE\n    return event;\n  },\n};\n',
      'HERE',
    ],
    ['module.exports = { method shorthand }', 'module.exports = {\n  async handler(event) { // HERE\n    return event;\n  },\n};\n', 'HERE'],
    ['module.exports = { h } where the function is not declared here', 'const m = require("./m");\nmodule.exports = {\n  handler, // HERE\n};\n', 'HERE'],
    ['export { x as h }', 'const run = async (event) => event; // HERE\nexport { run as handler };\n', 'HERE'],
    ['export { h } re-exported from another module', 'export { handler } from "./impl"; // HERE\n', 'HERE'],
    ['export default', 'const x = 1;\nexport default async (event) => event; // HERE\n', 'HERE'],
  ];
  for (const [name, text, marker] of cases) {
    test(name, () => {
      const exportName = name === 'export default' ? 'default' : 'handler';
      assert.equal(findHandlerLine(text, exportName, 'node'), lineOf(text, marker));
    });
  }

  test('a value with the handler name in another export is not taken for it', () => {
    assert.equal(findHandlerLine('module.exports = { main: handler };\n', 'handler', 'node'), undefined);
  });

  test('a prefix of another name does not match', () => {
    assert.equal(findHandlerLine('export const handlerFactory = 1;\n', 'handler', 'node'), undefined);
  });

  test('names with $ are matched literally', () => {
    assert.equal(findHandlerLine('\nexport const $handler = 1;\n', '$handler', 'node'), 1);
  });

  test('a string or comment never counts', () => {
    const text = '/*\nexport const handler = 1;\n*/\nconst s = `exports.handler = ${1}`;\n';
    assert.equal(findHandlerLine(text, 'handler', 'node'), undefined);
  });
});

describe('findHandlerLine (Python)', () => {
  test('def at module level', () => {
    assert.equal(findHandlerLine('import json\n\n\ndef lambda_handler(event, context):\n    return 1\n', 'lambda_handler', 'python'), 3);
  });

  test('async def', () => {
    assert.equal(findHandlerLine('async def handler(event, context):\n    pass\n', 'handler', 'python'), 0);
  });

  test('a method of the same name in a class is not the handler when a module-level one exists', () => {
    const text = 'class A:\n    def handler(self):\n        pass\n\ndef handler(event, context):\n    pass\n';
    assert.equal(findHandlerLine(text, 'handler', 'python'), 4);
  });

  test('an assignment such as handler = Mangum(app)', () => {
    assert.equal(findHandlerLine('from mangum import Mangum\napp = make()\nhandler = Mangum(app)\n', 'handler', 'python'), 2);
  });

  test('a comment or a string never counts', () => {
    assert.equal(findHandlerLine('# def handler(event, context):\nx = "def handler("\n', 'handler', 'python'), undefined);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findFrames, framesOfError, resolveFrameFile, userFrames } from '../../../../src/extension/editor/stackFrames';

const only = (files: string[]) => (file: string) => files.includes(file);

test('Node frames: named calls, async and anonymous frames, with the location range for links', () => {
  const line = '    at async orderId (/work/app/src/handler.ts:12:5)';
  const [match] = findFrames(line);
  assert.deepEqual(match.frame, { file: '/work/app/src/handler.ts', line: 12, column: 5, functionName: 'orderId' });
  assert.equal(line.slice(match.start, match.end), '/work/app/src/handler.ts:12:5');

  const [bare] = findFrames('    at /work/app/index.js:3:1');
  assert.deepEqual(bare.frame, { file: '/work/app/index.js', line: 3, column: 1 });
  assert.deepEqual(findFrames('    at Object.<anonymous> (/work/app/index.js:7:9)')[0].frame.functionName, 'Object.<anonymous>');
  assert.deepEqual(findFrames('    at new Promise (<anonymous>)'), []);
});

test('ES module frames are file:// URLs, resolved (and percent-decoded) to paths', () => {
  const [match] = findFrames('    at handler (file:///work/my%20app/app.mjs:1:44)');
  assert.equal(match.frame.file, 'file:///work/my%20app/app.mjs');
  assert.equal(resolveFrameFile(match.frame.file), '/work/my app/app.mjs');
});

test('Python frames: formatted traceback strings, also JSON-escaped, and the syntax-error form', () => {
  const text = '  File "/work/orders/app.py", line 7, in lambda_handler\n    return helper(event)\n';
  const [match] = findFrames(text);
  assert.deepEqual(match.frame, { file: '/work/orders/app.py', line: 7, functionName: 'lambda_handler' });
  assert.equal(text.slice(match.start, match.end), '/work/orders/app.py", line 7');

  const json = '"stackTrace": ["  File \\"/work/orders/app.py\\", line 2, in helper\\n    return e[\\"x\\"]\\n"]';
  assert.deepEqual(findFrames(json)[0].frame, { file: '/work/orders/app.py', line: 2, functionName: 'helper' });
  assert.deepEqual(findFrames('  File "/work/orders/app.py" Line 4\n    def x(:')[0].frame, { file: '/work/orders/app.py', line: 4 });
});

test('several frames in one JSON log record stay apart and in order', () => {
  const record =
    '2024-01-01T00:00:00.000Z\tid\tERROR\tInvoke Error \t{"errorType":"TypeError","stack":["TypeError: x","    at inner (/w/a.ts:3:32)","    at /w/b.js:4:1","    at new Promise (<anonymous>)","    at handler (/w/a.ts:7:10)"]}';
  const frames = findFrames(record).map((m) => `${m.frame.file}:${m.frame.line}:${m.frame.functionName ?? ''}`);
  assert.deepEqual(frames, ['/w/a.ts:3:inner', '/w/b.js:4:', '/w/a.ts:7:handler']);
});

test('framesOfError reads Node trace, Python stackTrace strings and the older [file, line, fn, code] arrays', () => {
  const node = framesOfError({ errorType: 'TypeError', errorMessage: 'x', trace: ['TypeError: x', '    at handler (/w/index.js:2:3)'] });
  assert.deepEqual(node, [{ file: '/w/index.js', line: 2, column: 3, functionName: 'handler' }]);
  const python = framesOfError({ errorType: 'KeyError', errorMessage: "'a'", stackTrace: ['  File "/w/app.py", line 5, in lambda_handler\n    x\n'] });
  assert.deepEqual(python, [{ file: '/w/app.py', line: 5, functionName: 'lambda_handler' }]);
  const arrays = framesOfError({ errorType: 'Exception', errorMessage: 'x', stackTrace: [['/var/task/app.py', 3, 'lambda_handler', 'raise Exception()'], ['bad']] });
  assert.deepEqual(arrays, [{ file: '/var/task/app.py', line: 3, functionName: 'lambda_handler' }]);
  assert.deepEqual(framesOfError(undefined), []);
  assert.deepEqual(framesOfError({ errorType: 'string', errorMessage: 'x', trace: [] }), []);
});

test('resolveFrameFile: relative paths against the code folder; node: internals and <anonymous> are not files', () => {
  assert.equal(resolveFrameFile('src/app.ts', '/w/fn'), '/w/fn/src/app.ts');
  assert.equal(resolveFrameFile('src/app.ts'), undefined);
  assert.equal(resolveFrameFile('node:internal/process/task_queues', '/w'), undefined);
  assert.equal(resolveFrameFile('<anonymous>', '/w'), undefined);
  assert.equal(resolveFrameFile('/w/fn/../fn/app.ts'), '/w/fn/app.ts');
});

test('userFrames keeps existing files under the roots, drops runtime internals, node_modules, excluded folders and repeats', () => {
  const trace = [
    'TypeError: x',
    '    at inner (/w/fn/src/app.ts:3:32)',
    '    at handler (/w/fn/src/app.ts:11:14)',
    '    at inner (/w/fn/src/app.ts:3:32)',
    '    at /ext/runtimes/node/bootstrap.js:462:16',
    '    at lib (/w/fn/node_modules/lib/index.js:1:1)',
    '    at gone (/w/fn/src/deleted.ts:1:1)',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  ];
  const frames = userFrames(framesOfError({ errorType: 'TypeError', errorMessage: 'x', trace }), {
    roots: ['/w'],
    exclude: ['/w/ext'],
    exists: only(['/w/fn/src/app.ts', '/ext/runtimes/node/bootstrap.js', '/w/fn/node_modules/lib/index.js']),
  });
  assert.deepEqual(
    frames.map((f) => `${f.file}:${f.line}`),
    ['/w/fn/src/app.ts:3', '/w/fn/src/app.ts:11'],
  );
  const excluded = userFrames([{ file: '/w/ext/runtimes/bootstrap.js', line: 1 }], { roots: ['/w'], exclude: ['/w/ext'], exists: () => true });
  assert.deepEqual(excluded, []);
});

test("esbuild's compile-error location (relative to the code folder) resolves through baseDir", () => {
  const trace = ['Runtime.UserCodeSyntaxError: SyntaxError: Expected ";"', '    at src/app.ts:4:10', '    const x = ;'];
  const frames = userFrames(framesOfError({ errorType: 'Runtime.UserCodeSyntaxError', errorMessage: 'x', trace }), {
    roots: ['/w/fn'],
    baseDir: '/w/fn',
    exists: only(['/w/fn/src/app.ts']),
  });
  assert.deepEqual(frames, [{ file: '/w/fn/src/app.ts', line: 4, column: 10 }]);
});

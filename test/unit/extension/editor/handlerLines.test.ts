import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handlerLines } from '../../../../src/extension/editor/handlerLines';
import type { LocalFunction } from '../../../../src/extension/project/localFunction';

function fn(name: string, handler: string, handlerFile: string, handlerLine: number, runtime = 'nodejs20.x'): LocalFunction {
  return {
    spec: { name, provider: 'aws', runtime, codeDir: '/w/fn', handler, timeout: 3, memorySize: 128, environment: {}, events: [] },
    root: '/w',
    handlerFile,
    handlerLine,
  };
}

const source = ['import x from "x";', '', 'export const handler = async () => 1;', ''].join('\n');

test('functions are found by handler file, at their handler line', () => {
  const lines = handlerLines([fn('a', 'app.handler', '/w/fn/app.ts', 2), fn('other', 'other.handler', '/w/fn/other.ts', 0)], '/w/fn/app.ts', source);
  assert.deepEqual([...lines].map(([line, fns]) => [line, fns.map((f) => f.spec.name)]), [[2, ['a']]]);
  assert.equal(handlerLines([fn('a', 'app.handler', '/w/fn/app.ts', 2)], '/w/fn/elsewhere.ts', source).size, 0);
});

test('the line follows the declaration in unsaved text', () => {
  const edited = `// a comment added above\n// and another\n${source}`;
  const lines = handlerLines([fn('a', 'app.handler', '/w/fn/app.ts', 2)], '/w/fn/app.ts', edited);
  assert.deepEqual([...lines.keys()], [4]);
});

test('while the declaration is half typed the discovered line is kept, if the text still has it', () => {
  const broken = source.replace('export const handler', 'export const handl');
  assert.deepEqual([...handlerLines([fn('a', 'app.handler', '/w/fn/app.ts', 2)], '/w/fn/app.ts', broken).keys()], [2]);
  assert.equal(handlerLines([fn('a', 'app.handler', '/w/fn/app.ts', 9)], '/w/fn/app.ts', 'x').size, 0);
});

test('several functions sharing a handler file: grouped by line', () => {
  const text = ['def create(event, context):', '    pass', '', 'def list_all(event, context):', '    pass'].join('\n');
  const functions = [
    fn('create', 'app.create', '/w/fn/app.py', 0, 'python3.12'),
    fn('list', 'app.list_all', '/w/fn/app.py', 3, 'python3.12'),
    fn('createAgain', 'app.create', '/w/fn/app.py', 0, 'python3.12'),
  ];
  const lines = handlerLines(functions, '/w/fn/app.py', text);
  assert.deepEqual([...lines].map(([line, fns]) => [line, fns.map((f) => f.spec.name)]), [
    [0, ['create', 'createAgain']],
    [3, ['list']],
  ]);
});

test('functions without a located handler get nothing', () => {
  const noLine: LocalFunction = { ...fn('a', 'app.handler', '/w/fn/app.ts', 0), handlerLine: undefined };
  assert.equal(handlerLines([noLine], '/w/fn/app.ts', source).size, 0);
});

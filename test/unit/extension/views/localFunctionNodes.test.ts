import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Invocation } from '../../../../src/core/emulator/types';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';
import type { LocalFunction } from '../../../../src/extension/project/localFunction';
import type { LastResult } from '../../../../src/extension/run/lastResults';
import { groupLabel, localFunctionNodes } from '../../../../src/extension/views/localFunctionNodes';

const root = '/work/app';

function fn(name: string, source: FunctionSpec['source'], extra: Partial<LocalFunction> = {}): LocalFunction {
  return {
    root,
    spec: {
      name,
      provider: 'aws',
      runtime: 'nodejs20.x',
      codeDir: join(root, 'src'),
      handler: 'app.handler',
      timeout: 3,
      memorySize: 128,
      environment: {},
      events: [],
      source,
    },
    ...extra,
  };
}

function invocation(overrides: Partial<Invocation> = {}): Invocation {
  return {
    requestId: 'r',
    functionName: 'f',
    payload: Buffer.from('{}'),
    logs: '',
    durationMs: 12.3,
    billedDurationMs: 13,
    maxMemoryUsedMB: 40,
    coldStart: false,
    executedVersion: '$LATEST',
    ...overrides,
  };
}

const sam = { kind: 'sam' as const, file: join(root, 'api', 'template.yaml'), line: 5 };
const manifest = { kind: 'manifest' as const, file: join(root, 'serverless-workbench.json'), line: 3 };

describe('localFunctionNodes', () => {
  test('groups functions by the file that declares them, in discovery order', async () => {
    const nodes = localFunctionNodes([fn('A', sam), fn('M', manifest), fn('B', sam)], { lastResult: () => undefined });
    assert.deepEqual(
      nodes.map((n) => [n.label, n.description, n.expanded]),
      [
        ['api/template.yaml', 'AWS SAM', true],
        ['serverless-workbench.json', 'Serverless Workbench', true],
      ],
    );
    const children = await nodes[0].children?.();
    assert.deepEqual(children?.map((c) => c.label), ['A', 'B']);
  });

  test('a function node carries the function, its menus context and opens its handler on click', async () => {
    const a = fn('A', sam, { handlerFile: join(root, 'src', 'app.ts'), handlerLine: 4 });
    const [group] = localFunctionNodes([a], { lastResult: () => undefined });
    const [node] = (await group.children?.()) ?? [];
    assert.equal(node.fn, a);
    assert.equal(node.contextValue, 'localFunction');
    assert.equal(node.id, 'localFunction:A');
    assert.equal(node.description, 'nodejs20.x');
    assert.deepEqual(node.command, { command: 'serverlessWorkbench.openHandler', title: 'Open Handler', arguments: ['A'] });
    assert.match(node.tooltip ?? '', /Handler: app\.handler \(src\/app\.ts:5\)/);
    assert.match(node.tooltip ?? '', /Code: src/);
    assert.match(node.tooltip ?? '', /Declared in: api\/template\.yaml:5/);
  });

  test('the last result shows in the description and the tooltip', async () => {
    const results: Record<string, LastResult> = {
      ok: { functionName: 'ok', invocation: invocation(), input: '{}', eventName: 'get', finishedAt: 0 },
      bad: {
        functionName: 'bad',
        invocation: invocation({ functionError: 'Unhandled', error: { errorType: 'TypeError', errorMessage: 'x is undefined' } }),
        input: '{}',
        finishedAt: 0,
      },
    };
    const [group] = localFunctionNodes([fn('ok', sam), fn('bad', sam), fn('never', sam)], { lastResult: (name) => results[name] });
    const nodes = (await group.children?.()) ?? [];
    assert.deepEqual(
      nodes.map((n) => n.description),
      ['nodejs20.x · ✓ 12 ms', 'nodejs20.x · ✗ TypeError', 'nodejs20.x'],
    );
    assert.match(nodes[0].tooltip ?? '', /Last run: ✓ 12 ms with event "get"/);
    assert.match(nodes[1].tooltip ?? '', /Last run: ✗ TypeError with event \{\}/);
  });

  test('a handler file that was not found says so', async () => {
    const [group] = localFunctionNodes([fn('A', sam)], { lastResult: () => undefined });
    const [node] = (await group.children?.()) ?? [];
    assert.match(node.tooltip ?? '', /Handler: app\.handler \(file not found\)/);
  });

  test('no functions, no nodes (the view shows its welcome content)', () => {
    assert.deepEqual(localFunctionNodes([], { lastResult: () => undefined }), []);
  });
});

describe('groupLabel', () => {
  test('relative to the folder; with several folders, prefixed by the folder name', () => {
    assert.equal(groupLabel('/work/app/api/template.yaml', '/work/app'), 'api/template.yaml');
    assert.equal(groupLabel('/work/app/serverless.yml', '/work/app', true), 'app: serverless.yml');
  });
});

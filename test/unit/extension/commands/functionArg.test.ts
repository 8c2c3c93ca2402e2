import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserError } from '../../../../src/core/errors';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';
import { functionArg } from '../../../../src/extension/commands/functionArg';
import type { LocalFunction, LocalFunctions } from '../../../../src/extension/project/localFunction';
import type { PickItem, Ui } from '../../../../src/extension/ui';

function fn(name: string): LocalFunction {
  const spec: FunctionSpec = {
    name,
    provider: 'aws',
    runtime: 'python3.12',
    codeDir: '/w/src',
    handler: 'app.handler',
    timeout: 3,
    memorySize: 128,
    environment: {},
    events: [],
    source: { kind: 'manifest', file: '/w/serverless-workbench.json', line: 2 },
  };
  return { spec, root: '/w' };
}

/** Functions that appear after `appearAfterRefreshes` refreshes (discovery still running at first). */
function functions(all: LocalFunction[], appearAfterRefreshes = 0): LocalFunctions & { refreshes: number } {
  const model = {
    refreshes: 0,
    onDidChange: () => ({ dispose() {} }),
    list: () => (model.refreshes >= appearAfterRefreshes ? all : []),
    get: (name: string) => model.list().find((f) => f.spec.name === name),
    refresh: async () => {
      model.refreshes++;
    },
  };
  return model;
}

function scriptedUi(pickIndex: number, seen: PickItem<unknown>[][] = []): Ui {
  return {
    async pick<T>(items: PickItem<T>[]) {
      seen.push(items as PickItem<unknown>[]);
      return items[pickIndex].value;
    },
    input: () => Promise.reject(new Error('unexpected input')),
    confirm: () => Promise.reject(new Error('unexpected confirm')),
    info: () => Promise.resolve(undefined),
    error: () => Promise.resolve(undefined),
  };
}

describe('functionArg', () => {
  const a = fn('a');
  const b = fn('b');

  test('a name, a LocalFunction and a tree node all give the current function', async () => {
    const model = functions([a, b]);
    const ui = scriptedUi(0);
    assert.equal(await functionArg({ functions: model, ui }, 'b', 't'), b);
    assert.equal(await functionArg({ functions: model, ui }, { ...b }, 't'), b, 'looked up again by name');
    assert.equal(await functionArg({ functions: model, ui }, { label: 'b', fn: { ...b } }, 't'), b);
    assert.equal(model.refreshes, 0);
  });

  test('an unknown name refreshes once, then lists what exists', async () => {
    const model = functions([a, b]);
    await assert.rejects(functionArg({ functions: model, ui: scriptedUi(0) }, 'zzz', 't'), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal(error.message, 'no local function "zzz" in this workspace; found: a, b');
      return true;
    });
    assert.equal(model.refreshes, 1);
  });

  test('a name found only after discovery finishes', async () => {
    const model = functions([a], 1);
    assert.equal(await functionArg({ functions: model, ui: scriptedUi(0) }, 'a', 't'), a);
  });

  test('nothing given: the user picks among several', async () => {
    const seen: PickItem<unknown>[][] = [];
    const chosen = await functionArg({ functions: functions([a, b]), ui: scriptedUi(1, seen) }, undefined, 'Invoke Function');
    assert.equal(chosen, b);
    assert.deepEqual(seen[0].map((i) => [i.label, i.description]), [['a', 'python3.12'], ['b', 'python3.12']]);
    assert.match(seen[0][0].detail ?? '', /serverless-workbench\.json:2/);
  });

  test('nothing given and one function: no prompt', async () => {
    const seen: PickItem<unknown>[][] = [];
    assert.equal(await functionArg({ functions: functions([a]), ui: scriptedUi(0, seen) }, undefined, 't'), a);
    assert.equal(seen.length, 0);
  });

  test('nothing given and no functions: a one-line error', async () => {
    await assert.rejects(functionArg({ functions: functions([]), ui: scriptedUi(0) }, undefined, 't'), /no local functions in this workspace/);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handlerLensSpecs, UNTRUSTED_TITLE } from '../../../../src/extension/editor/handlerLensSpecs';

test('one function: Invoke | Debug | event | Tail, each command taking the function name', () => {
  const specs = handlerLensSpecs([{ name: 'hello', eventName: 'get-alice' }], { trusted: true, named: false });
  assert.deepEqual(
    specs.map((s) => [s.title, s.command, s.arguments]),
    [
      ['▶ Invoke', 'serverlessWorkbench.invokeFunction', ['hello']],
      ['⚙ Debug', 'serverlessWorkbench.debugFunction', ['hello']],
      ['get-alice ▾', 'serverlessWorkbench.pickEvent', ['hello']],
      ['$(pulse) Tail', 'serverlessWorkbench.tailLogs', ['hello']],
    ],
  );
  assert.match(specs[0].tooltip, /hello.*get-alice/);
});

test('while the function is tailed, the fourth lens stops the tail', () => {
  const [, , , tail] = handlerLensSpecs([{ name: 'hello', tailing: true }], { trusted: true, named: false });
  assert.deepEqual([tail.title, tail.command, tail.arguments], ['$(debug-stop) Stop tail', 'serverlessWorkbench.stopTail', ['hello']]);
});

test('no selected event reads "default event"', () => {
  assert.equal(handlerLensSpecs([{ name: 'hello' }], { trusted: true, named: false })[2].title, 'default event ▾');
});

test('several functions in one file: a group per function, led by its name', () => {
  const titles = handlerLensSpecs([{ name: 'create' }, { name: 'list', eventName: 'all' }], { trusted: true, named: true }).map((s) => s.title);
  assert.deepEqual(titles, ['create: ▶ Invoke', '⚙ Debug', 'default event ▾', '$(pulse) Tail', 'list: ▶ Invoke', '⚙ Debug', 'all ▾', '$(pulse) Tail']);
});

test('an untrusted workspace gets one lens that opens Workspace Trust, however many functions', () => {
  const specs = handlerLensSpecs([{ name: 'a' }, { name: 'b' }], { trusted: false, named: true });
  assert.equal(specs.length, 1);
  assert.equal(specs[0].title, UNTRUSTED_TITLE);
  assert.equal(specs[0].title, '$(shield) Invoke disabled: workspace not trusted');
  assert.equal(specs[0].command, 'workbench.trust.manage');
  assert.deepEqual(handlerLensSpecs([], { trusted: false, named: false }), []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mentions, routeConflicts, unusableFiles } from '../../../../src/core/emulator/reloadRules';
import type { WorkspaceDiscovery } from '../../../../src/core/project/discover';
import { fakeSpec } from '../../../helpers/fakeEmulator';

const sam = (name: string, file = '/p/template.yaml', events: { type: string; method: string; path: string }[] = []) =>
  fakeSpec(name, { source: { kind: 'sam', file, line: 3 }, events });

function found(partial: Partial<WorkspaceDiscovery>): WorkspaceDiscovery {
  return { functions: [], diagnostics: [], runOptions: {}, files: [], ...partial };
}

test('mentions() matches a name as a whole word only', () => {
  assert.equal(mentions('HelloFunction has no Handler', 'HelloFunction'), true);
  assert.equal(mentions('Timeout of HelloFunction must be…', 'HelloFunction'), true);
  assert.equal(mentions('function "hello-world": unknown key', 'hello-world'), true);
  assert.equal(mentions('!GetAtt HelloFunctionRole.Arn', 'HelloFunction'), false);
  assert.equal(mentions('a.b names', 'a.b'), true);
  assert.equal(mentions('axb names', 'a.b'), false, 'the name is matched literally, not as a pattern');
});

test('unusableFiles(): a file-level error keeps the functions; an error naming a function does not', () => {
  const before = [sam('HelloFunction'), sam('Other', '/p/api/template.yaml')];
  const yamlError = { file: '/p/template.yaml', line: 4, message: 'YAML syntax error: bad indentation', severity: 'error' as const };
  assert.deepEqual(unusableFiles(found({ files: ['/p/template.yaml'], diagnostics: [yamlError] }), before), ['/p/template.yaml']);

  const ownError = { file: '/p/template.yaml', line: 4, message: 'HelloFunction has no Handler', severity: 'error' as const };
  assert.deepEqual(unusableFiles(found({ files: ['/p/template.yaml'], diagnostics: [ownError] }), before), [], 'the broken function goes');

  const manifestError = { file: '/p/template.yaml', message: 'function "new": missing required key "handler"', severity: 'error' as const };
  assert.deepEqual(unusableFiles(found({ files: ['/p/template.yaml'], diagnostics: [manifestError] }), before), []);

  const warning = { ...yamlError, severity: 'warning' as const };
  assert.deepEqual(unusableFiles(found({ files: ['/p/template.yaml'], diagnostics: [warning] }), before), [], 'warnings never keep old functions');
  assert.deepEqual(unusableFiles(found({ files: [], diagnostics: [yamlError] }), before), [], 'a deleted file takes its functions with it');
  assert.deepEqual(
    unusableFiles(found({ files: ['/p/template.yaml'], functions: [sam('Fresh')], diagnostics: [yamlError] }), before),
    [],
    'a file that still yields functions is usable',
  );
});

test('routeConflicts() warns about a route declared in two files, not within one', () => {
  const get = { type: 'http', method: 'get', path: '/hello' };
  const conflicts = routeConflicts([sam('First', '/p/a/template.yaml', [get]), sam('Second', '/p/b/template.yaml', [{ ...get, method: 'GET' }]), sam('Third', '/p/a/template.yaml', [get])]);
  assert.equal(conflicts.length, 1);
  assert.equal(conflicts[0].file, '/p/b/template.yaml');
  assert.equal(conflicts[0].severity, 'warning');
  assert.match(conflicts[0].message, /^Second: route GET \/hello is also declared by First \(\/p\/a\/template\.yaml\); requests go to First$/);
});

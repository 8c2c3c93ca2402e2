import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { discoverFunctions } from '../../../../src/core/project/discover';
import { mergeDiscoveries, problemsByFile, type FolderDiscovery } from '../../../../src/extension/project/mergeDiscoveries';

const projects = join(__dirname, '..', '..', '..', 'fixtures', 'projects');

async function folder(root: string): Promise<FolderDiscovery> {
  const { functions, diagnostics } = await discoverFunctions(root);
  return { root, functions, diagnostics };
}

describe('mergeDiscoveries', () => {
  test('a name declared in two workspace folders is reported at the second, and the first is kept', async () => {
    const api = join(projects, 'duplicate-names', 'api');
    const worker = join(projects, 'duplicate-names', 'worker');
    const merged = mergeDiscoveries([await folder(api), await folder(worker)]);
    assert.deepEqual(
      merged.functions.map((f) => `${f.root === api ? 'api' : 'worker'}:${f.spec.name}`),
      ['api:Hello', 'api:Status', 'worker:work'],
    );
    const duplicate = merged.diagnostics.filter((d) => d.message.includes('"Hello" is declared twice'));
    assert.equal(duplicate.length, 1);
    assert.equal(duplicate[0].file, join(worker, 'serverless.yml'));
    assert.equal(duplicate[0].severity, 'error');
    assert.ok(duplicate[0].line, 'the duplicate has a line');
  });

  test('a folder nested in another workspace folder is not reported against itself', async () => {
    const root = join(projects, 'duplicate-names');
    const merged = mergeDiscoveries([await folder(root), await folder(join(root, 'api'))]);
    assert.deepEqual(merged.functions.map((f) => f.spec.name).sort(), ['Hello', 'Status', 'work']);
    // The root's own duplicate (api vs worker) is reported once, not once per folder that saw it.
    assert.equal(merged.diagnostics.filter((d) => d.message.includes('declared twice')).length, 1);
  });

  test('a folder whose discovery failed becomes a diagnostic and the others still load', async () => {
    const good = join(projects, 'sam-hello-world');
    const merged = mergeDiscoveries([{ root: '/nowhere', error: new Error('EACCES: permission denied\nmore') }, await folder(good)]);
    assert.ok(merged.functions.length > 0);
    assert.deepEqual(merged.diagnostics[0], { file: '/nowhere', message: 'Could not discover functions: EACCES: permission denied', severity: 'error' });
  });
});

describe('problemsByFile', () => {
  test('groups per file with 0-based positions; no line means the first', () => {
    const byFile = problemsByFile([
      { file: '/a/template.yaml', line: 3, column: 5, message: 'bad', severity: 'error' },
      { file: '/a/template.yaml', message: 'no line', severity: 'warning' },
      { file: '/b/serverless.yml', line: 1, message: 'x', severity: 'warning' },
    ]);
    assert.deepEqual(byFile.get('/a/template.yaml'), [
      { line: 2, column: 4, message: 'bad', severity: 'error' },
      { line: 0, column: 0, message: 'no line', severity: 'warning' },
    ]);
    assert.equal(byFile.get('/b/serverless.yml')?.[0].line, 0);
  });

  test('a malformed template gives a diagnostic at its line while the good project loads', async () => {
    const root = join(projects, 'malformed-workspace');
    const merged = mergeDiscoveries([await folder(root)]);
    assert.ok(merged.functions.length >= 1, 'the good app still loads');
    const broken = problemsByFile(merged.diagnostics).get(join(root, 'broken-app', 'template.yaml'));
    assert.ok(broken && broken.length >= 1, 'the broken template has a problem');
    assert.equal(broken[0].severity, 'error');
    assert.ok(broken[0].line > 0, 'placed on the offending line, not the first');
  });
});

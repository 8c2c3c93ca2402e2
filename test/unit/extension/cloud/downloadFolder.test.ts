import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { suggestDownloadFolder, validateDownloadFolder } from '../../../../src/extension/cloud/downloadFolder';

const base = mkdtempSync(path.join(tmpdir(), 'swb-download-'));
after(() => rmSync(base, { recursive: true, force: true }));

describe('the Download Code folder', () => {
  test('proposes <name>-deployed, then numbered ones when taken; an empty folder is fine', () => {
    assert.equal(suggestDownloadFolder(base, 'hello'), path.join(base, 'hello-deployed'));
    mkdirSync(path.join(base, 'hello-deployed'));
    assert.equal(suggestDownloadFolder(base, 'hello'), path.join(base, 'hello-deployed'), 'empty: still usable');
    writeFileSync(path.join(base, 'hello-deployed', 'index.js'), '');
    assert.equal(suggestDownloadFolder(base, 'hello'), path.join(base, 'hello-deployed-2'));
    assert.equal(suggestDownloadFolder(base, 'hello', 'live'), path.join(base, 'hello-live-deployed'));
  });

  test('refuses relative paths, files and folders with content', () => {
    assert.equal(validateDownloadFolder(path.join(base, 'new-one')), undefined);
    assert.match(validateDownloadFolder('relative/dir') ?? '', /absolute/);
    assert.match(validateDownloadFolder(path.join(base, 'hello-deployed')) ?? '', /not empty/);
    assert.match(validateDownloadFolder(path.join(base, 'hello-deployed', 'index.js')) ?? '', /not empty/);
    assert.match(validateDownloadFolder('  ') ?? '', /Enter a folder/);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { providedPackageHint } from '../../../../src/core/emulator/runtimeProvidedPackages';
import { createTestEmulator, failure, fixtureSpec } from '../../../helpers/emulator';

test('names the AWS SDK or boto3 a runtime provides when a function cannot import it', () => {
  const cjs = "Error: Cannot find module '@aws-sdk/client-s3'\nRequire stack:\n- /x/index.js";
  assert.match(providedPackageHint('nodejs20.x', 'Runtime.ImportModuleError', cjs)!, /nodejs20\.x runtime includes the AWS SDK for JavaScript v3.*npm install --save-dev @aws-sdk\/client-s3/);
  const esm = "Error [ERR_MODULE_NOT_FOUND]: Cannot find package '@aws-sdk/lib-dynamodb' imported from /x/index.mjs";
  assert.match(providedPackageHint('nodejs22.x', 'Runtime.ImportModuleError', esm)!, /@aws-sdk\/lib-dynamodb/);
  assert.match(providedPackageHint('nodejs16.x', 'Runtime.ImportModuleError', "Cannot find module 'aws-sdk'")!, /v2.*npm install --save-dev aws-sdk/);
  assert.match(providedPackageHint('python3.12', 'Runtime.ImportModuleError', "Unable to import module 'app': No module named 'boto3'")!, /python3\.12 runtime includes boto3/);
  // Not provided by that runtime, another error, another package: no hint.
  assert.equal(providedPackageHint('nodejs20.x', 'Runtime.ImportModuleError', "Cannot find module 'aws-sdk'"), undefined);
  assert.equal(providedPackageHint('nodejs16.x', 'Runtime.ImportModuleError', "Cannot find module '@aws-sdk/client-s3'"), undefined);
  assert.equal(providedPackageHint('nodejs20.x', 'Runtime.ImportModuleError', "Cannot find module 'lodash'"), undefined);
  assert.equal(providedPackageHint('nodejs20.x', 'Error', "Cannot find module '@aws-sdk/client-s3'"), undefined);
});

test('a function that imports an SDK client it does not bundle fails as on Lambda, with one hint', async () => {
  const { emulator, warnings } = createTestEmulator(after);
  const dir = mkdtempSync(path.join(tmpdir(), 'swb-sdk-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'index.js'), "const { S3Client } = require('@aws-sdk/client-swb-missing');\nexports.handler = async () => typeof S3Client;\n");
  emulator.register(fixtureSpec('sdk', dir, 'index.handler'));
  for (let i = 0; i < 2; i++) {
    const error = failure(await emulator.invoke('sdk', { payload: '{}' }));
    assert.equal(error.errorType, 'Runtime.ImportModuleError');
  }
  const hints = warnings.filter((w) => w.startsWith('sdk: '));
  assert.equal(hints.length, 1, warnings.join('\n'));
  assert.match(hints[0], /npm install --save-dev @aws-sdk\/client-swb-missing/);
});

// The in-host suite (test/vscode/suite, what @vscode/test-electron runs on a desktop) inside
// code-server's extension host, against the extension installed from the VSIX.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileInHostSuite, runInHostSuite } from './helpers/inHost';
import { LOAD_TIMEOUT, repoRoot } from './helpers/workbench';

test('the in-host suite passes inside code-server', { timeout: 4 * LOAD_TIMEOUT }, async () => {
  const suite = compileInHostSuite();
  const vsix = process.env.SWB_VSIX ?? join(repoRoot, 'serverless-workbench.vsix');
  const { exitCode, output } = await runInHostSuite({ suite, vsix });
  // Prefixed, so the suite's own summary line is not mistaken for this run's.
  for (const line of output.filter((l) => /^(not )?ok - |\d+ passed, \d+ failed/.test(l))) console.log(`[in-host] ${line}`);
  assert.equal(exitCode, 0, `the suite failed:\n${output.join('\n')}`);
  assert.ok(output.some((l) => /^\d+ passed, 0 failed$/.test(l)), 'the suite reported its summary');
});

test('a failing in-host suite is reported as a failure', { timeout: 4 * LOAD_TIMEOUT }, async () => {
  const vsix = process.env.SWB_VSIX ?? join(repoRoot, 'serverless-workbench.vsix');
  const suite = join(repoRoot, 'test', 'fixtures', 'e2e', 'failingSuite.js');
  const { exitCode, output } = await runInHostSuite({ suite, vsix });
  assert.equal(exitCode, 1);
  assert.ok(output.includes('failing suite ran'), output.join('\n'));
});

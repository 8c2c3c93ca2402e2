// The house rule that keeps the core editor-free is enforced by the project's real ESLint config.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..', '..');
const text = "import * as vscode from 'vscode';\n\nexport const name = vscode.env.appName;\n";

async function restrictedImportErrors(filePath: string): Promise<ESLint.LintResult['messages']> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(text, { filePath: join(root, filePath) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
}

test('importing vscode under src/core is a no-restricted-imports error', async () => {
  const errors = await restrictedImportErrors('src/core/probe.ts');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].severity, 2);
  assert.match(errors[0].message, /src\/core must not import vscode/);
});

test('the same import under src/extension passes', async () => {
  assert.deepEqual(await restrictedImportErrors('src/extension/probe.ts'), []);
});

// The standard @vscode/test-electron runner: downloads a desktop VS Code, installs nothing from the
// marketplace, and runs ./suite inside its extension host with this folder as the extension under
// development. It needs internet and a desktop; CI here runs the same checks in code-server instead.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const extensionDevelopmentPath = path.resolve(__dirname, '../../..');
  const extensionTestsPath = path.resolve(__dirname, './suite/index');
  const workspace = path.resolve(extensionDevelopmentPath, 'examples');
  await runTests({
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error: unknown) => {
  console.error('VS Code tests failed:', error);
  process.exit(1);
});

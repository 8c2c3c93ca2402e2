// The extension in a real VS Code: activation, its log, its views, and the swb launcher on the
// integrated terminal's PATH. Run with `npm run test:e2e` (packages the VSIX, installs code-server).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Workbench } from './helpers/workbench';
import {
  LOAD_TIMEOUT,
  SERVERLESS_ACTIVITY,
  UI_TIMEOUT,
  extensionId,
  extensionVersion,
  findLogs,
  openWorkbench,
  repoRoot,
  runCommand,
  screenshotOnFailure,
  terminalRows,
  terminalText,
  viewPane,
  waitForOutput,
} from './helpers/workbench';

let workbench: Workbench;

before(async () => {
  workbench = await openWorkbench();
}, { timeout: 3 * LOAD_TIMEOUT });

after(async () => {
  await workbench?.close();
});

test('Serverless: Show Log shows the activation line', { timeout: LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await runCommand(page, 'Serverless: Show Log');
    const text = await waitForOutput(page, `Serverless Workbench ${extensionVersion} activated in`, LOAD_TIMEOUT);
    assert.match(text, /activated in \d+(\.\d+)? ms/);
  });
});

test('the Serverless view shows the local functions and the deployed view its providers', { timeout: LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await page.locator(SERVERLESS_ACTIVITY).click();
    const local = viewPane(page, 'Local Functions');
    const deployed = viewPane(page, 'Deployed Functions');
    // examples/ declares its functions in serverless-workbench.json (the welcome shows only when there are none).
    await local.locator('.monaco-list-row', { hasText: 'hello' }).waitFor({ timeout: UI_TIMEOUT });
    // Deployed Functions always lists its providers: the local cloud (the default) and AWS Lambda.
    const provider = (name: string) => deployed.locator('.monaco-list-row[aria-level="1"]', { has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) });
    await provider('Local cloud').waitFor({ timeout: UI_TIMEOUT });
    await provider('AWS Lambda').waitFor({ timeout: UI_TIMEOUT });
    assert.match((await local.locator('.monaco-list-row').allInnerTexts()).join('\n'), /serverless-workbench\.json/);
    if (process.env.SWB_UPDATE_SCREENSHOT === '1') {
      await page.screenshot({ path: join(repoRoot, 'media', 'screenshot.png') });
    }
  });
});

test('activation time is logged and parsed', () => {
  const [channelLog] = findLogs(workbench.server, join(extensionId, 'Serverless Workbench.log'));
  assert.ok(channelLog, 'the extension\'s log channel is written under the user data folder');
  const match = /activated in (\d+(?:\.\d+)?) ms/.exec(readFileSync(channelLog, 'utf8'));
  assert.ok(match, 'the channel has the activation line');
  const ms = Number(match[1]);
  assert.ok(ms > 0 && ms < 60_000, `activation took ${ms} ms`);
  const hostLog = findLogs(workbench.server, 'remoteexthost.log').map((file) => readFileSync(file, 'utf8')).join('\n');
  const event = new RegExp(`_doActivateExtension ${extensionId.replace('.', '\\.')}.*activationEvent: '([^']+)'`).exec(hostLog);
  assert.ok(event, 'the extension host logged the activation');
  console.log(`activation: ${ms} ms (event ${event[1]})`);
});

test('swb runs in the integrated terminal', { timeout: LOAD_TIMEOUT }, async (t) => {
  const { page, server } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    const launcher = join(server.userDataDir, 'User', 'globalStorage', extensionId, 'bin', 'swb');
    assert.ok(existsSync(launcher), `${launcher} was written`);
    await runCommand(page, 'Terminal: Create New Terminal');
    // Type only once the shell has drawn its prompt, or the keystrokes race its start-up.
    await terminalRows(page).filter({ hasText: /\S/ }).first().waitFor({ timeout: UI_TIMEOUT });
    await page.locator('.part.panel .xterm').click();
    await page.keyboard.type('swb --version');
    await page.keyboard.press('Enter');
    const versionRow = new RegExp(`^\\s*${extensionVersion.replace(/\./g, '\\.')}\\s*$`);
    await terminalRows(page).filter({ hasText: versionRow }).first().waitFor({ timeout: UI_TIMEOUT });
    assert.ok((await terminalText(page)).some((row) => row.trim() === extensionVersion));
  });
});

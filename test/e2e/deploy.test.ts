// Deploy to the local cloud in a real VS Code (code-server): `Serverless: Deploy Function…` from the
// palette starts the window's local cloud and deploys `hello`; the Deployed Functions view lists it
// under the local cloud; Invoke from its context menu with the saved event shows the log tail and
// the result in the function's output channel. Runs on a scratch copy of examples/.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Workbench } from './helpers/workbench';
import {
  LOAD_TIMEOUT,
  SERVERLESS_ACTIVITY,
  UI_TIMEOUT,
  copyExamples,
  openWorkbench,
  runCommand,
  screenshotOnFailure,
  viewPane,
  waitForOutput,
} from './helpers/workbench';

let workbench: Workbench;
let folder: string;

before(async () => {
  folder = copyExamples('swb-deploy-e2e-');
  workbench = await openWorkbench({ folder });
  await workbench.page.locator(SERVERLESS_ACTIVITY).click();
}, { timeout: 3 * LOAD_TIMEOUT });

after(async () => {
  await workbench?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/**
 * Runs a palette command by clicking its row: the palette lists matches alphabetically, so "Delete
 * Deployed Function…" comes before "Deploy Function…" and `runCommand`'s Enter would run it.
 */
async function runPaletteRow(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('F1');
  await input.waitFor({ timeout: UI_TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click({ timeout: UI_TIMEOUT });
}

/** Picks the row of the open quick pick whose label starts with `label`. */
async function pick(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
  await row.waitFor({ timeout: UI_TIMEOUT });
  await row.click();
}

const deployedView = () => viewPane(workbench.page, 'Deployed Functions');
const deployedRow = (label: string | RegExp) =>
  deployedView().locator('.monaco-list-row', { has: workbench.page.locator('.label-name', { hasText: typeof label === 'string' ? new RegExp(`^${label}$`) : label }) });

test('Deploy Function… deploys hello to the local cloud, and the view lists it', { timeout: 3 * LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    // The view offers the local cloud (the default provider) and AWS before anything is deployed.
    await deployedRow('Local cloud').waitFor({ timeout: UI_TIMEOUT });
    await deployedRow('AWS Lambda').waitFor({ timeout: UI_TIMEOUT });
    await deployedRow(/^Local cloud is not running/).waitFor({ timeout: UI_TIMEOUT });

    await runPaletteRow(page, 'Serverless: Deploy Function…');
    await pick(page, 'hello');
    await pick(page, 'Local cloud');
    const done = page.locator('.notifications-toasts .notification-toast', { hasText: /Deployed hello to local cloud at http:\/\/127\.0\.0\.1:\d+: created/ });
    await done.waitFor({ timeout: 2 * LOAD_TIMEOUT });
    assert.deepEqual((await done.locator('.monaco-button').allInnerTexts()).map((s) => s.trim()), ['Invoke', 'Show in Tree']);

    // The status bar shows the local cloud's port (3001, or another when that one is taken).
    await page.locator('.statusbar-item', { hasText: /Local cloud :\d+/ }).first().waitFor({ timeout: UI_TIMEOUT });

    const hello = deployedRow('hello');
    await hello.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await hello.locator('.label-description').innerText(), /^nodejs20\.x · 128 MB · [\d.]+ (B|KB) · just now$/);
    await deployedRow(/^127\.0\.0\.1:\d+$/).waitFor({ timeout: UI_TIMEOUT });
  });
});

test('Invoke from the deployed function’s context menu shows the log tail and the result', { timeout: 2 * LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await deployedRow('hello').click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor({ timeout: UI_TIMEOUT });
    const items = (await menu.locator('.action-label').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
    for (const title of ['Invoke Deployed Function…', 'Redeploy from Workspace', 'Download Code…', 'Copy ARN', 'Delete Deployed Function…']) {
      assert.ok(items.includes(title), `${title} is in ${JSON.stringify(items)}`);
    }
    await menu.locator('.action-label', { hasText: 'Invoke Deployed Function…' }).click();
    // The saved event of the workspace function it was deployed from comes first.
    await pick(page, 'get-hello');
    await waitForOutput(page, '✓ Succeeded', LOAD_TIMEOUT);
    // The output is taller than the panel: maximized, every line of the run is rendered.
    await runCommand(page, 'View: Toggle Maximized Panel');
    const text = await waitForOutput(page, '▶ Invoke hello', UI_TIMEOUT);
    assert.match(text, /▶ Invoke hello on local cloud at http:\/\/127\.0\.0\.1:\d+ · event "get-hello"/);
    assert.match(text, /greeting world/, 'the log tail');
    assert.match(text, /REPORT RequestId: \S+\s+Duration: [\d.]+ ms/);
    assert.match(text, /"statusCode": 200/);
    assert.match(text, /Hello, world!/);
  });
});

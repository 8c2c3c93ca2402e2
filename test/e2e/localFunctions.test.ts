// The Local Functions view in a real VS Code (code-server): functions grouped by the project file
// that declares them, Invoke from the row's inline action with the result in the row and in the
// function's output channel, the context menu, click → handler, and a malformed template in the
// Problems panel while the other functions still load. Runs on a scratch copy of examples/.
import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Workbench } from './helpers/workbench';
import {
  LOAD_TIMEOUT,
  SERVERLESS_ACTIVITY,
  UI_TIMEOUT,
  clickRowAction,
  copyExamples,
  localFunctionRow,
  openWorkbench,
  repoRoot,
  screenshotOnFailure,
  viewPane,
  waitForOutput,
} from './helpers/workbench';

let workbench: Workbench;
let folder: string;

before(async () => {
  folder = copyExamples('swb-local-functions-');
  cpSync(join(repoRoot, 'test', 'fixtures', 'projects', 'malformed-workspace', 'broken-app'), join(folder, 'broken-app'), { recursive: true });
  workbench = await openWorkbench({ folder });
  await workbench.page.locator(SERVERLESS_ACTIVITY).click();
}, { timeout: 3 * LOAD_TIMEOUT });

after(async () => {
  await workbench?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const localView = () => viewPane(workbench.page, 'Local Functions');
const row = (label: string) => localFunctionRow(workbench.page, label);

test('functions are grouped under the project file that declares them, with their runtimes', { timeout: LOAD_TIMEOUT }, async (t) => {
  await screenshotOnFailure(workbench.page, t.name, async () => {
    await row('hello').waitFor({ timeout: UI_TIMEOUT });
    const rows = await localView()
      .locator('.monaco-list-row')
      .evaluateAll((elements) => elements.map((e) => `${e.querySelector('.label-name')?.textContent} | ${e.querySelector('.label-description')?.textContent}`));
    assert.deepEqual(rows, ['serverless-workbench.json | Serverless Workbench', 'hello | nodejs20.x', 'orders | python3.12']);
  });
});

test('Invoke from the row shows the result in the row and START/END/REPORT in the function’s channel', { timeout: LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await clickRowAction(row('hello'), 'Invoke Function');
    await row('hello').filter({ hasText: '✓' }).waitFor({ timeout: LOAD_TIMEOUT });
    const text = await waitForOutput(page, '✓ Succeeded', UI_TIMEOUT);
    assert.match(text, /REPORT RequestId: [0-9a-f-]+\s+Duration: [\d.]+ ms/);
    assert.match(text, /"statusCode": 200/);
  });
});

test('the context menu offers the function’s commands', { timeout: LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await row('orders').click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor({ timeout: UI_TIMEOUT });
    const items = (await menu.locator('.action-label').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
    await page.keyboard.press('Escape');
    for (const title of ['Invoke Function', 'Debug Function', 'Pick Event…', 'New Event from Catalogue…', 'Edit Saved Event…', 'Save Last Input as Event…', 'Open Handler', 'Reveal in Template', 'Show Function Output']) {
      assert.ok(items.includes(title), `${title} is in ${JSON.stringify(items)}`);
    }
  });
});

test('clicking a function opens its handler', { timeout: LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await row('orders').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'app.py' }).waitFor({ timeout: UI_TIMEOUT });
  });
});

test('a malformed template is in the Problems panel and the other functions still load', { timeout: LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await page.locator('.statusbar-item[id="status.problems"]').click();
    const problems = page.locator('.part.panel .markers-panel');
    await problems.locator('.monaco-list-row', { hasText: 'template.yaml' }).waitFor({ timeout: UI_TIMEOUT });
    const text = await problems.innerText();
    assert.match(text, /Serverless Workbench/);
    assert.match(text, /\[Ln 10, Col \d+\]/);
    assert.equal(await row('hello').count(), 1);
  });
});

// Scaffolding in a real VS Code (code-server): `Serverless: New Function…` through its quick picks
// (provider → runtime → trigger → name) writes a function, the Local Functions view lists it, and
// invoking it (from the handler's CodeLens, or from the view's inline action) shows START/END/REPORT
// in its `Serverless: <name>` channel and the result inline at the handler line. Runs on a scratch
// copy of examples/.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Workbench } from './helpers/workbench';
import {
  LOAD_TIMEOUT,
  SERVERLESS_ACTIVITY,
  UI_TIMEOUT,
  activeEditor,
  clickRowAction,
  copyExamples,
  localFunctionRow,
  openWorkbench,
  runCommand,
  screenshotOnFailure,
  startCommand,
  viewPane,
  waitForDecoration,
  waitForOutput,
} from './helpers/workbench';

let workbench: Workbench;
let folder: string;

before(async () => {
  folder = copyExamples('swb-new-function-e2e-');
  workbench = await openWorkbench({ folder });
  await workbench.page.locator(SERVERLESS_ACTIVITY).click();
}, { timeout: 3 * LOAD_TIMEOUT });

after(async () => {
  await workbench?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const localView = () => viewPane(workbench.page, 'Local Functions');
const row = (label: string) => localFunctionRow(workbench.page, label);
const editorOf = () => activeEditor(workbench.page);

/** Clicks the row of the open quick pick whose label is exactly `label`, once that step is shown. */
async function pick(page: Page, step: string, label: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: step }).waitFor({ timeout: UI_TIMEOUT });
  const item = widget.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  await item.click({ timeout: UI_TIMEOUT });
}

/** Runs New Function… through its four steps; the name step's input replaces the suggestion. */
async function newFunction(page: Page, choice: { runtime: string; trigger: string; name: string }): Promise<void> {
  await startCommand(page, 'Serverless: New Function…', LOAD_TIMEOUT);
  await pick(page, 'New Function (1/4)', 'AWS Lambda');
  await pick(page, 'New Function (2/4)', choice.runtime);
  await pick(page, 'New Function (3/4)', choice.trigger);
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: 'New Function (4/4)' }).waitFor({ timeout: UI_TIMEOUT });
  const input = widget.locator('.quick-input-box input');
  await input.fill(choice.name);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

/** The output panel's channel picker shows `name`. */
async function waitForChannel(page: Page, name: string): Promise<void> {
  const picker = page.locator('.part.panel .title select');
  const deadline = Date.now() + UI_TIMEOUT;
  let shown: string[] = [];
  while (!shown.includes(name)) {
    if (Date.now() >= deadline) assert.fail(`the output panel shows ${JSON.stringify(shown)}, not "${name}"`);
    shown = await picker.evaluateAll((selects) => selects.map((select) => String(select.selectedOptions[0]?.textContent ?? '').trim()));
    if (!shown.includes(name)) await page.waitForTimeout(250);
  }
}

/**
 * The whole run in the function's channel: the panel is maximized while reading, as a run with its
 * result payload is taller than the panel and the editor renders only the visible lines.
 */
async function channelText(page: Page, lastLine: string): Promise<string> {
  await waitForOutput(page, lastLine, LOAD_TIMEOUT);
  await runCommand(page, 'View: Toggle Maximized Panel');
  try {
    await waitForOutput(page, 'START RequestId:', UI_TIMEOUT);
    return await panelLinesInOrder(page);
  } finally {
    await runCommand(page, 'View: Toggle Maximized Panel');
  }
}

/**
 * The output panel's rendered lines top to bottom. Monaco reuses line elements as it scrolls, so
 * their order in the DOM (outputPanelText's) need not be the order on screen. A line too long for
 * the panel wraps onto several rendered lines, hence `\\s+` between words in the patterns below.
 */
async function panelLinesInOrder(page: Page): Promise<string> {
  const lines = await page
    .locator('.part.panel .monaco-editor .view-lines')
    .first()
    .locator('.view-line')
    .evaluateAll((elements) => elements.map((e) => ({ top: parseFloat(String(e.style.top)) || 0, text: String(e.textContent ?? '') })));
  return lines
    .sort((a, b) => a.top - b.top)
    .map((line) => line.text.replace(/\u00a0/g, ' '))
    .join('\n');
}

function assertRunLines(text: string): void {
  const id = /START RequestId: ([0-9a-f-]+)\s+Version: \$LATEST/.exec(text)?.[1];
  assert.ok(id, `a START line in ${JSON.stringify(text)}`);
  assert.match(text, new RegExp(`END\\s+RequestId: ${id}`));
  assert.match(text, new RegExp(`REPORT RequestId: ${id}\\s+Duration: [\\d.]+\\s+ms\\s+Billed\\s+Duration: \\d+\\s+ms\\s+Memory\\s+Size: \\d+\\s+MB`));
  assert.match(text, /✓ Succeeded/);
}

test('New Function… scaffolds a TypeScript HTTP API function that the CodeLens invokes', { timeout: 4 * LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await row('hello').waitFor({ timeout: LOAD_TIMEOUT });
    await newFunction(page, { runtime: 'Node.js TypeScript', trigger: 'HTTP API', name: 'greet' });

    // The new handler opens, and the files and manifest entry are on disk.
    await editorOf().locator('.view-lines', { hasText: 'GET /greet' }).waitFor({ timeout: UI_TIMEOUT });
    await page.locator('.editor-group-container.active .tab.active', { hasText: 'index.ts' }).waitFor({ timeout: UI_TIMEOUT });
    assert.ok(existsSync(join(folder, 'functions', 'greet', 'index.ts')));
    assert.ok(existsSync(join(folder, '.events', 'greet', 'http.json')));
    const manifest = JSON.parse(readFileSync(join(folder, 'serverless-workbench.json'), 'utf8')) as { functions: Record<string, { runtime: string }> };
    assert.equal(manifest.functions.greet?.runtime, 'nodejs20.x');

    // The view lists it under the manifest that declares it.
    await row('greet').waitFor({ timeout: UI_TIMEOUT });
    const rows = await localView()
      .locator('.monaco-list-row')
      .evaluateAll((elements) => elements.map((e) => `${e.getAttribute('aria-level')} ${e.querySelector('.label-name')?.textContent} | ${e.querySelector('.label-description')?.textContent}`));
    assert.deepEqual(rows, ['1 serverless-workbench.json | Serverless Workbench', '2 hello | nodejs20.x', '2 orders | python3.12', '2 greet | nodejs20.x']);

    // ▶ Invoke | ⚙ Debug | http ▾ over the handler: with no event picked, the lens names the event
    // Invoke will use, the first saved one (the scaffolded sample `http`).
    const lenses = editorOf().locator('.codelens-decoration');
    await lenses.locator('a', { hasText: '▶ Invoke' }).first().waitFor({ timeout: UI_TIMEOUT });
    // Lenses other features add come after these three.
    const titles = (await lenses.first().locator('a').allInnerTexts()).map((s) => s.replace(/\u00a0/g, ' ').trim());
    assert.deepEqual(titles.slice(0, 3), ['▶ Invoke', '⚙ Debug', 'http ▾'], JSON.stringify(titles));
    await lenses.locator('a', { hasText: '▶ Invoke' }).first().click();

    const decoration = await waitForDecoration(page, 'export const handler', /^✓ /);
    assert.match(decoration, /^✓ [\d.]+ (ms|s) · 200$/);
    await row('greet').filter({ hasText: '✓' }).waitFor({ timeout: UI_TIMEOUT });

    await waitForChannel(page, 'Serverless: greet');
    const text = await channelText(page, '"statusCode": 200');
    assert.match(text, /▶ Invoke greet · event "http"/);
    assertRunLines(text);
    assert.match(text, /INFO\s+GET\s+\/greet\s+from\s/, 'the handler’s console.log line');
    assert.match(text, /Hello, Serverless!/);
  });
});

test('New Function… scaffolds a Python SQS function that the view’s inline Invoke runs', { timeout: 4 * LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await newFunction(page, { runtime: 'Python 3.11', trigger: 'SQS', name: 'drainQueue' });
    await editorOf().locator('.view-lines', { hasText: 'def lambda_handler' }).waitFor({ timeout: UI_TIMEOUT });
    await page.locator('.editor-group-container.active .tab.active', { hasText: 'app.py' }).waitFor({ timeout: UI_TIMEOUT });
    assert.ok(existsSync(join(folder, 'functions', 'drainQueue', 'app.py')));

    await row('drainQueue').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await row('drainQueue').getAttribute('aria-level'), '2');
    assert.equal((await row('drainQueue').locator('.label-description').innerText()).trim(), 'python3.11');

    await clickRowAction(row('drainQueue'), 'Invoke Function');
    await row('drainQueue').filter({ hasText: '✓' }).waitFor({ timeout: LOAD_TIMEOUT });

    // An SQS handler returns batchItemFailures, not an HTTP response: no status code inline.
    const decoration = await waitForDecoration(page, 'def lambda_handler', /^✓ /);
    assert.match(decoration, /^✓ [\d.]+ (ms|s)$/);

    await waitForChannel(page, 'Serverless: drainQueue');
    const text = await channelText(page, '"batchItemFailures": []');
    assert.match(text, /▶ Invoke drainQueue · event "sqs"/);
    assertRunLines(text);
  });
});

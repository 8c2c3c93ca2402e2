// Log tailing in a real VS Code (code-server): `hello` is invoked twice in the window's local cloud
// (through its Lambda Invoke API, as any SDK client would), then "Tail Logs" from the Local
// Functions view's context menu prints both invocations' START/END/REPORT lines, with REPORT
// summaries, into the function's output channel; the handler line shows the newest invocation
// inline, the CodeLens offers to stop the tail, and the status bar item stops it. Runs on a scratch
// copy of examples/.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Workbench } from './helpers/workbench';
import {
  LOAD_TIMEOUT,
  SERVERLESS_ACTIVITY,
  UI_TIMEOUT,
  activeEditor,
  copyExamples,
  localFunctionRow,
  openWorkbench,
  runCommand,
  screenshotOnFailure,
  waitForDecoration,
  waitForOutput,
} from './helpers/workbench';

let workbench: Workbench;
let folder: string;
let cloudPort: number;

before(async () => {
  folder = copyExamples('swb-logs-e2e-');
  const { freePort } = await import('../../scripts/code-server.mjs');
  // A port of our own, so that the test knows where the local cloud listens.
  cloudPort = (await freePort()) as number;
  workbench = await openWorkbench({ folder, settings: { 'serverlessWorkbench.localCloud.port': cloudPort } });
  await workbench.page.locator(SERVERLESS_ACTIVITY).click();
}, { timeout: 3 * LOAD_TIMEOUT });

after(async () => {
  await workbench?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const row = (label: string) => localFunctionRow(workbench.page, label);
const editorOf = () => activeEditor(workbench.page);

/** Invokes `hello` in the local cloud through the Lambda Invoke API; its request id. */
async function invokeHello(name: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${cloudPort}/2015-03-31/functions/hello/invocations`, {
    method: 'POST',
    body: JSON.stringify({ queryStringParameters: { name } }),
  });
  const body = await response.text();
  assert.equal(response.status, 200, body);
  assert.match(body, new RegExp(`Hello, ${name}!`));
  const requestId = response.headers.get('x-amzn-requestid');
  assert.ok(requestId);
  return requestId;
}

/** The output panel's lines top to bottom, read with the panel maximized (the editor renders only visible lines). */
async function channelText(page: Page, lastLine: string): Promise<string> {
  await waitForOutput(page, lastLine, LOAD_TIMEOUT);
  await runCommand(page, 'View: Toggle Maximized Panel');
  try {
    await waitForOutput(page, 'Tailing /aws/lambda/hello', UI_TIMEOUT);
    const lines = await page
      .locator('.part.panel .monaco-editor .view-lines')
      .first()
      .locator('.view-line')
      .evaluateAll((elements) => elements.map((e) => ({ top: parseFloat(String((e as unknown as { style: { top: string } }).style.top)) || 0, text: String(e.textContent ?? '') })));
    return lines
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text.replace(/\u00a0/g, ' '))
      .join('\n');
  } finally {
    await runCommand(page, 'View: Toggle Maximized Panel');
  }
}

test('Tail Logs from the view prints both invocations with REPORT summaries, and the handler line shows the newest', { timeout: 4 * LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await row('hello').waitFor({ timeout: LOAD_TIMEOUT });
    await runCommand(page, 'Serverless: Start Local Cloud', LOAD_TIMEOUT);
    await page.locator('.statusbar-item', { hasText: `Local cloud :${cloudPort}` }).first().waitFor({ timeout: LOAD_TIMEOUT });
    const first = await invokeHello('one');
    const second = await invokeHello('two');

    // The handler is open, so that its line can show the tailed result.
    await row('hello').click();
    await page.locator('.editor-group-container.active .tab.active', { hasText: 'index.ts' }).waitFor({ timeout: UI_TIMEOUT });

    await row('hello').click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.locator('.action-label', { hasText: /^Tail Logs$/ }).click({ timeout: UI_TIMEOUT });

    const text = await channelText(page, `REPORT RequestId: ${second}`);
    for (const id of [first, second]) {
      assert.match(text, new RegExp(`START RequestId: ${id}\\s+Version: \\$LATEST`));
      assert.match(text, new RegExp(`END RequestId: ${id}`));
      assert.match(text, new RegExp(`REPORT RequestId: ${id}\\s+Duration: [\\d.]+\\s+ms`));
    }
    assert.match(text, /INFO\s+greeting one/);
    assert.match(text, /INFO\s+greeting two/);
    assert.match(text, /── [\d.]+ m?s · \d+\/128 MB · cold start \d+ ms/, 'the first REPORT’s summary');
    assert.match(text, /── [\d.]+ m?s · \d+\/128 MB · warm/, 'the second REPORT’s summary');
    assert.ok(text.indexOf(first) < text.indexOf(second), 'oldest first');

    const decoration = await waitForDecoration(page, 'export const handler', /greeting two/);
    assert.match(decoration, /^✓ [\d.]+ m?s — greeting two$/);

    // While tailed, the handler's CodeLens stops the tail; the status bar counts events.
    await editorOf().locator('.codelens-decoration a', { hasText: 'Stop tail' }).first().waitFor({ timeout: UI_TIMEOUT });
    const status = page.locator('.statusbar-item', { hasText: /hello · \d+ ev\/min/ }).first();
    await status.waitFor({ timeout: UI_TIMEOUT });
  });
});

test('clicking the status bar item stops the tail', { timeout: 2 * LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await page.locator('.statusbar-item', { hasText: /hello · \d+ ev\/min/ }).first().click();
    await waitForOutput(page, 'Tail of /aws/lambda/hello stopped', UI_TIMEOUT);
    await page.locator('.statusbar-item', { hasText: /ev\/min/ }).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await editorOf().locator('.codelens-decoration a', { hasText: /Tail$/ }).first().waitFor({ timeout: UI_TIMEOUT });
  });
});

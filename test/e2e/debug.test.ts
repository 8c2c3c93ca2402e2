// Serverless: Debug Function in a real VS Code: a breakpoint in a TypeScript handler is hit through
// the built-in JavaScript debugger (js-debug), then the run completes. See docs/debugging.md.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Workbench } from './helpers/workbench';
import { LOAD_TIMEOUT, UI_TIMEOUT, openWorkbench, repoRoot, runCommand, screenshotOnFailure, waitForOutput } from './helpers/workbench';

const BREAKPOINT_LINE = 8; // `return { id: event.id, total };` in orders/handler.ts

let workbench: Workbench;
let folder: string;

before(async () => {
  // A private copy: the run compiles into the workspace, and VS Code keeps breakpoints per folder.
  folder = mkdtempSync(join(tmpdir(), 'swb-debug-e2e-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'debug', 'e2e-workspace'), folder, { recursive: true });
  workbench = await openWorkbench({
    folder,
    // The Debug Console would take the panel from the function's output channel.
    settings: { 'debug.internalConsoleOptions': 'neverOpen' },
  });
}, { timeout: 3 * LOAD_TIMEOUT });

after(async () => {
  await workbench?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/**
 * Types into Quick Open (the palette without its `>`): a file name opens the file, `:<line>` moves
 * the cursor. runCommand does not fit: these keep the quick input open until Enter.
 */
async function quickOpen(page: Page, text: string, row?: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('F1');
  await input.waitFor({ timeout: UI_TIMEOUT });
  await input.fill(text);
  if (row) await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: row }).first().waitFor({ timeout: UI_TIMEOUT });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

test('a breakpoint in a TypeScript handler is hit by Serverless: Debug Function, then the run completes', { timeout: 3 * LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    await quickOpen(page, 'handler.ts', 'handler.ts');
    await page.locator('.editor-group-container .tab.active', { hasText: 'handler.ts' }).waitFor({ timeout: UI_TIMEOUT });
    await quickOpen(page, `:${BREAKPOINT_LINE}`, `go to line ${BREAKPOINT_LINE}`);
    await runCommand(page, 'Debug: Toggle Breakpoint');
    const editor = page.locator('.editor-group-container .monaco-editor').first();
    await editor.locator('.codicon-debug-breakpoint').first().waitFor({ timeout: UI_TIMEOUT });

    await runCommand(page, 'Serverless: Debug Function', LOAD_TIMEOUT);

    // Paused at the .ts line: the call stack's top frame is handler.ts:8, and the editor marks the line.
    const topFrame = page.locator('.debug-call-stack .monaco-list-row .stack-frame', { hasText: 'handler.ts' }).first();
    await topFrame.waitFor({ timeout: LOAD_TIMEOUT });
    const position = await topFrame.locator('.line-number').innerText();
    assert.match(position, new RegExp(`^${BREAKPOINT_LINE}:\\d+$`), `paused at handler.ts ${position}`);
    await editor.locator('.debug-top-stack-frame-line').first().waitFor({ timeout: UI_TIMEOUT });
    await page.locator('.debug-toolbar').waitFor({ timeout: UI_TIMEOUT });

    // Paused past the function's 3 s timeout, which is lifted while debugging.
    await page.waitForTimeout(3_500);
    await page.locator('.debug-toolbar .action-label.codicon-debug-continue').click();
    // Debug Function showed the function's output channel, and the Debug Console does not take its place.
    const text = await waitForOutput(page, '✓ Succeeded', LOAD_TIMEOUT);
    assert.match(text, /"total": 12/);
    assert.match(text, /Debugger (listening|ending) on ws:\/\/127\.0\.0\.1:\d+\//);
    // The session ends with the run.
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  });
});

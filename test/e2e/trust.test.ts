// Workspace Trust in a real VS Code (code-server): in Restricted Mode the extension never runs the
// workspace's code — Invoke explains why instead of running, the CodeLens says so — while discovery
// (reading project files, never running them) still fills the Local Functions view.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Workbench } from './helpers/workbench';
import {
  LOAD_TIMEOUT,
  SERVERLESS_ACTIVITY,
  UI_TIMEOUT,
  clickRowAction,
  copyExamples,
  openWorkbench,
  screenshotOnFailure,
  viewPane,
} from './helpers/workbench';

let workbench: Workbench;
let folder: string;

before(async () => {
  folder = copyExamples('swb-trust-e2e-');
  // Trust on, the folder not trusted, no startup dialog: the window opens in Restricted Mode.
  workbench = await openWorkbench({ folder, trust: true, settings: { 'security.workspace.trust.startupPrompt': 'never' } });
  await workbench.page.locator(SERVERLESS_ACTIVITY).click();
}, { timeout: 3 * LOAD_TIMEOUT });

after(async () => {
  await workbench?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('in Restricted Mode functions are listed but never run', { timeout: 3 * LOAD_TIMEOUT }, async (t) => {
  const { page } = workbench;
  await screenshotOnFailure(page, t.name, async () => {
    const hello = viewPane(page, 'Local Functions').locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^hello$/ }) });
    await hello.waitFor({ timeout: LOAD_TIMEOUT });

    // Invoke from the view: an explanation with a way out, no run.
    await clickRowAction(hello, 'Invoke Function');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'untrusted workspace' });
    await toast.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await toast.innerText(), /Invoking functions is disabled in an untrusted workspace/i);
    await toast.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).waitFor({ timeout: UI_TIMEOUT });

    // Clicking the row opens the handler; its CodeLens offers trust instead of Invoke.
    await hello.click();
    const editor = page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'export const handler' }).waitFor({ timeout: UI_TIMEOUT });
    const lens = editor.locator('.codelens-decoration a', { hasText: 'workspace not trusted' }).first();
    await lens.waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await editor.locator('.codelens-decoration a', { hasText: '▶ Invoke' }).count(), 0);

    // Nothing ran: no run means no compiled TypeScript in the code folder's cache.
    assert.equal(existsSync(join(folder, 'functions', 'hello', 'node_modules', '.cache', 'serverless-workbench')), false);
    assert.equal(await hello.filter({ hasText: '✓' }).count(), 0);
  });
});

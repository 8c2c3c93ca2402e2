// Drives a real VS Code (code-server) in Chromium through Playwright. Selectors are VS Code's own
// DOM classes, so a code-server upgrade that renames one fails here loudly, not silently.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { CodeServer } from '../../../scripts/code-server.mjs' with { 'resolution-mode': 'import' };

export const repoRoot = join(__dirname, '..', '..', '..');
export const extensionId = 'serverless-workbench.serverless-workbench';
export const extensionVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** code-server's first load on 2 busy cores can take tens of seconds. */
export const LOAD_TIMEOUT = 90_000;
export const UI_TIMEOUT = 30_000;
export const SERVERLESS_ACTIVITY = '.activitybar .action-label[aria-label="Serverless"]';

export interface Workbench {
  page: Page;
  server: CodeServer;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Absolute folder to open; `examples/` by default. */
  folder?: string;
  vsix?: string;
  trust?: boolean;
  settings?: Record<string, unknown>;
}

export async function openWorkbench(options: OpenOptions = {}): Promise<Workbench> {
  const folder = options.folder ?? join(repoRoot, 'examples');
  const vsix = options.vsix ?? process.env.SWB_VSIX ?? join(repoRoot, 'serverless-workbench.vsix');
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` (npm run test:e2e does)`);
  // ESM scripts shared with `npm start`; this file is CommonJS, hence the dynamic imports.
  const { ensureE2eTools } = await import('../../../scripts/setup-e2e.mjs');
  const { startCodeServer } = await import('../../../scripts/code-server.mjs');
  const tools = await ensureE2eTools({ log: () => {} });
  const server = await startCodeServer({ vsix, folder, trust: options.trust, settings: options.settings, tools });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: tools.chromium, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: LOAD_TIMEOUT });
    // The extension's view container appears once its contributions are registered.
    await page.locator(SERVERLESS_ACTIVITY).waitFor({ timeout: LOAD_TIMEOUT });
    const opened = browser;
    return {
      page,
      server,
      async close() {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/**
 * Runs a command from the palette by its full title, e.g. `Serverless: Show Log`. The palette lists
 * the commands known when it opens, so while the extension host is still registering contributions
 * it is closed and opened again.
 */
export async function runCommand(page: Page, title: string, timeout = UI_TIMEOUT): Promise<void> {
  await startCommand(page, title, timeout);
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

/**
 * Picks a command in the palette and presses Enter, without waiting for the quick input to close:
 * for a command that opens a quick pick of its own in the same widget.
 */
export async function startCommand(page: Page, title: string, timeout = UI_TIMEOUT): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const entry = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first();
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: UI_TIMEOUT });
    await input.fill(`>${title}`);
    try {
      // Enter only once the exact entry is listed and focused, or the palette may run another match
      // (while the extension host is still registering contributions, the command is missing).
      await entry.waitFor({ timeout: Math.min(5_000, Math.max(1, deadline - Date.now())) });
      break;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() >= deadline) throw error;
    }
  }
  await page.keyboard.press('Enter');
}

/** The text of the editor in the bottom panel (the output channel shown there). */
export async function outputPanelText(page: Page): Promise<string> {
  const text = await page.locator('.part.panel .monaco-editor .view-lines').first().innerText();
  return normalize(text);
}

/** Waits until the output panel shows `expected` (whitespace-normalized), and returns the panel's text. */
export async function waitForOutput(page: Page, expected: string, timeout = UI_TIMEOUT): Promise<string> {
  await page.locator('.part.panel .monaco-editor .view-lines', { hasText: expected }).first().waitFor({ timeout });
  return outputPanelText(page);
}

/** A scratch copy of examples/ (without node_modules or Python caches) for a test that edits or runs it. */
export function copyExamples(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(repoRoot, 'examples'), folder, { recursive: true, filter: (source) => !/node_modules|__pycache__/.test(source) });
  return folder;
}

/** The row of the Local Functions view labelled exactly `label`. */
export function localFunctionRow(page: Page, label: string): Locator {
  return viewPane(page, 'Local Functions').locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
}

/** The editor of the active editor group. */
export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/** The `after` decorations' texts on the active editor's line containing `lineText` (CSS `::after` content). */
async function afterTexts(page: Page, lineText: string): Promise<string[]> {
  return activeEditor(page)
    .locator('.view-lines .view-line', { hasText: lineText })
    .first()
    .evaluate((line) =>
      [line, ...line.querySelectorAll('span')]
        .map((element) => (line.ownerDocument.defaultView!.getComputedStyle(element, '::after') as { content: string }).content)
        .filter((content) => content && content !== 'none' && content !== 'normal')
        // `"✓ 12 ms · 200"` (quoted, with CSS escapes resolved by the browser).
        .map((content) => content.replace(/^"|"$/g, '').replace(/\\"/g, '"')),
    );
}

/** Waits until the active editor's line containing `lineText` shows an inline result matching `pattern`, and returns it. */
export async function waitForDecoration(page: Page, lineText: string, pattern: RegExp, timeout = LOAD_TIMEOUT): Promise<string> {
  const deadline = Date.now() + timeout;
  let seen: string[] = [];
  for (;;) {
    seen = await afterTexts(page, lineText).catch(() => []);
    const match = seen.find((text) => pattern.test(text));
    if (match) return match;
    if (Date.now() >= deadline) assert.fail(`no decoration matching ${pattern} on the line with "${lineText}"; saw ${JSON.stringify(seen)}`);
    await page.waitForTimeout(250);
  }
}

/** The pane of a view in the side bar, found by its title. */
export function viewPane(page: Page, title: string): Locator {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: title }) });
}

/**
 * Clicks an inline action of a tree row. VS Code shows row actions only while the row is hovered
 * or focused, and a view refresh re-renders the row under a still mouse, hiding them again — so
 * hover and click are retried together until the click lands.
 */
export async function clickRowAction(row: Locator, label: string, timeout = UI_TIMEOUT): Promise<void> {
  const action = row.locator(`.action-label[aria-label="${label}"]`);
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      await row.hover({ timeout: 5_000 });
      await action.click({ timeout: 2_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** The rows xterm draws with its DOM renderer (settings turn the GPU renderer off). */
export function terminalRows(page: Page): Locator {
  return page.locator('.part.panel .xterm-rows > div');
}

export async function terminalText(page: Page): Promise<string[]> {
  return (await terminalRows(page).allInnerTexts()).map(normalize);
}

/** Saves `test-results/<name>.png` when `body` throws, then rethrows. */
export async function screenshotOnFailure<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const dir = join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await page.screenshot({ path: file }).catch(() => {});
    throw error;
  }
}

/** Files under the server's log folder whose path ends with `suffix`, newest session last. */
export function findLogs(server: CodeServer, suffix: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (full.endsWith(suffix)) found.push(full);
    }
  };
  const logs = join(server.userDataDir, 'logs');
  if (existsSync(logs)) walk(logs);
  return found.sort();
}

/** Monaco and xterm render spaces as no-break spaces. */
function normalize(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

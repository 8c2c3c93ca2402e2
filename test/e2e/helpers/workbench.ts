// Drives a real VS Code (code-server) in Chromium through Playwright. Selectors are VS Code's own
// DOM classes, so a code-server upgrade that renames one fails here loudly, not silently.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
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
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const entry = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first();
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: UI_TIMEOUT });
    await input.fill(`>${title}`);
    try {
      // Enter only once the exact entry is listed and focused, or the palette may run another match.
      await entry.waitFor({ timeout: Math.min(5_000, Math.max(1, deadline - Date.now())) });
      break;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() >= deadline) throw error;
    }
  }
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
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

/** What the browser-driven runs (UI test, benchmarks) do in code-server's workbench: the user's clicks. */
import type { FrameLocator, Page } from 'playwright-core';
import { waitForRender } from './viewRender';

export { waitForRender };

export function explorerRow(page: Page, name: string) {
  return page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: new RegExp(`^${name.replace('.', '\\.')}$`) });
}

/** The explanation panel's content: the webview's nested iframes. */
export function explanationView(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** When the driver did what (Date.now()), for the benchmark's breakdown of one right-click. */
export interface ClickMarks {
  rightClick?: number;
  /** The menu item was there. */
  menu?: number;
  /** Enter was pressed on it. */
  chosen?: number;
  /** The driver saw the drawn result. */
  seen?: number;
}

/**
 * Milliseconds from the right-click until the panel has drawn result number `renderCount` for `image`;
 * `marks`, when given, gets the driver's steps. The pointer first rests on the file (Playwright checks the
 * row can take it); the clock starts when the right button goes down, as the user's wait does.
 */
export async function explainFromExplorer(page: Page, image: string, renderCount: number, marks: ClickMarks = {}): Promise<number> {
  const row = explorerRow(page, image);
  await row.waitFor({ timeout: 30_000 });
  const item = page.getByRole('menuitem', { name: 'Explain prediction' });
  // Right after start-up the menu can open before the extension's contributions are read: close it, try
  // again (on the clock: the user would have to try again too).
  for (let attempt = 1; ; attempt++) {
    await row.hover();
    marks.rightClick ??= Date.now();
    await page.mouse.down({ button: 'right' });
    await page.mouse.up({ button: 'right' });
    try {
      await item.waitFor({ timeout: 5000 });
      marks.menu = Date.now();
      break;
    } catch (err) {
      if (attempt === 6) throw err;
      await page.keyboard.press('Escape');
    }
  }
  // The workbench's context menu takes the item under the pointer; with focus still in the panel's
  // iframe a click can be swallowed, so the item is chosen with the keyboard once hovered. The menu is
  // laid out when it shows, so the pointer goes straight to the item (no waiting for it to hold still).
  const box = await item.boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  else await item.hover();
  await page.keyboard.press('Enter');
  marks.chosen = Date.now();
  await waitForRender(page, renderCount);
  marks.seen = Date.now();
  const elapsed = marks.seen - marks.rightClick;
  const shown = await explanationView(page).locator('h1').textContent();
  if (shown !== image) throw new Error(`the panel shows ${shown}, expected ${image}`);
  return elapsed;
}

/**
 * Runs a command from the command palette by its title, as a user would; focus goes to the workbench first (a
 * key pressed in the webview's frame may not reach it).
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const palette = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; ; attempt++) {
    await page.locator('.part.sidebar .composite.title').first().click();
    await page.keyboard.press('F1');
    try {
      await palette.waitFor({ timeout: 5000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
  await palette.fill(`>${title}`);
  await chooseQuickPick(page, title);
}

/**
 * Picks the quick pick's row labelled exactly `label` (its name, or its description: a colour theme's row reads
 * "Light Modern", described "Default Light Modern", its setting's value) with the keyboard: the list may put a
 * longer label that matches the typed text first ("Preferences: Browse Color Themes in Marketplace" before
 * "... Color Theme").
 */
export async function chooseQuickPick(page: Page, label: string): Promise<void> {
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 10_000 });
  const focused = page.locator('.quick-input-list .monaco-list-row.focused');
  const names = async () => {
    const row = focused.first();
    await row.waitFor({ timeout: 10_000 });
    return row.locator('.label-name, .label-description').evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
  };
  for (let i = 0; i < 8 && !(await names()).includes(label); i++) await page.keyboard.press('ArrowDown');
  const shown = await names();
  if (!shown.includes(label)) throw new Error(`the quick pick has no row "${label}" (the focused one is "${shown.join(' ')}")`);
  await page.keyboard.press('Enter');
}

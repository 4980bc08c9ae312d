/** What the browser-driven runs (UI test, benchmarks) do in code-server's workbench: the user's clicks. */
import type { FrameLocator, Page } from 'playwright-core';

export function explorerRow(page: Page, name: string) {
  return page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: new RegExp(`^${name.replace('.', '\\.')}$`) });
}

/** The explanation panel's content: the webview's nested iframes. */
export function explanationView(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Waits until the panel has drawn result number `renderCount` (main.ts counts them on the body). */
export async function waitForRender(page: Page, renderCount: number, timeout = 60_000): Promise<void> {
  await explanationView(page).locator(`body[data-renders="${renderCount}"]`).waitFor({ state: 'attached', timeout });
}

/** Milliseconds from the right-click until the panel has drawn result number `renderCount` for `image`. */
export async function explainFromExplorer(page: Page, image: string, renderCount: number): Promise<number> {
  const row = explorerRow(page, image);
  await row.waitFor({ timeout: 30_000 });
  const started = Date.now();
  const item = page.getByRole('menuitem', { name: 'Explain prediction' });
  // Right after start-up the menu can open before the extension's contributions are read: close it, try again.
  for (let attempt = 1; ; attempt++) {
    await row.click({ button: 'right' });
    try {
      await item.waitFor({ timeout: 5000 });
      break;
    } catch (err) {
      if (attempt === 6) throw err;
      await page.keyboard.press('Escape');
    }
  }
  // The workbench's context menu takes the item under the pointer; with focus still in the panel's
  // iframe a click can be swallowed, so the item is chosen with the keyboard once hovered.
  await item.hover();
  await page.keyboard.press('Enter');
  await waitForRender(page, renderCount);
  const elapsed = Date.now() - started;
  const shown = await explanationView(page).locator('h1').textContent();
  if (shown !== image) throw new Error(`the panel shows ${shown}, expected ${image}`);
  return elapsed;
}

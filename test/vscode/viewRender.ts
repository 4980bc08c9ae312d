/** Waiting for the explanation view's next drawn result, from the browser-driven runs (UI test, benchmarks). */
import type { Frame, Page } from 'playwright-core';

/**
 * Waits until the panel has drawn result number `renderCount` (main.ts counts them on the body). The page
 * tells the moment it happens (a MutationObserver in the webview), where polling a locator would see it
 * up to half a second late (Playwright backs off to 500 ms between tries) and would query the DOM on the
 * main thread the workbench and the webview share while they work.
 */
export async function waitForRender(page: Page, renderCount: number, timeout = 60_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      const frame = await viewFrame(page, Math.max(1, deadline - Date.now()));
      await withDeadline(frame.evaluate(renderedCount, renderCount), deadline);
      return;
    } catch (err) {
      // The webview's frame was replaced (a reload): find it again, until the deadline.
      if (Date.now() >= deadline) throw new Error(`the panel did not draw result ${renderCount}: ${err instanceof Error ? err.message : err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The frame that runs the panel's script (inside the webview's host frame). */
async function viewFrame(page: Page, timeout: number): Promise<Frame> {
  const host = await (await page.locator('iframe.webview.ready').elementHandle({ timeout }))?.contentFrame();
  const frame = await (await host?.locator('#active-frame').elementHandle({ timeout }))?.contentFrame();
  if (!frame) throw new Error('the explanation webview has no content frame yet');
  return frame;
}

/** In the webview: resolves once body[data-renders] is `count`. */
function renderedCount(count: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => document.body?.dataset.renders === String(count);
    if (done()) return resolve();
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['data-renders'] });
  });
}

function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

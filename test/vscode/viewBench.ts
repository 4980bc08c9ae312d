/**
 * The view's own speed, in headless chromium without VS Code (viewHarness.ts): time from a result's arrival
 * to its first painted frame (with a 2-row and a SqueezeNet-sized 64-row layer table), the opacity slider's work
 * per step on a 224x224 image (aim: under 16 ms), and scrolling the neuron grid of a 10,000-neuron layer. A benchmark: it prints, and fails only if the view breaks.
 * Usage: npm run bundle && node out/test/vscode/viewBench.js
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { median, percentile95 } from './stats';
import { harnessPage, showSynthetic } from './viewHarness';

const SHOWS = 5;
const SLIDER_STEPS = 60;
const SCROLL_FRAMES = 260;

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-viewbench-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(harnessPage(dir));

    let shown = 0;
    for (const rows of [2, 64]) {
      const paint: number[] = [];
      const table: number[] = [];
      for (let i = 1; i <= SHOWS; i++) {
        const posted = Date.now();
        await showSynthetic(page, { width: 224, height: 224, neurons: 10_000, layers: rows - 1 });
        await page.waitForSelector(`body[data-renders="${++shown}"]`, { state: 'attached', timeout: 10_000 });
        paint.push(Number(await page.getAttribute('body', 'data-render-ms')));
        // The grid's rows past its first screen come when the view is idle (layerTable.ts).
        await page.waitForSelector('.layer-grid:not([aria-busy])', { state: 'attached', timeout: 10_000 });
        table.push(Date.now() - posted);
      }
      console.log(
        `view-bench: result arrival -> first painted frame (224x224, ${rows}-row layer table, 10,000-neuron layer): median ${median(paint).toFixed(1)} ms [${paint.map((p) => p.toFixed(0)).join(', ')}]; posted -> every table row in (driver's clock) median ${median(table)} ms`,
      );
    }

    // Each step as a drag makes it: set the value, fire 'input', let a frame paint. The handler's work is what
    // can make a frame late.
    const slider = await page.evaluate(async (steps) => {
      const input = document.getElementById('opacity') as HTMLInputElement;
      const work: number[] = [];
      const frames: number[] = [];
      let last = await new Promise<number>((r) => requestAnimationFrame(r));
      for (let i = 0; i < steps; i++) {
        input.value = String((i % 100) / 100);
        const t = performance.now();
        input.dispatchEvent(new Event('input'));
        work.push(performance.now() - t);
        const now = await new Promise<number>((r) => requestAnimationFrame(r));
        frames.push(now - last);
        last = now;
      }
      return { work, frames };
    }, SLIDER_STEPS);
    console.log(
      `view-bench: opacity slider, 224x224 overlay: work per step median ${median(slider.work).toFixed(2)} ms, max ${Math.max(...slider.work).toFixed(2)} ms (aim < 16 ms); frame interval median ${median(slider.frames).toFixed(1)} ms`,
    );

    await page.click('.layer-row[data-layer=wide]');
    await page.waitForSelector('.neuron-rows [role=row]');
    const scroll = await page.evaluate(async (count) => {
      const scroller = document.querySelector('.neuron-scroll') as HTMLElement;
      const frames: number[] = [];
      let maxRows = 0;
      let last = await new Promise<number>((r) => requestAnimationFrame(r));
      for (let i = 0; i < count; i++) {
        scroller.scrollTop += 900; // about 40 rows per frame: a fast fling
        const now = await new Promise<number>((r) => requestAnimationFrame(r));
        frames.push(now - last);
        last = now;
        maxRows = Math.max(maxRows, scroller.querySelectorAll('.neuron-rows [role=row]').length);
      }
      return { frames, maxRows, reachedEnd: scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1 };
    }, SCROLL_FRAMES);
    const late = scroll.frames.filter((f) => f > 20).length;
    console.log(
      `view-bench: scrolling a 10,000-neuron layer, ${SCROLL_FRAMES} frames: frame interval median ${median(scroll.frames).toFixed(1)} ms, p95 ${percentile95(scroll.frames).toFixed(1)} ms, ${late} frames over 20 ms; at most ${scroll.maxRows} rows in the DOM; reached the end: ${scroll.reachedEnd}`,
    );
    if (errors.length > 0) throw new Error(`the view threw: ${errors.join('; ')}`);
    return 0;
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}



main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);

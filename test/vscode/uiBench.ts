/**
 * The user's path, timed: in code-server, right-click an image in the Explorer, choose "Explain prediction",
 * wait until the panel has drawn the result. Cold = first time (extension activation, worker start, graph
 * compile, run); warm = further images with everything loaded. A benchmark, not a timed test: it fails
 * only if the path itself breaks, and prints the times against the targets (cold 3 s, warm 0.5 s).
 * Usage: node out/test/vscode/uiBench.js   (env EXPLAIN_BENCH_WARM_RUNS (default 5), EXPLAIN_BENCH_SCREENSHOT=file.png)
 */
import type { Page } from 'playwright-core';
import { keepEvidence, launchChromium, workbenchUrl } from './browser';
import { startCodeServer } from './codeServer';
import { createSandbox } from './sandbox';

const IMAGES = ['winml_fish.png', 'winml_kitten.png', 'darknet_dog.png', 'rocket.png', 'astronaut.png'];
const WARM_RUNS = Number(process.env.EXPLAIN_BENCH_WARM_RUNS ?? 5);
const TARGETS = { coldMs: 3000, warmMs: 500 };

async function main(): Promise<number> {
  const sandbox = createSandbox();
  const transcript: string[] = [];
  const server = await startCodeServer(sandbox, (line) => transcript.push(line));
  const context = await launchChromium(sandbox);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => transcript.push(`[${msg.type()}] ${msg.text()}`));
  let ok = false;
  try {
    await page.goto(workbenchUrl(server, sandbox));
    await explorerRow(page, 'images').click({ timeout: 60_000 });
    const cold = await explainFromExplorer(page, IMAGES[0], 1);
    const warm: number[] = [];
    for (let i = 1; i <= WARM_RUNS; i++) warm.push(await explainFromExplorer(page, IMAGES[i % IMAGES.length], i + 1));
    const median = [...warm].sort((a, b) => a - b)[Math.floor(warm.length / 2)];
    console.log(`bench: right-click to rendered result, default model (SqueezeNet 1.1, gradient), code-server 4.100.3`);
    console.log(`bench: cold ${cold} ms (target <= ${TARGETS.coldMs} ms)`);
    console.log(`bench: warm median ${median} ms over ${warm.length} runs [${warm.join(', ')}] (target <= ${TARGETS.warmMs} ms)`);
    if (process.env.EXPLAIN_BENCH_SCREENSHOT) await page.screenshot({ path: process.env.EXPLAIN_BENCH_SCREENSHOT });
    ok = true;
  } catch (err) {
    console.error(`The right-click path failed: ${err instanceof Error ? err.message : err}`);
    await keepEvidence(page, 'ui-bench', transcript);
  } finally {
    await context.close().catch(() => undefined);
    await server.stop();
    if (process.env.EXPLAIN_BENCH_KEEP === '1') console.log(`Sandbox kept: ${sandbox.dir}`);
    else sandbox.remove();
  }
  return ok ? 0 : 1;
}

function explorerRow(page: Page, name: string) {
  return page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: new RegExp(`^${name.replace('.', '\\.')}$`) });
}

/** Milliseconds from the right-click until the panel has drawn result number `renderCount` for `image`. */
async function explainFromExplorer(page: Page, image: string, renderCount: number): Promise<number> {
  const row = explorerRow(page, image);
  await row.waitFor({ timeout: 30_000 });
  const started = Date.now();
  await row.click({ button: 'right' });
  // The workbench's context menu takes the item under the pointer; with focus still in the panel's
  // iframe a click can be swallowed, so the item is chosen with the keyboard once hovered.
  const item = page.getByRole('menuitem', { name: 'Explain prediction' });
  await item.hover();
  await page.keyboard.press('Enter');
  const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await view.locator(`body[data-renders="${renderCount}"]`).waitFor({ timeout: 60_000 });
  const elapsed = Date.now() - started;
  const shown = await view.locator('h1').textContent();
  if (shown !== image) throw new Error(`the panel shows ${shown}, expected ${image}`);
  return elapsed;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);

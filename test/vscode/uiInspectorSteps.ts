/**
 * UI-test steps of issue 16, the model inspector: SqueezeNet (copied into the workspace) is opened by a click in
 * the explorer; its page shows the summary, the "Can it be explained?" table and the graph (SVG boxes laid out
 * by dagre); "Explain an Image..." asks for an image (code-server's file dialog, typed in as a user would),
 * explains it with this model, and then the graph's boxes show each layer's relevance; a click on one opens that
 * layer's row in the explanation's table; an edited field of the configuration form is saved into the sidecar.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { REPO_ROOT } from './sandbox';
import type { StepContext } from './uiStateSteps';
import { explorerRow } from './workbench';

const MODEL = 'squeezenet1.1.onnx';

/** SqueezeNet with its configuration and labels, into the workspace before the workbench opens (the explorer then lists it). */
export function addInspectedModel(workspace: string): void {
  const bundled = path.join(REPO_ROOT, 'media', 'models');
  for (const f of [MODEL, 'squeezenet1.1.explain.json', 'imagenet_labels.txt']) fs.copyFileSync(path.join(bundled, f), path.join(workspace, f));
}

export async function inspectorSteps(ctx: StepContext): Promise<void> {
  const { page } = ctx;
  ctx.step('the model inspector: opening SqueezeNet from the explorer');
  // Clicked before the workbench has read the extension's contributions, the file would open as binary: the
  // status bar item says the extension is up.
  await page.locator('.statusbar-item[id$="explain.status"]').waitFor({ timeout: 60_000 });
  const row = explorerRow(page, MODEL);
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  const inspector = await frameWith(page, '.summary h1', 30_000);

  ctx.step('the model inspector: the summary');
  assert.strictEqual(await inspector.locator('.summary h1').textContent(), MODEL);
  assert.match((await inspector.locator('.facts').textContent()) ?? '', /^opset \d+, producer .+; [\d.]+ [kM] parameters \([\d.]+ MB\) in \d+ tensors; \d+ nodes, \d+ on the image's path\.$/);
  const ops = await inspector.locator('.histogram li').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.op));
  for (const op of ['Conv', 'Relu', 'Concat', 'MaxPool']) assert.ok(ops.includes(op), `${op} in the op histogram (${ops.join(', ')})`);

  ctx.step('the model inspector: the graph');
  const boxes = inspector.locator('svg.graph-svg g.box');
  const drawn = await boxes.count();
  assert.ok(drawn >= 60, `a box per node on the path (got ${drawn})`);
  const first = await boxes.first().boundingBox();
  const last = await boxes.last().boundingBox();
  assert.ok(first && last && last.y > first.y, 'laid out from the input down to the score');

  ctx.step('the model inspector: can it be explained?');
  await inspector.locator('.op-row').first().waitFor({ timeout: 60_000 });
  assert.match((await inspector.locator('.verdict').textContent()) ?? '', /^\d+ of \d+ methods can explain this model/);
  assert.strictEqual(await inspector.locator('.op-row.blocked').count(), 0, 'no op on SqueezeNet stops a method');

  ctx.step('the model inspector: Explain an Image...');
  const rendersBefore = await explanationRenders(page);
  await inspector.locator('vscode-button.explain-image').click();
  // code-server's own file dialog: a path box over the folder's listing, which fills in once it has loaded.
  const pathBox = page.locator('.quick-input-widget .quick-input-box input');
  const listed = (name: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await listed('images').waitFor({ timeout: 15_000 });
  await pathBox.fill(path.join(ctx.workspace, 'images', 'winml_kitten.png'));
  await listed('winml_kitten.png').waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await frameWith(page, `body[data-renders="${rendersBefore + 1}"]`, 120_000);

  ctx.step('the model inspector: relevance on the nodes');
  // The explanation may have gone into a panel in the inspector's own group (one shown before): back to its tab,
  // whose page is built again and sent what it showed, the relevance included.
  await page.locator('.tabs-container .tab', { hasText: MODEL }).click();
  const inspectorAgain = await frameWith(page, 'svg.graph-svg g.box.has-relevance', 30_000);
  const marked = await inspectorAgain.locator('svg.graph-svg g.box.has-relevance').count();
  assert.ok(marked >= 50, `most boxes show their layer's relevance (got ${marked} of ${drawn})`);
  assert.match((await inspectorAgain.locator('.graph-caption').textContent()) ?? '', /Relevance of the last explanation \(.+ of winml_kitten\.png\)/);
  const box = inspectorAgain.locator('svg.graph-svg g.box.has-relevance').nth(Math.floor(marked / 2));
  assert.match((await box.locator('text').allTextContents()).join(' '), /\u03a3 -?[\d.e+-]+/);

  ctx.step('the model inspector: a click on a node opens its row in the layer table');
  const layer = (await box.getAttribute('data-layer')) ?? '';
  await box.click();
  // The panel is revealed (built again if it was hidden) with that row open.
  await frameWith(page, `.layer-row[aria-selected=true][data-layer="${layer}"]`, 30_000);
  await page.locator('.tabs-container .tab', { hasText: MODEL }).click();
  ctx.step('the model inspector: saving the configuration');
  // The page built again sets up its form with the report, then draws the relevance the host sends last.
  const form = await frameWith(page, 'svg.graph-svg g.box.has-relevance', 30_000);
  await form.locator('vscode-text-field[data-field=std] input').fill('1');
  await form.locator('vscode-button.save-config').click();
  await form.locator('.save-status', { hasText: 'Saved squeezenet1.1.explain.json.' }).waitFor({ timeout: 15_000 });
  const saved = JSON.parse(fs.readFileSync(path.join(ctx.workspace, 'squeezenet1.1.explain.json'), 'utf8')) as { labels?: string; input?: { std?: number[]; channels?: string } };
  assert.deepStrictEqual(saved.input?.std, [1], 'the edited field is written');
  assert.strictEqual(saved.input?.channels, 'BGR', 'the fields the file gave are kept');
  assert.strictEqual(saved.labels, 'imagenet_labels.txt', 'and so are its labels');
  console.log(`ui-test: the inspector drew ${drawn} boxes, ${marked} with relevance; clicking ${layer} opened its row`);
}

/** The webview frame (of several open: the inspector's, the explanation's) that has `selector`. */
async function frameWith(page: Page, selector: string, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How many results the explanation panel has drawn (0 when none is open). */
async function explanationRenders(page: Page): Promise<number> {
  for (const frame of page.frames()) {
    const n = await frame.evaluate(() => document.body?.dataset.renders).catch(() => undefined);
    if (n !== undefined) return Number(n);
  }
  return 0;
}

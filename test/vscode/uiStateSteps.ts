/**
 * UI-test steps of issue 19 kept apart from uiTest.ts's sequence: the save notification with its two buttons,
 * the view's state surviving a switch to another editor tab and back, a failed run naming the model it asked
 * for and its error gone after the next run, and screenshots of the default view in the light, dark and
 * high-contrast themes; Reveal in Explorer, the explained image replaced on disk, and Select Model's preset table.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { REPO_ROOT } from './sandbox';
import { chooseQuickPick, explanationView, explorerRow, runCommand, waitForRender } from './workbench';

/** The image the UI test explains, as its exports name it. */
const IMAGE_STEM = 'winml_fish';

/** What a step function is handed: the page, and where to say which step it is at (for the failure line). */
export interface StepContext {
  page: Page;
  /** The workspace folder code-server has open. */
  workspace: string;
  step(name: string): void;
}

/**
 * Sorts the layer table by Sum and saves the result JSON: the notification names the file
 * and offers Open and Reveal in Explorer; Open puts the file in a tab of its own, the panel's tab is switched
 * away from and back to, and the open layer, the table's order, the neuron map and the scroll position are as
 * they were. Returns the view after the switch.
 */
export async function saveNotificationAndTabSwitch(ctx: StepContext, view: FrameLocator): Promise<FrameLocator> {
  const { page } = ctx;
  ctx.step('keeping the view across a tab switch: sorting, opening a layer and a neuron map');
  const sumHeader = view.locator('vscode-data-grid-cell[data-column="3"]', { hasText: 'Sum' });
  if ((await sumHeader.getAttribute('aria-sort')) !== 'descending') await sumHeader.click();
  assert.strictEqual(await sumHeader.getAttribute('aria-sort'), 'descending');
  // A feature map's row (its neurons have maps of their own), in the order the table shows now.
  const featureMap = await view.locator('.layer-row').evaluateAll((rows) =>
    rows.map((r) => ({ layer: (r as HTMLElement).dataset.layer ?? '', shape: r.querySelector('.layer-shape')?.textContent?.trim() ?? '' })).find((r) => /^\[1, \d+, \d+, \d+\]$/.test(r.shape))?.layer,
  );
  assert.ok(featureMap, 'the table has a feature map [1, C, h, w]');
  await view.locator(`.layer-row[data-layer="${featureMap}"]`).click();
  const openLayer = await view.locator('.layer-row[aria-selected=true]').getAttribute('data-layer');
  assert.strictEqual(openLayer, featureMap, 'the clicked layer is open');
  await view.locator('.neuron-rows [role=row]').first().click();
  await view.locator('.neuron-label').waitFor({ timeout: 60_000 });
  const neuronLabel = await view.locator('.neuron-label').textContent();
  await view.locator('body').evaluate(() => window.scrollTo(0, document.body.scrollHeight));

  ctx.step('the save notification');
  await view.locator('vscode-button[data-export=json]').click();
  // The table's explanation (the first card in a comparison) for the explained class.
  const method = await view.locator('.card').first().getAttribute('data-method');
  const target = await view.locator('.class-pick[aria-pressed=true]').getAttribute('data-class');
  const file = `explain-exports/${IMAGE_STEM}-${method}-class${target}-result.json`;
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: `Saved ${file}` });
  await toast.waitFor({ timeout: 15_000 });
  // Where the page is when its tab is left (the click on Save scrolled the button into view).
  const scrolled = await view.locator('body').evaluate(() => window.scrollY);
  assert.ok(scrolled > 100, `the view is scrolled down (${scrolled})`);
  // The view saves its scroll position a few times a second.
  await page.waitForTimeout(500);
  assert.ok(await toast.getByRole('button', { name: 'Reveal in Explorer' }).isVisible(), 'it offers to reveal the file');
  ctx.step('the save notification: Open');
  // Open puts the file in the panel's tab group: the panel's tab is switched away from.
  await toast.getByRole('button', { name: 'Open', exact: true }).click();
  await page.locator('.tabs-container .tab.active', { hasText: path.basename(file) }).waitFor({ timeout: 15_000 });

  ctx.step('keeping the view across a tab switch: back to the panel');
  await page.locator('.tabs-container .tab', { hasText: /^(Compare|Explain): / }).first().click();
  await waitForRender(page, 1);
  const back = explanationView(page);
  assert.strictEqual(await back.locator('.layer-row[aria-selected=true]').getAttribute('data-layer'), openLayer, 'the open layer is open again');
  assert.strictEqual(await back.locator('vscode-data-grid-cell[data-column="3"]', { hasText: 'Sum' }).getAttribute('aria-sort'), 'descending', 'sorted as it was');
  await back.locator('.neuron-label').waitFor({ timeout: 60_000 });
  assert.strictEqual(await back.locator('.neuron-label').textContent(), neuronLabel, 'the neuron map is drawn again');
  // The page is scrolled back as its content arrives (the neuron's map last): a moment after the map.
  const where = () => back.locator('body').evaluate(() => ({ y: window.scrollY, max: document.documentElement.scrollHeight - window.innerHeight }));
  const deadline = Date.now() + 5000;
  let now = await where();
  while (Math.abs(now.y - scrolled) >= 50 && Date.now() < deadline) {
    await page.waitForTimeout(200);
    now = await where();
  }
  assert.ok(Math.abs(now.y - scrolled) < 50, `scrolled where it was (${now.y} vs ${scrolled}; the page scrolls to ${now.max})`);
  return back;
}

/** The themes the default view is photographed in; the test's own theme last, so it goes on in it. */
const THEMES: [name: string, theme: string][] = [
  ['light', 'Default Light Modern'],
  ['high-contrast', 'Default High Contrast'],
  ['high-contrast-light', 'Default High Contrast Light'],
  ['dark', 'Default Dark Modern'],
];

/**
 * The view as first drawn, in each theme, written to .tmp/ui-test-<theme>.png (the paths are printed): the
 * theme is switched the way a user does, and the webview takes the new colours without a reload.
 */
export async function themeScreenshots(ctx: StepContext): Promise<string[]> {
  const { page } = ctx;
  const dir = path.join(REPO_ROOT, '.tmp');
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const view = explanationView(page);
  for (const [name, theme] of THEMES) {
    ctx.step(`a screenshot of the default view in ${theme}`);
    await runCommand(page, 'Preferences: Color Theme');
    // The theme picker has replaced the command palette once its box asks for a theme.
    const box = page.locator('.quick-input-widget .quick-input-box input[placeholder*="Color Theme"], .quick-input-widget .quick-input-box input[aria-label*="Color Theme"]');
    await box.first().waitFor({ timeout: 10_000 });
    await box.first().fill(theme);
    await chooseQuickPick(page, theme);
    await page.locator('.monaco-workbench').and(page.locator(name.startsWith('high-contrast') ? (name.endsWith('light') ? '.hc-light' : '.hc-black') : name === 'light' ? '.vs' : '.vs-dark')).waitFor({ timeout: 10_000 });
    // The webview's body carries the theme's kind once the new colours reached it.
    const kind = name === 'light' ? 'vscode-light' : name === 'dark' ? 'vscode-dark' : name.endsWith('light') ? 'vscode-high-contrast-light' : 'vscode-high-contrast';
    await view.locator(`body.${kind}`).waitFor({ timeout: 10_000 });
    await view.locator('h1').scrollIntoViewIfNeeded();
    const file = path.join(dir, `ui-test-${name}.png`);
    await page.screenshot({ path: file });
    console.log(`ui-test: screenshot of the default view in ${theme}: ${file}`);
    files.push(file);
  }
  return files;
}

/**
 * `explain.model` pointed at a missing file: a Re-run fails, and the line at the top names the model that was
 * asked for (the result still shown is the bundled model's); the setting removed, the next Re-run succeeds and
 * the error line is gone. The setting goes through the workspace's settings file, which the workbench watches;
 * the status bar item, which names the model the next run uses, says when the change has arrived.
 */
export async function failedRunNamesItsModel(ctx: StepContext, view: FrameLocator): Promise<void> {
  const { page } = ctx;
  const settingsFile = path.join(ctx.workspace, '.vscode', 'settings.json');
  const before = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
  const settings = before ? (JSON.parse(before) as Record<string, unknown>) : {};
  const status = view.locator('#status');
  const rerun = view.locator('.card').first().locator('vscode-button.rerun');
  const nextModel = (name: string) => page.locator('.statusbar-item', { hasText: `${name} ·` }).first().waitFor({ timeout: 30_000 });
  try {
    ctx.step('a failed run names the model it asked for');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'explain.model': 'models/missing.onnx' }, null, 2));
    await nextModel('missing');
    await rerun.click();
    await view.locator('#status.error').waitFor({ timeout: 90_000 });
    const line = (await status.textContent()) ?? '';
    assert.match(line, /^Explaining with missing\.onnx \(models\/missing\.onnx\) failed: .*missing\.onnx/, line);
  } finally {
    if (before === undefined) fs.rmSync(settingsFile, { force: true });
    else fs.writeFileSync(settingsFile, before);
  }
  ctx.step('the error line goes when a later run succeeds');
  await nextModel('squeezenet1.1');
  const renders = Number(await view.locator('body').getAttribute('data-renders'));
  await rerun.click();
  await waitForRender(page, renders + 1, 90_000);
  assert.ok(!(await status.getAttribute('class'))?.includes('error'), 'the line is no longer an error');
  assert.strictEqual((await status.textContent())?.trim(), '', 'the error line is gone');
  assert.match((await view.locator('.model').textContent()) ?? '', /squeezenet1\.1\.onnx/, 'the header names the model that explained');
}

/**
 * What the view shows of the engine and the card: what the score is and the engine's notes folded under "Details", each once (in a
 * comparison too); the top-5 drawn as bars; the card's parameters in words; Grad-CAM's layer a dropdown of the
 * engine's candidates, the default first and marked, and another layer picked there runs and stays shown.
 */
export async function detailsAndLayerPicker(ctx: StepContext, view: FrameLocator): Promise<void> {
  const { page } = ctx;
  ctx.step('the engine\'s notes under Details, each once');
  const details = view.locator('details.notes');
  assert.strictEqual(await details.getAttribute('open'), null, 'Details starts folded');
  assert.match((await details.locator('summary').textContent()) ?? '', /^Details \(\d+ notes? from the engine\)$/);
  const notes = await details.locator('li').allTextContents();
  // A note some methods gave starts with their names ("Grad-CAM: ...", "A, B: ..."): without them, none is there twice.
  const methods = new Set(await view.locator('.card').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label') ?? '')));
  const said = notes.map((n) => {
    const colon = n.indexOf(': ');
    return colon > 0 && n.slice(0, colon).split(', ').every((m) => methods.has(m)) ? n.slice(colon + 2) : n;
  });
  assert.ok(notes.length > 0 && new Set(said).size === said.length, `each note once: ${notes.join(' | ')}`);
  assert.match((await details.locator('p.explained').textContent()) ?? '', /^Explained: the score \(logit\) of class \d+ /, 'what the score is, under Details');
  assert.strictEqual(await view.locator('p.explained').count(), 1, 'the explained score said once, and only under Details');

  ctx.step('the top 5 as bars');
  const barHeights = await view.locator('.prob-bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().height));
  assert.ok(barHeights.length === 5 && barHeights.every((h) => h >= 10), `bars as tall as their rows, not underlines (${barHeights.join(', ')} px)`);

  ctx.step('Grad-CAM\'s layer as a dropdown of candidates');
  const rendered = async () => Number(await view.locator('body').getAttribute('data-renders'));
  let card = view.locator('.card[data-method=grad-cam]');
  if ((await card.count()) === 0) {
    const renders = await rendered();
    const first = view.locator('.card').first();
    await first.locator('.method-pick').click();
    await first.locator('.method-pick vscode-option', { hasText: 'Grad-CAM' }).first().click();
    await waitForRender(page, renders + 1);
    card = view.locator('.card[data-method=grad-cam]');
  }
  const labels = await card.locator('.param > span').allTextContents();
  assert.ok(labels.includes('Feature map (layer)'), `the card names its parameters in words: ${labels.join(', ')}`);
  const layer = card.locator('vscode-dropdown[data-param=layer]');
  const options = await layer.locator('vscode-option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLElement & { value: string }).value, text: o.textContent?.trim() ?? '' })));
  assert.ok(options.length >= 3, `candidate layers offered (${options.length})`);
  assert.strictEqual(options[0].value, '', 'the default first');
  assert.match(options[0].text, / \(default\)$/, `the default marked (${options[0].text})`);
  const defaultLayer = options[0].text.replace(/ \(default\)$/, '');
  const explainedLayer = () => view.locator('details.notes li', { hasText: 'Layer "' }).first().textContent();
  assert.ok((await explainedLayer())?.includes(`Layer "${defaultLayer}"`), 'the default is the layer explained');
  const other = options[1];
  const renders = await rendered();
  const sumBefore = await card.getAttribute('data-relevance-sum');
  await layer.click();
  await layer.locator(`vscode-option[value="${other.value}"]`).click();
  await card.locator('vscode-button.rerun').click();
  await waitForRender(page, renders + 1);
  card = view.locator('.card[data-method=grad-cam]');
  assert.strictEqual(await card.locator('vscode-dropdown[data-param=layer]').evaluate((d) => (d as HTMLElement & { value: string }).value), other.value, 'the card shows the layer it ran with');
  assert.ok((await explainedLayer())?.includes(`Layer "${other.value}"`), `the picked layer ${other.value} is the one explained`);
  assert.notStrictEqual(await card.getAttribute('data-relevance-sum'), sumBefore, 'another layer, another map');
}

/**
 * Never stale, never lost: Save's notification reveals the file in the explorer (selected there), and the
 * explained image replaced on disk by another picture re-runs the view, which then shows the new picture's
 * classes. Returns the number of the last result drawn.
 */
export async function revealAndReplaceOnDisk(ctx: StepContext, view: FrameLocator, image: string, replacement: string, renders: number): Promise<number> {
  const { page } = ctx;
  ctx.step('the save notification: Reveal in Explorer');
  await view.locator('vscode-button[data-export=json]').click();
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /Saved explain-exports\/.+-result\.json/ }).last();
  await toast.waitFor({ timeout: 15_000 });
  const saved = /Saved explain-exports\/(\S+-result\.json)/.exec((await toast.textContent()) ?? '')?.[1];
  assert.ok(saved, 'the notification names the file');
  await toast.getByRole('button', { name: 'Reveal in Explorer' }).click();
  const row = explorerRow(page, saved);
  await row.waitFor({ timeout: 15_000 });
  await page.waitForFunction((name) => Array.from(document.querySelectorAll('.explorer-folders-view .monaco-list-row[aria-selected=true]')).some((r) => r.textContent === name), saved, { timeout: 15_000 });

  ctx.step('the explained image replaced on disk');
  const before = await view.locator('.class-label').first().textContent();
  fs.copyFileSync(replacement, image);
  await waitForRender(page, renders + 1, 60_000);
  const after = await view.locator('.class-label').first().textContent();
  assert.notStrictEqual(after, before, `the re-run shows the new picture's class (${before} -> ${after})`);
  console.log(`ui-test: ${path.basename(image)} replaced on disk: top class ${before} -> ${after}; ${saved} revealed in the explorer`);
  return renders + 1;
}

/**
 * Issue 18: Select Model on a model with no configuration (a copy of the bundled SqueezeNet without its
 * sidecar): the preset table is a step of the command, every preset with its top class and probability and
 * exactly one marked suggested; the suggestion and the bundled ImageNet names chosen, the sidecar is written
 * with that preset and `$schema`, and opened beside.
 */
export async function selectModelPresetTable(ctx: StepContext): Promise<void> {
  const { page } = ctx;
  ctx.step('Select Model on an unconfigured model: the preset table');
  const dir = path.join(ctx.workspace, 'models');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'media', 'models', 'squeezenet1.1.onnx'), path.join(dir, 'unconfigured.onnx'));
  await runCommand(page, 'Explain: Select Model...');
  await chooseQuickPick(page, 'unconfigured.onnx');
  const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'preprocessing' });
  await title.waitFor({ timeout: 120_000 });
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor();
  const shown = await rows.evaluateAll((rs) => rs.map((r) => ({ preset: r.querySelector('.label-name')?.textContent?.trim() ?? '', description: r.querySelector('.label-description')?.textContent?.trim() ?? '' })));
  assert.ok(shown.length >= 5 && shown.every((r) => r.preset && /\d+\.\d% /.test(`${r.description} `)), `presets with a class and a probability each: ${JSON.stringify(shown)}`);
  // The filter matches descriptions: typing "suggested" leaves the one row marked so.
  await page.locator('.quick-input-widget .quick-input-box input').fill('suggested');
  await page.waitForFunction(() => document.querySelectorAll('.quick-input-list .monaco-list-row').length === 1, undefined, { timeout: 10_000 });
  // A row's detail line is a label of its own: the preset's name is the first.
  const suggested = (await rows.first().locator('.label-name').first().textContent())?.trim() ?? '';
  assert.ok(suggested, 'one preset is suggested');
  await page.keyboard.press('Enter');

  ctx.step('Select Model on an unconfigured model: the labels, then the sidecar');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'labels' }).waitFor({ timeout: 30_000 });
  await page.locator('.quick-input-widget .quick-input-box input').fill('ImageNet');
  await chooseQuickPick(page, 'ImageNet-1k class names (bundled)');
  await page.locator('.tabs-container .tab', { hasText: 'unconfigured.explain.json' }).waitFor({ timeout: 30_000 });
  const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'unconfigured.explain.json'), 'utf8')) as { $schema?: string; input?: { preset?: string }; labels?: unknown };
  assert.strictEqual(sidecar.input?.preset, suggested, 'the chosen preset is what the sidecar gets');
  assert.match(sidecar.$schema ?? '', /model-config\.schema\.json$/, 'with the schema, so the editor completes and checks it');
  assert.ok(sidecar.labels, 'and the labels chosen');
  console.log(`ui-test: Select Model on an unconfigured SqueezeNet: ${shown.length} presets shown, "${suggested}" suggested and written`);
}

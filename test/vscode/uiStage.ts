/**
 * The UI test's steps for the image stage (issues 19 and 18), in the real browser: in a comparison the wheel
 * zooms every card's picture alike, the keyboard pans them and a double-click fits them again; then a wide
 * photo explained by a model that crops (Resize(224) + CenterCrop(224)) is drawn larger than its pixels,
 * with the map on the original's pixels, the cut-away sides dimmed and uncoloured, the crop outlined on the
 * original, "what the model saw" placed inside that outline, and a note saying what was cropped.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import sharp from 'sharp';
import { OUTSIDE_BRIGHTNESS } from '../../src/render/onOriginal';
import { REPO_ROOT } from './sandbox';
import { explainFromExplorer } from './workbench';

/** A photo wider than the model's square input: torchvision's Resize(224) makes it 336x224, CenterCrop cuts 56 columns each side. */
const WIDE = { name: 'wide_fish.png', width: 336, height: 224, cut: 56 };

interface Placement {
  /** Where the picture's canvas lies in its box, and the box's size, in CSS pixels. */
  left: number;
  top: number;
  width: number;
  boxWidth: number;
}

/**
 * Runs the steps on `view`, which shows a comparison of several methods (drawn result `renders`); returns the
 * number of the last result drawn. `step` names the step for the failure message.
 */
export async function stageSteps(page: Page, view: FrameLocator, workspace: string, renders: number, step: (name: string) => void): Promise<number> {
  step('the wheel zooms every compared card alike');
  const cards = view.locator('.card');
  const count = await cards.count();
  assert.ok(count >= 2, `a comparison is shown (${count} cards)`);
  const placements = () => cards.locator('canvas.picture').evaluateAll((canvases) => canvases.map((c) => {
    const box = c.parentElement!.getBoundingClientRect();
    const r = c.getBoundingClientRect();
    return { left: r.left - box.left, top: r.top - box.top, width: r.width, boxWidth: box.width };
  }));
  const before = await placements();
  const firstStage = cards.first().locator('.stage').first();
  await firstStage.hover();
  await page.mouse.wheel(0, -300);
  const zoomed = await waitForChange(placements, before);
  assert.ok(zoomed[0].width > before[0].width * 1.5, `the wheel enlarged the picture (${before[0].width} -> ${zoomed[0].width} px)`);
  assert.ok(zoomed[0].left < 0 && zoomed[0].left + zoomed[0].width > zoomed[0].boxWidth, 'a part of the image is in view, not all of it');
  assertSame(zoomed, 'after the wheel');

  step('the arrow keys pan, a double-click fits again, on every card');
  await cards.nth(1).locator('.stage-panes').focus();
  await page.keyboard.press('ArrowLeft');
  const panned = await waitForChange(placements, zoomed);
  assert.ok(panned[0].left > zoomed[0].left, 'ArrowLeft shows more of the left');
  assertSame(panned, 'after the arrow key');
  await cards.last().locator('.stage').first().dblclick();
  const fitted = await waitForChange(placements, panned);
  fitted.forEach((p, i) => assertNear(p, before[i], `a double-click fits the whole image again, on card ${i + 1}`));

  step('a cropping model: a wide photo explained');
  await useCroppingModel(page, workspace);
  const photo = path.join(workspace, 'images', WIDE.name);
  await sharp(path.join(workspace, 'images', 'winml_fish.png')).resize(WIDE.width, WIDE.height, { fit: 'fill' }).png().toFile(photo);
  await explainFromExplorer(page, WIDE.name, ++renders);
  assert.match((await view.locator('.model').textContent()) ?? '', /cropping/, 'the cropping model explained');

  step('the picture is larger than its pixels in a wide panel');
  const map = view.locator('canvas.picture');
  const canvasWidth = await map.evaluate((c: HTMLCanvasElement) => c.width);
  assert.strictEqual(canvasWidth, WIDE.width, 'the map is drawn in the original\'s pixels, not the model\'s 224');
  const panel = await view.locator('body').evaluate((b) => b.clientWidth);
  const [shown] = await map.evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect().width));
  assert.ok(shown > canvasWidth, `drawn ${shown} px wide for ${canvasWidth} pixels in a ${panel} px panel`);
  assert.ok(await view.locator('.pane-original').isVisible(), 'the original beside the map');
  assert.strictEqual(await map.evaluate((c) => getComputedStyle(c).imageRendering), 'pixelated', 'enlarged pixels stay crisp');

  step('the map on the original: the cut-away sides dimmed and uncoloured');
  await view.locator('vscode-radio[value=overlay]').click();
  await view.locator('canvas.picture[data-picture=overlay]').waitFor();
  const overlay = await pixels(view, 'canvas.picture');
  const original = await pixels(view, 'canvas.original-picture');
  let cutAway = 0;
  let coloured = 0;
  for (let y = 0; y < WIDE.height; y++) {
    for (let x = 0; x < WIDE.width; x++) {
      const i = (y * WIDE.width + x) * 4;
      const inside = x >= WIDE.cut && x < WIDE.width - WIDE.cut;
      const dimmed = [0, 1, 2].every((c) => overlay[i + c] === Math.round(original[i + c] * OUTSIDE_BRIGHTNESS));
      if (!inside && !dimmed) cutAway++;
      if (inside && [0, 1, 2].some((c) => overlay[i + c] !== original[i + c])) coloured++;
    }
  }
  assert.strictEqual(cutAway, 0, 'every pixel the crop cut away is the original dimmed, with no colour');
  assert.ok(coloured > 0.5 * (WIDE.width - 2 * WIDE.cut) * WIDE.height, `the map colours the part the model saw (${coloured} pixels)`);

  step('the crop outlined on the original, what the model saw inside it, and the note');
  const outline = await relativeBox(view, '.pane-original .input-window');
  const scale = outline.boxWidth / WIDE.width;
  assert.ok(Math.abs(outline.left - WIDE.cut * scale) < 1 && Math.abs(outline.width - (WIDE.width - 2 * WIDE.cut) * scale) < 1, `the outline is the crop (${JSON.stringify(outline)})`);
  await view.locator('vscode-checkbox.show-input').click();
  await view.locator('.pane-input').waitFor();
  assert.strictEqual(await view.locator('canvas.input-picture').evaluate((c: HTMLCanvasElement) => `${c.width}x${c.height}`), '224x224', 'the model\'s input at its own resolution');
  const input = await relativeBox(view, 'canvas.input-picture');
  assert.ok(Math.abs(input.left - outline.left) < 1 && Math.abs(input.width - outline.width) < 1, `what the model saw lies where the outline is (${JSON.stringify(input)})`);
  const note = (await view.locator('.image-notes').textContent()) ?? '';
  assert.match(note, /Cropped: the model saw the middle 224x224 of the image resized to 336x224, 67% of it/);
  console.log(
    `ui-test: stage: ${count} compared cards ${before[0].boxWidth} px for 224 pixels, the wheel ${before[0].width.toFixed(1)} -> ${zoomed[0].width.toFixed(1)} px on each; ` +
      `the ${WIDE.width}x${WIDE.height} photo ${shown.toFixed(0)} px wide in a ${panel} px panel, ${2 * WIDE.cut * WIDE.height} cut-away pixels dimmed, ${coloured} coloured`,
  );
  return renders;
}

/** A copy of the bundled SqueezeNet whose configuration crops as torchvision does, made the workspace's model. */
async function useCroppingModel(page: Page, workspace: string): Promise<void> {
  const dir = path.join(workspace, 'models');
  fs.mkdirSync(dir, { recursive: true });
  const bundled = path.join(REPO_ROOT, 'media', 'models');
  fs.copyFileSync(path.join(bundled, 'squeezenet1.1.onnx'), path.join(dir, 'cropping.onnx'));
  fs.copyFileSync(path.join(bundled, 'imagenet_labels.txt'), path.join(dir, 'imagenet_labels.txt'));
  const sidecar = JSON.parse(fs.readFileSync(path.join(bundled, 'squeezenet1.1.explain.json'), 'utf8')) as { model: string; input: Record<string, unknown> };
  sidecar.model = 'cropping.onnx';
  sidecar.input.resize = { shorter: 224 };
  fs.writeFileSync(path.join(dir, 'cropping.explain.json'), JSON.stringify(sidecar, null, 2));
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  const settings = fs.existsSync(settingsFile) ? (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : {};
  fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'explain.model': 'models/cropping.onnx' }, null, 2));
  // The status bar names the model once the workbench has read the setting.
  await page.locator('.statusbar-item', { hasText: 'cropping' }).first().waitFor({ timeout: 30_000 });
}

/** Where an element lies in its pane's box (.stage), and the box's width. */
async function relativeBox(view: FrameLocator, selector: string): Promise<Placement> {
  return view.locator(selector).first().evaluate((e) => {
    const box = e.closest('.stage')!.getBoundingClientRect();
    const r = e.getBoundingClientRect();
    return { left: r.left - box.left, top: r.top - box.top, width: r.width, boxWidth: box.width };
  });
}

async function pixels(view: FrameLocator, selector: string): Promise<number[]> {
  return view.locator(selector).first().evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data));
}

/** Every compared card shows the same region: its picture lies at the same place in its box. */
function assertSame(placements: Placement[], when: string): void {
  for (const p of placements.slice(1)) assertNear(p, placements[0], `every card shows the same region ${when}`);
}

/** Equal but for the browser's sub-pixel rounding, which differs with a box's position on the page. */
function assertNear(a: Placement, b: Placement, message: string): void {
  const keys = ['left', 'top', 'width', 'boxWidth'] as const;
  assert.ok(keys.every((k) => Math.abs(a[k] - b[k]) < 0.01), `${message}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}

/** The placements once they differ from `before` (an event is handled within a frame or two). */
async function waitForChange(read: () => Promise<Placement[]>, before: Placement[]): Promise<Placement[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const now = await read();
    if (JSON.stringify(now) !== JSON.stringify(before) || Date.now() > deadline) return now;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The image stage's math: how large the pictures are and how many share a row, the zoom of a wheel or pinch,
 * one viewport for every picture (a resized panel keeps the region in view), where the model's input window
 * lies on the original, which pixel the pointer is on, and the notes on what preprocessing did. References are
 * the slow obvious ones: the engine's own per-pixel mapping (inputPixelOf), pixel counts, the row's width.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { inputGeometry, inputPixelOf, inputWindowOn } from '../../../src/preprocess/geometry';
import type { InputGeometry, ResizeMode } from '../../../src/protocol';
import { OUTSIDE_BRIGHTNESS } from '../../../src/render/onOriginal';
import { imageNotes } from '../../../webview/model/imageNotes';
import { pointedPixel } from '../../../webview/model/pointedPixel';
import { MAX_UPSCALE, SMALL_SIDE, stageLayout, type StageRoom } from '../../../webview/model/stageLayout';
import { imagePixelAt, rescaleViewport, visibleRegion, wheelZoomFactor, zoomAt } from '../../../webview/model/viewport';
import { Pictures } from '../../../webview/pictures';
import { SharedViewport } from '../../../webview/sharedViewport';

const geometryOf = (w: number, h: number, resize: ResizeMode, size = 224): InputGeometry => inputGeometry(w, h, { width: size, height: size, resize });

test('stage layout: as large as the room allows up to twice the pixels, side by side while each keeps its own size', () => {
  const rowWidth = (l: { columns: number; boxWidth: number }, room: StageRoom) => l.columns * l.boxWidth + (l.columns - 1) * room.gap;
  const wide: StageRoom = { width: 1100, height: 900, gap: 8 };
  const a = stageLayout(224, 224, 2, wide);
  assert.deepEqual([a.columns, a.scale, a.boxWidth], [2, MAX_UPSCALE, 448], 'a 224x224 input in a wide panel: twice its pixels, original and map side by side');
  const photo = stageLayout(448, 300, 2, wide);
  assert.equal(photo.columns, 2);
  assert.ok(photo.scale > 1 && photo.scale < MAX_UPSCALE && rowWidth(photo, wide) <= wide.width, `the row fills the width (${rowWidth(photo, wide)} of ${wide.width})`);
  assert.ok(rowWidth({ columns: 2, boxWidth: photo.boxWidth + 2 }, wide) > wide.width, 'and no larger box would fit');
  // Narrow: side by side each would shrink below its pixels, so they stack, each as wide as the room.
  const narrow: StageRoom = { width: 400, height: 900, gap: 8 };
  const n = stageLayout(448, 300, 2, narrow);
  assert.deepEqual([n.columns, n.boxWidth], [1, 400]);
  // A short panel bounds the height.
  const short = stageLayout(224, 224, 1, { width: 1100, height: 300, gap: 8 });
  assert.equal(short.boxHeight, 300);
  // A 28x28 digit is enlarged beyond twice its pixels, to a readable size.
  const digit = stageLayout(28, 28, 2, wide);
  assert.equal(digit.boxWidth, SMALL_SIDE);
  // Compare: as many cards in a row as keep their pixels; every row fits.
  const room: StageRoom = { width: 1032, height: 900, gap: 34 };
  const cards = stageLayout(224, 224, 5, room);
  assert.ok(cards.scale >= 1 && rowWidth(cards, room) <= room.width, `${cards.columns} cards of ${cards.boxWidth}px fit`);
  assert.ok((room.width - room.gap * cards.columns) / ((cards.columns + 1) * 224) < 1, 'one card more would shrink them below their pixels');
});

test('wheel and pinch: up enlarges, down shrinks by the same factor, a pinch (ctrl+wheel) finer than a wheel notch', () => {
  const up = wheelZoomFactor(-100, 0, false);
  assert.ok(up > 1.2 && up < 1.35, `a notch zooms by ${up}`);
  assert.ok(Math.abs(up * wheelZoomFactor(100, 0, false) - 1) < 1e-12);
  assert.equal(wheelZoomFactor(-3, 1, false), wheelZoomFactor(-99, 0, false), 'lines count as 33 pixels');
  assert.ok(wheelZoomFactor(-10, 0, true) > wheelZoomFactor(-10, 0, false), 'a pinch delta zooms more per pixel: its deltas are small');
  assert.ok(wheelZoomFactor(-10, 0, true) < 1.15, 'yet one pinch event is a small step');
});

test('one viewport: every listener gets the same view; a resized box keeps the region in view; reset fits the image', () => {
  const v = new SharedViewport({ width: 448, height: 300 }, { width: 448, height: 300 });
  const seen: string[][] = [[], []];
  const stops = seen.map((log) => v.listen((x) => log.push(JSON.stringify(x))));
  v.set(zoomAt(v.value, 2, 100, 50));
  assert.deepEqual(seen[0], seen[1], 'both cards see one view');
  const pixel = imagePixelAt(v.value, 100, 50, 448, 300);
  assert.deepEqual(pixel, imagePixelAt({ zoom: 1, panX: 0, panY: 0 }, 100, 50, 448, 300), 'zooming keeps the pixel under the pointer');
  const region = visibleRegion(v.value, 448, 300);
  v.resize({ width: 896, height: 600 });
  const after = visibleRegion(v.value, 896, 600);
  for (const k of ['x', 'y', 'width', 'height'] as const) assert.ok(Math.abs(after[k] - region[k]) < 1e-9, `${k}: ${region[k]} -> ${after[k]}`);
  v.reset();
  assert.deepEqual(visibleRegion(v.value, 896, 600), { x: -0, y: -0, width: 448, height: 300 });
  stops[1]();
  v.set(rescaleViewport(v.value, 0.5));
  assert.equal(seen[0].length, seen[1].length + 1, 'a stage that let go hears nothing more');
});

test('the input window on the original holds exactly the pixels the engine maps to the input', () => {
  const cases: [number, number, ResizeMode, number, number][] = [
    [451, 300, { shorter: 256 }, 451, 300],
    [451, 300, { shorter: 256 }, 226, 150], // the original shown scaled down
    [300, 451, 'center-crop', 300, 451],
    [451, 300, { longer: 224 }, 451, 300],
    [451, 300, 'stretch', 451, 300],
  ];
  for (const [w, h, resize, dw, dh] of cases) {
    const g = geometryOf(w, h, resize);
    const r = inputWindowOn(g, dw, dh);
    let differ = 0;
    for (let v = 0; v < dh; v++)
      for (let u = 0; u < dw; u++) {
        const inside = u + 0.5 >= r.x && u + 0.5 < r.x + r.width && v + 0.5 >= r.y && v + 0.5 < r.y + r.height;
        if (inside !== !!inputPixelOf(g, dw, dh, u, v)) differ++;
      }
    assert.equal(differ, 0, `${w}x${h} ${JSON.stringify(resize)} shown at ${dw}x${dh}`);
  }
});

test('the pointed pixel: the original file\'s own pixel and the input pixel covering it, none where it was cut away', () => {
  const g = geometryOf(451, 300, { shorter: 224 });
  assert.deepEqual(pointedPixel({ x: 0, y: 10 }, 451, 300, g), { original: { x: 0, y: 10 } }, 'the left edge was cropped');
  const mid = pointedPixel({ x: 225, y: 150 }, 451, 300, g);
  assert.deepEqual(mid.input, inputPixelOf(g, 451, 300, 225, 150));
  // Shown at half size, pixel (112, 75) is the file's (225, 151) region.
  assert.deepEqual(pointedPixel({ x: 112, y: 75 }, 226, 150, g).original, { x: Math.floor(112.5 * 451 / 226), y: 151 });
  assert.deepEqual(pointedPixel({ x: 3, y: 4 }, 224, 224, undefined), { input: { x: 3, y: 4 } }, 'a tensor input: the input is the picture');
});

test('notes: stretched, cropped (with the share the model saw), padded, transparency flattened; none for a plain resize', () => {
  assert.deepEqual(imageNotes(geometryOf(224, 224, 'stretch'), false), []);
  assert.deepEqual(imageNotes(geometryOf(500, 500, { shorter: 224 }), false), [], 'a square photo resized keeps its shape');
  assert.deepEqual(imageNotes(undefined, false), [], 'a tensor input has no file to describe');
  const stretched = imageNotes(geometryOf(448, 300, 'stretch'), false);
  assert.equal(stretched.length, 1);
  assert.match(stretched[0], /^Stretched: the 448x300 image was resized to 224x224/);
  const g = geometryOf(451, 300, { shorter: 224 });
  const cropped = imageNotes(g, true);
  // The share of the resized image the model saw, counted pixel by pixel.
  let seen = 0;
  for (let v = 0; v < g.resizedHeight; v++) for (let u = 0; u < g.resizedWidth; u++) if (inputPixelOf(g, g.resizedWidth, g.resizedHeight, u, v)) seen++;
  assert.match(cropped[0], new RegExp(`^Cropped: the model saw the middle 224x224 of the image resized to ${g.resizedWidth}x224, ${Math.round((100 * seen) / (g.resizedWidth * g.resizedHeight))}% of it`));
  assert.match(cropped[1], /^Transparent pixels were flattened onto black/);
  const letterbox = geometryOf(451, 300, { longer: 224 });
  const padded = imageNotes(letterbox, false);
  assert.equal(letterbox.resizedHeight, Math.trunc((224 * 300) / 451));
  assert.match(padded[0], new RegExp(`^Padded: the image was resized to 224x${letterbox.resizedHeight} and padded to 224x224`));
});

test('pictures: the map on a cropped original leaves the cut-away part dimmed and uncoloured, the rest the original at opacity 0', () => {
  const [w, h] = [60, 30];
  const geometry = inputGeometry(w, h, { width: 20, height: 20, resize: { shorter: 20 } });
  const original = { data: Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 7) % 256), width: w, height: h };
  const heatmap = { data: Float32Array.from({ length: 400 }, (_, i) => Math.sin(i)), width: 20, height: 20 };
  const p = new Pictures({ display: { data: new Uint8Array(400 * 3), width: 20, height: 20 }, heatmap, geometry, original });
  assert.deepEqual([p.base.width, p.base.height], [w, h], 'measured in the original\'s pixels');
  const overlay = p.pixels({ picture: 'overlay', opacity: 1, colormap: 'signed', percentile: 99, sharedScale: false }, 'signed', 1);
  const clear = p.pixels({ picture: 'overlay', opacity: 0, colormap: 'signed', percentile: 99, sharedScale: false }, 'signed', 1);
  let outside = 0;
  for (let v = 0; v < h; v++)
    for (let u = 0; u < w; u++) {
      const q = v * w + u;
      const inside = !!inputPixelOf(geometry, w, h, u, v);
      const expected = [0, 1, 2].map((c) => Math.round(original.data[q * 3 + c] * (inside ? 1 : OUTSIDE_BRIGHTNESS)));
      assert.deepEqual(Array.from(clear.subarray(q * 4, q * 4 + 3)), expected, `pixel ${u},${v} at opacity 0`);
      if (!inside) {
        outside++;
        assert.deepEqual(Array.from(overlay.subarray(q * 4, q * 4 + 3)), expected, `cut-away pixel ${u},${v} takes no colour`);
      }
    }
  // Resized to 40x20, the crop keeps the middle 20 columns: 10 resized columns, 15 of the original's, go on each side.
  assert.equal(outside, 2 * 15 * h, 'the crop cut 15 original columns from each side');
});

/**
 * The overlay on the original: a map with one hot input pixel must land on the original pixel that input
 * pixel was sampled from, through a crop and through a letterbox; what the crop cut away is dimmed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { resolvePreprocessing } from '../../../src/config/inputShape';
import { inputGeometry, sourcePixelOf } from '../../../src/preprocess/geometry';
import { decodeImageBytes } from '../../../src/preprocess/image';
import type { PreprocessingConfig } from '../../../src/protocol';
import { heatOnOriginal, OUTSIDE_BRIGHTNESS } from '../../../src/render/onOriginal';
import { renderHeatmapPngs } from '../../../src/render/png';

const W = 300;
const H = 200;

/** Every pixel spells its own coordinates: R = u mod 256, G = v, B = 100 * floor(u / 256). */
async function coordinateImage(): Promise<{ png: Buffer; rgb: Uint8Array }> {
  const rgb = new Uint8Array(W * H * 3);
  for (let v = 0; v < H; v++)
    for (let u = 0; u < W; u++) rgb.set([u % 256, v, 100 * Math.floor(u / 256)], (v * W + u) * 3);
  const png = await sharp(Buffer.from(rgb), { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
  return { png, rgb };
}

function hotAt(x: number, y: number, size: number): Uint8ClampedArray {
  const heat = new Uint8ClampedArray(size * size * 4);
  heat.set([255, 0, 0, 255], (y * size + x) * 4);
  return heat;
}

async function checkHotPixels(config: PreprocessingConfig, pixels: [number, number][]): Promise<void> {
  const size = 112;
  const pre = resolvePreprocessing({ preset: 'raw', interpolation: 'nearest', ...config }, [1, 3, size, size]);
  const { png, rgb } = await coordinateImage();
  const decoded = await decodeImageBytes(png, pre, 'coordinates.png');
  assert.deepEqual([decoded.original.width, decoded.original.height], [W, H]);
  for (const [x, y] of pixels) {
    const on = heatOnOriginal(hotAt(x, y, size), decoded.geometry, decoded.original);
    const hot: [number, number][] = [];
    for (let p = 0; p < W * H; p++) if (on.heat[p * 4 + 3] > 0) hot.push([p % W, Math.floor(p / W)]);
    const i = (y * size + x) * 3;
    const [r, g, b] = decoded.display.data.subarray(i, i + 3);
    const mapped = sourcePixelOf(decoded.geometry, x, y);
    if (!mapped) {
      // Padding: the map there belongs to no original pixel.
      assert.equal(hot.length, 0, `padding pixel ${x},${y} landed on the original`);
      continue;
    }
    // The original pixel nearest-neighbour sampling took for input (x, y) is under the hot spot...
    const sampled: [number, number] = [r + 256 * (b / 100), g];
    assert.ok(hot.some(([u, v]) => u === sampled[0] && v === sampled[1]), `input ${x},${y} sampled ${sampled}, hot ${JSON.stringify(hot.slice(0, 4))}`);
    assert.deepEqual([mapped.x, mapped.y], sampled);
    // ... and the spot is one input pixel's footprint, a rectangle of about original/resized pixels a side.
    const us = hot.map(([u]) => u);
    const vs = hot.map(([, v]) => v);
    const spanX = Math.max(...us) - Math.min(...us) + 1;
    const spanY = Math.max(...vs) - Math.min(...vs) + 1;
    assert.equal(hot.length, spanX * spanY);
    assert.ok(Math.abs(spanX - W / decoded.geometry.resizedWidth) <= 1 && Math.abs(spanY - H / decoded.geometry.resizedHeight) <= 1);
  }
  // Cropped away: dimmed and uncoloured; seen: as it is.
  const on = heatOnOriginal(hotAt(0, 0, size), decoded.geometry, decoded.original);
  const corner = decoded.geometry.left > 0 ? 0 : -1;
  if (corner === 0) {
    assert.equal(on.base[1], Math.round(rgb[1] * OUTSIDE_BRIGHTNESS));
    const centre = (100 * W + 150) * 3;
    assert.equal(on.base[centre + 1], rgb[centre + 1]);
  }
}

test('torchvision geometry: int() for the longer side, round-half-even for the crop start', () => {
  const g = inputGeometry(320, 240, { width: 224, height: 224, resize: { shorter: 256 } });
  // 256 * 320 / 240 = 341.33 -> 341; (341 - 224) / 2 = 58.5 -> 58 (Python's round), (256 - 224) / 2 = 16.
  assert.deepEqual([g.resizedWidth, g.resizedHeight, g.left, g.top], [341, 256, 58, 16]);
  const small = inputGeometry(40, 30, { width: 96, height: 96, resize: { shorter: 64 } });
  // Smaller than the crop: torchvision pads (crop - size) // 2 on the left/top.
  assert.deepEqual([small.resizedWidth, small.resizedHeight, small.left, small.top], [85, 64, -5, -16]);
  const box = inputGeometry(300, 200, { width: 112, height: 112, resize: { longer: 112, pad: 0 } });
  assert.deepEqual([box.resizedWidth, box.resizedHeight, box.left, box.top], [112, 74, 0, -19]);
});

test('a single hot pixel lands on the original pixel it came from, through a centre crop', async () => {
  await checkHotPixels({ resize: { shorter: 128 } }, [[0, 0], [111, 111], [56, 40], [3, 100]]);
});

test('a single hot pixel lands on the original pixel it came from, through a letterbox', async () => {
  await checkHotPixels({ resize: { longer: 112, pad: 0 } }, [[0, 0], [0, 19], [111, 92], [60, 50]]);
});

test('overlay.png is drawn at the original size', async () => {
  const pre = resolvePreprocessing({ preset: 'raw', resize: { shorter: 128 } }, [1, 3, 112, 112]);
  const decoded = await decodeImageBytes((await coordinateImage()).png, pre, 'coordinates.png');
  const relevance = { data: new Float32Array(3 * 112 * 112).fill(1), dims: [1, 3, 112, 112] };
  const { heatmap, overlay } = await renderHeatmapPngs(relevance, 'NCHW', decoded.display, {
    onOriginal: { geometry: decoded.geometry, original: decoded.original },
  });
  const [h, o] = await Promise.all([sharp(heatmap).metadata(), sharp(overlay).metadata()]);
  assert.deepEqual([h.width, h.height, o.width, o.height], [112, 112, W, H]);
});

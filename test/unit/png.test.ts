import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { encodePng, renderHeatmapPngs } from '../../src/render/png';

async function decode(png: Buffer): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

test('encodePng round-trips RGB and RGBA pixels through sharp', async () => {
  const rgba = Uint8ClampedArray.from({ length: 5 * 3 * 4 }, (_, i) => (i * 37) % 256);
  const decoded = await decode(await encodePng(rgba, 5, 3, 4));
  assert.deepEqual([decoded.width, decoded.height, decoded.channels], [5, 3, 4]);
  assert.deepEqual(new Uint8Array(decoded.data), new Uint8Array(rgba));

  const rgb = Uint8Array.from({ length: 2 * 4 * 3 }, (_, i) => i * 10);
  const decodedRgb = await decode(await encodePng(rgb, 2, 4, 3));
  assert.deepEqual([decodedRgb.width, decodedRgb.height, decodedRgb.channels], [2, 4, 3]);
  assert.deepEqual(new Uint8Array(decodedRgb.data), rgb);

  await assert.rejects(encodePng(rgb, 3, 4, 3), /bytes do not make a 3x4 image/);
});

test('renderHeatmapPngs draws at the display size, upsampling a coarse CAM', async () => {
  const display = { data: new Uint8Array(8 * 6 * 3).fill(100), width: 8, height: 6 };

  const relevance = { data: Float32Array.from({ length: 3 * 6 * 8 }, (_, i) => Math.sin(i)), dims: [1, 3, 6, 8] };
  const full = await renderHeatmapPngs(relevance, 'NCHW', display, { opacity: 1 });
  const heatmap = await decode(full.heatmap);
  const overlay = await decode(full.overlay);
  assert.deepEqual([heatmap.width, heatmap.height, overlay.width, overlay.height], [8, 6, 8, 6]);
  assert.deepEqual(overlay.data, heatmap.data, 'opacity 1 shows only the heatmap');

  const cam = { data: new Float32Array([0, 1, 2, 3]), dims: [1, 1, 2, 2] };
  const upsampled = await renderHeatmapPngs(cam, 'NCHW', display, { mode: 'positive', opacity: 0 });
  const camHeatmap = await decode(upsampled.heatmap);
  assert.deepEqual([camHeatmap.width, camHeatmap.height], [8, 6]);
  assert.deepEqual(new Uint8Array((await decode(upsampled.overlay)).data), new Uint8Array(8 * 6 * 4).map((_, i) => (i % 4 === 3 ? 255 : 100)));
  // Relevance grows to the bottom right, so the colour there is the brightest.
  const brightness = (x: number, y: number) => camHeatmap.data[(y * 8 + x) * 4] + camHeatmap.data[(y * 8 + x) * 4 + 1];
  assert.ok(brightness(7, 5) > brightness(4, 3) && brightness(4, 3) > brightness(0, 0));
});

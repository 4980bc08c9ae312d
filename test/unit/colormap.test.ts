import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../src/errors';
import {
  blend,
  collapseChannels,
  divergingColor,
  percentileAbs,
  relevanceToRgba,
  sequentialColor,
  type Rgb,
} from '../../src/render/colormap';

/** Rec. 709 luma of the sRGB values: enough to check that a map gets lighter or darker. */
function luma([r, g, b]: Rgb): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function steps(from: number, to: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => from + ((to - from) * i) / n);
}

test('diverging: blue at -1, white at 0, red at +1, clipped outside', () => {
  assert.deepEqual(divergingColor(0), [255, 255, 255]);
  const [r1, , b1] = divergingColor(1);
  const [rm, , bm] = divergingColor(-1);
  assert.ok(r1 > 2 * b1, 'red at +1');
  assert.ok(bm > 2 * rm, 'blue at -1');
  assert.deepEqual(divergingColor(7), divergingColor(1));
  assert.deepEqual(divergingColor(-7), divergingColor(-1));
  assert.deepEqual(divergingColor(Number.NaN), divergingColor(0));
});

test('diverging: lightness rises towards 0 and falls after; hue follows the sign', () => {
  const negative = steps(-1, 0, 50).map(divergingColor);
  const positive = steps(0, 1, 50).map(divergingColor);
  for (let i = 1; i <= 50; i++) {
    assert.ok(luma(negative[i]) > luma(negative[i - 1]), `negative step ${i}`);
    assert.ok(luma(positive[i]) < luma(positive[i - 1]), `positive step ${i}`);
  }
  for (const [r, , b] of negative.slice(0, -1)) assert.ok(b > r);
  for (const [r, , b] of positive.slice(1)) assert.ok(r > b);
});

test('sequential: dark at 0, bright at 1, lightness increasing, clipped outside', () => {
  assert.ok(luma(sequentialColor(0)) < 5);
  assert.ok(luma(sequentialColor(1)) > 240);
  const colors = steps(0, 1, 100).map(sequentialColor);
  for (let i = 1; i < colors.length; i++) assert.ok(luma(colors[i]) >= luma(colors[i - 1]), `step ${i}`);
  assert.deepEqual(sequentialColor(2), sequentialColor(1));
  assert.deepEqual(sequentialColor(-1), sequentialColor(0));
});

test('percentileAbs interpolates between ranks like numpy', () => {
  const values = new Float32Array([-4, 1, 2, 3]);
  assert.equal(percentileAbs(values, 100), 4);
  assert.equal(percentileAbs(values, 0), 1);
  assert.equal(percentileAbs(values, 50), 2.5);
  assert.ok(Math.abs(percentileAbs(values, 99.5) - 3.985) < 1e-6);
  assert.equal(percentileAbs(new Float32Array(0), 50), 0);
  assert.deepEqual(values, new Float32Array([-4, 1, 2, 3]), 'input left alone');
  assert.throws(() => percentileAbs(values, 101), (e: unknown) => e instanceof ExplainError && e.code === 'BAD_ARGUMENT');
});

test('collapseChannels sums channels in either layout', () => {
  // Two channels of a 1x2 image: channel 0 = [1, 2], channel 1 = [10, 20].
  const nchw = collapseChannels({ data: new Float32Array([1, 2, 10, 20]), dims: [1, 2, 1, 2] }, 'NCHW');
  const nhwc = collapseChannels({ data: new Float32Array([1, 10, 2, 20]), dims: [1, 1, 2, 2] }, 'NHWC');
  assert.deepEqual(nchw, { data: new Float32Array([11, 22]), width: 2, height: 1 });
  assert.deepEqual(nhwc, nchw);
  const cam = collapseChannels({ data: new Float32Array([1, 2, 3, 4, 5, 6]), dims: [1, 1, 2, 3] }, 'NCHW');
  assert.deepEqual([cam.width, cam.height], [3, 2]);
});

function pixels(rgba: Uint8ClampedArray): number[][] {
  return Array.from({ length: rgba.length / 4 }, (_, p) => Array.from(rgba.subarray(p * 4, p * 4 + 4)));
}

test('relevanceToRgba: signed is centred at 0 and scaled by the percentile; other modes are sequential', () => {
  const map = { data: new Float32Array([-2, 0, 1, 2, 8]), width: 5, height: 1 };
  const signed = pixels(relevanceToRgba(map, { mode: 'signed', percentile: 75 })); // 75th percentile of |R| = 2
  assert.deepEqual(signed, [
    [...divergingColor(-1), 255],
    [255, 255, 255, 255],
    [...divergingColor(0.5), 255],
    [...divergingColor(1), 255],
    [...divergingColor(1), 255],
  ]);

  const opaque = (t: number) => [...sequentialColor(t), 255];
  assert.deepEqual(pixels(relevanceToRgba(map, { mode: 'absolute', percentile: 100 })), [0.25, 0, 0.125, 0.25, 1].map(opaque));
  assert.deepEqual(pixels(relevanceToRgba(map, { mode: 'positive', percentile: 100 })), [0, 0, 0.125, 0.25, 1].map(opaque));
  assert.deepEqual(pixels(relevanceToRgba(map, { mode: 'negative', percentile: 100 })), [1, 0, 0, 0, 0].map(opaque));

  const zeros = relevanceToRgba({ data: new Float32Array(3), width: 3, height: 1 }, { mode: 'signed' });
  assert.deepEqual(pixels(zeros), [0, 0, 0].map(() => [255, 255, 255, 255]));
});

test('relevanceToRgba defaults to the 99.5th percentile', () => {
  const data = Float32Array.from({ length: 1000 }, (_, i) => i);
  const map = { data, width: 1000, height: 1 };
  assert.deepEqual(relevanceToRgba(map, { mode: 'absolute' }), relevanceToRgba(map, { mode: 'absolute', percentile: 99.5 }));
  assert.notDeepEqual(relevanceToRgba(map, { mode: 'absolute' }), relevanceToRgba(map, { mode: 'absolute', percentile: 100 }));
});

test('blend: opacity 0 shows the image, 1 the heatmap, between mixes; heat alpha scales it', () => {
  const base = new Uint8Array([10, 20, 30, 200, 200, 200]);
  const heat = new Uint8ClampedArray([250, 0, 100, 255, 0, 0, 0, 0]); // second pixel fully transparent
  assert.deepEqual(pixels(blend(base, heat, 2, 1, 0)), [[10, 20, 30, 255], [200, 200, 200, 255]]);
  assert.deepEqual(pixels(blend(base, heat, 2, 1, 1)), [[250, 0, 100, 255], [200, 200, 200, 255]]);
  assert.deepEqual(pixels(blend(base, heat, 2, 1, 0.5)), [[130, 10, 65, 255], [200, 200, 200, 255]]);
  assert.throws(() => blend(base, heat, 3, 1, 0.5), (e: unknown) => e instanceof ExplainError && e.code === 'BAD_ARGUMENT');
});

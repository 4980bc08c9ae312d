import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../src/errors';
import { makeBaseline } from '../../src/preprocess/baselines';
import { decodeImage, pixelRange } from '../../src/preprocess/image';
import type { BaselineSpec, Preprocessing, TensorInput } from '../../src/protocol';
import { createRng } from '../../src/util/random';
import { fixture } from '../helpers/fixtures';

const W = 12;
const H = 8;
const PRE: Preprocessing = {
  width: W, height: H, channels: 'RGB', layout: 'NCHW', scale: 1 / 255,
  mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: 'stretch',
};
const NHWC: Preprocessing = { ...PRE, layout: 'NHWC' };

/** Value of channel c at (y, x), fn(c, y, x), laid out as `pre` says. */
function tensorOf(pre: Preprocessing, fn: (c: number, y: number, x: number) => number): TensorInput {
  const dims = pre.layout === 'NCHW' ? [1, 3, H, W] : [1, H, W, 3];
  const data = new Float32Array(3 * H * W);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) data[pre.layout === 'NCHW' ? (c * H + y) * W + x : (y * W + x) * 3 + c] = fn(c, y, x);
    }
  }
  return { data, dims };
}

function at(t: TensorInput, pre: Preprocessing, c: number, y: number, x: number): number {
  return t.data[pre.layout === 'NCHW' ? (c * H + y) * W + x : (y * W + x) * 3 + c];
}

function channelValues(t: TensorInput, pre: Preprocessing, c: number): number[] {
  const values: number[] = [];
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) values.push(at(t, pre, c, y, x));
  return values;
}

function variance(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
}

const rng = createRng(11);
const RANDOM_IMAGE = tensorOf(PRE, () => rng.normal());

test('zero: zeros with the input dims', async () => {
  const { tensor, description } = await makeBaseline({ kind: 'zero' }, RANDOM_IMAGE, PRE);
  assert.deepEqual(tensor.dims, RANDOM_IMAGE.dims);
  assert.ok(tensor.data.every((v) => v === 0));
  assert.match(description, /zero/);
});

test('black: pixel 0 preprocessed, per channel, in either layout', async () => {
  for (const pre of [PRE, NHWC]) {
    const { tensor } = await makeBaseline({ kind: 'black' }, tensorOf(pre, () => 1), pre);
    for (let c = 0; c < 3; c++) {
      const expected = Math.fround(-PRE.mean[c] / PRE.std[c]);
      assert.ok(channelValues(tensor, pre, c).every((v) => v === expected), `${pre.layout} channel ${c}`);
    }
  }
});

test('blur keeps a constant image constant, even with a kernel wider than the image', async () => {
  const constant = tensorOf(PRE, (c) => c + 0.5);
  for (const sigma of [1, 3, 40]) {
    const { tensor } = await makeBaseline({ kind: 'blur', sigma }, constant, PRE);
    for (let i = 0; i < tensor.data.length; i++) assert.ok(Math.abs(tensor.data[i] - constant.data[i]) < 1e-6, `sigma ${sigma}`);
  }
});

test('blur reduces variance, keeps channels apart and the mean about the same', async () => {
  const { tensor, description } = await makeBaseline({ kind: 'blur', sigma: 1.5 }, RANDOM_IMAGE, PRE);
  assert.match(description, /sigma 1\.5/);
  for (let c = 0; c < 3; c++) {
    const before = channelValues(RANDOM_IMAGE, PRE, c);
    const after = channelValues(tensor, PRE, c);
    assert.ok(variance(after) < 0.3 * variance(before), `channel ${c}: ${variance(after)} vs ${variance(before)}`);
  }
  const oneChannel = tensorOf(PRE, (c, y, x) => (c === 1 ? (x + y) % 2 : 0));
  const blurred = (await makeBaseline({ kind: 'blur', sigma: 1 }, oneChannel, PRE)).tensor;
  assert.ok(channelValues(blurred, PRE, 0).every((v) => v === 0));
  assert.ok(channelValues(blurred, PRE, 2).every((v) => v === 0));
});

test('blur gives the same image in NCHW and NHWC', async () => {
  const pattern = (c: number, y: number, x: number) => Math.sin(3 * x + 5 * y + c);
  const nchw = (await makeBaseline({ kind: 'blur' }, tensorOf(PRE, pattern), PRE)).tensor;
  const nhwc = (await makeBaseline({ kind: 'blur' }, tensorOf(NHWC, pattern), NHWC)).tensor;
  for (let c = 0; c < 3; c++) assert.deepEqual(channelValues(nhwc, NHWC, c), channelValues(nchw, PRE, c));
});

test('blur is separable Gaussian smoothing: an impulse spreads symmetrically', async () => {
  const impulse = tensorOf(PRE, (_c, y, x) => (y === 4 && x === 6 ? 1 : 0));
  const { tensor } = await makeBaseline({ kind: 'blur', sigma: 1 }, impulse, PRE);
  const value = (dy: number, dx: number) => at(tensor, PRE, 0, 4 + dy, 6 + dx);
  assert.ok(Math.abs(value(0, 1) - value(0, -1)) < 1e-7);
  assert.ok(Math.abs(value(1, 0) - value(-1, 0)) < 1e-7);
  assert.ok(Math.abs(value(1, 1) * value(0, 0) - value(0, 1) * value(1, 0)) < 1e-7, 'separable');
  assert.ok(Math.abs(value(0, 1) / value(0, 0) - Math.exp(-0.5)) < 1e-5, 'Gaussian with sigma 1');
});

test('blur mirrors the border with the edge pixel repeated (d c b a | a b c d)', async () => {
  const ramp = tensorOf(PRE, (_c, _y, x) => x); // constant along y, so only the horizontal pass changes it
  const { tensor } = await makeBaseline({ kind: 'blur', sigma: 1 }, ramp, PRE);
  const weights = [-3, -2, -1, 0, 1, 2, 3].map((k) => Math.exp(-(k * k) / 2));
  const total = weights.reduce((a, b) => a + b, 0);
  const mirrored = [2, 1, 0, 0, 1, 2, 3]; // ramp values seen from x = 0 at offsets -3..3
  const expected = weights.reduce((sum, w, i) => sum + (w / total) * mirrored[i], 0);
  assert.ok(Math.abs(at(tensor, PRE, 0, 3, 0) - expected) < 1e-6, `${at(tensor, PRE, 0, 3, 0)} vs ${expected}`);
});

test('mean: every channel filled with its own mean', async () => {
  for (const pre of [PRE, NHWC]) {
    const input = tensorOf(pre, (c, _y, x) => c * 10 + x); // channel c has mean c * 10 + 5.5
    const { tensor } = await makeBaseline({ kind: 'mean' }, input, pre);
    for (let c = 0; c < 3; c++) {
      assert.ok(channelValues(tensor, pre, c).every((v) => Math.abs(v - (c * 10 + 5.5)) < 1e-5), `${pre.layout} channel ${c}`);
    }
  }
});

test('noise: seeded, reproducible, within the pixel range of each channel', async () => {
  const { low, high } = pixelRange(PRE);
  const a = (await makeBaseline({ kind: 'noise', seed: 5 }, RANDOM_IMAGE, PRE)).tensor;
  const b = (await makeBaseline({ kind: 'noise', seed: 5 }, RANDOM_IMAGE, PRE)).tensor;
  const other = (await makeBaseline({ kind: 'noise', seed: 6 }, RANDOM_IMAGE, PRE)).tensor;
  const defaultSeed = (await makeBaseline({ kind: 'noise' }, RANDOM_IMAGE, PRE)).tensor;
  const seedZero = (await makeBaseline({ kind: 'noise', seed: 0 }, RANDOM_IMAGE, PRE)).tensor;
  assert.deepEqual(a.data, b.data);
  assert.notDeepEqual(a.data, other.data);
  assert.deepEqual(defaultSeed.data, seedZero.data);
  for (let c = 0; c < 3; c++) {
    const values = channelValues(a, PRE, c);
    assert.ok(values.every((v) => v >= Math.fround(low[c]) && v <= Math.fround(high[c])), `channel ${c}`);
    assert.ok(Math.max(...values) - Math.min(...values) > 0.5 * (high[c] - low[c]), 'spread over the range');
  }
});

test('image: another file with the same preprocessing', async () => {
  const pre: Preprocessing = { ...PRE, width: 64, height: 64 };
  const input = (await decodeImage(fixture('images', 'astronaut_64.png'), pre)).tensor;
  const path = fixture('images', 'rocket_64.png');
  const { tensor, description } = await makeBaseline({ kind: 'image', path }, input, pre);
  assert.deepEqual(tensor, (await decodeImage(path, pre)).tensor);
  assert.match(description, /rocket_64\.png/);
});

test('an unknown kind is a BAD_ARGUMENT', async () => {
  await assert.rejects(
    makeBaseline({ kind: 'gray' } as unknown as BaselineSpec, RANDOM_IMAGE, PRE),
    (err: unknown) => err instanceof ExplainError && err.code === 'BAD_ARGUMENT' && /"gray"/.test(err.message),
  );
  await assert.rejects(
    makeBaseline({ kind: 'blur', sigma: -1 }, RANDOM_IMAGE, PRE),
    (err: unknown) => err instanceof ExplainError && err.code === 'BAD_ARGUMENT',
  );
});

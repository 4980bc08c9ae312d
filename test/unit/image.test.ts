import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { ExplainError, type ErrorCode } from '../../src/errors';
import { decodeImage, pixelRange, preprocessPixels } from '../../src/preprocess/image';
import type { Preprocessing, TensorInput } from '../../src/protocol';
import { fixture } from '../helpers/fixtures';
import { readNpz } from '../helpers/npz';

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

function preprocessing(overrides: Partial<Preprocessing>): Preprocessing {
  return { width: 2, height: 2, channels: 'RGB', layout: 'NCHW', scale: 1, mean: [0, 0, 0], std: [1, 1, 1], resize: 'stretch', ...overrides };
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

async function assertMatchesReference(reference: string, image: string, pre: Preprocessing): Promise<void> {
  const expected = readNpz(fixture('reference', reference)).get('input');
  assert.ok(expected);
  const { tensor, display } = await decodeImage(fixture('images', image), pre);
  assert.deepEqual(tensor.dims, [1, ...expected.shape]);
  const difference = maxAbsDifference(tensor.data, expected.data);
  assert.ok(difference <= 1e-6, `max difference ${difference}`);
  assert.deepEqual([display.width, display.height, display.data.length], [pre.width, pre.height, pre.width * pre.height * 3]);
}

async function assertRejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(promise, (err: unknown) => err instanceof ExplainError && err.code === code);
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'decode-'));
}

test('SqueezeNet input: BGR, 0..255, no mean/std', async () => {
  const pre = preprocessing({ width: 224, height: 224, channels: 'BGR' });
  await assertMatchesReference('squeezenet__winml_fish_224__t0.npz', 'winml_fish_224.png', pre);
});

test('MNIST input: gray, pixel/255', async () => {
  const pre = preprocessing({ width: 28, height: 28, channels: 'gray', scale: 1 / 255, mean: [0], std: [1] });
  await assertMatchesReference('mnist__mnist_wonnx_0_28__t0.npz', 'mnist_wonnx_0_28.png', pre);
});

test('resnet_mini input: RGB, ImageNet mean and std', async () => {
  const pre = preprocessing({ width: 64, height: 64, scale: 1 / 255, mean: IMAGENET_MEAN, std: IMAGENET_STD });
  await assertMatchesReference('resnet_mini__astronaut_64__t7.npz', 'astronaut_64.png', pre);
});

test('NHWC holds the same values as NCHW, channels last', async () => {
  const pre = preprocessing({ width: 64, height: 64, scale: 1 / 255, mean: IMAGENET_MEAN, std: IMAGENET_STD });
  const nchw = (await decodeImage(fixture('images', 'astronaut_64.png'), pre)).tensor;
  const nhwc = (await decodeImage(fixture('images', 'astronaut_64.png'), { ...pre, layout: 'NHWC' })).tensor;
  assert.deepEqual(nhwc.dims, [1, 64, 64, 3]);
  for (const [c, y, x] of [[0, 0, 0], [1, 10, 20], [2, 63, 5]]) {
    assert.equal(nhwc.data[(y * 64 + x) * 3 + c], nchw.data[c * 4096 + y * 64 + x]);
  }
});

test('a gray image feeds every channel of an RGB model; the display of a gray model is RGB', async () => {
  const rgb = await decodeImage(fixture('images', 'winml_mnist_28.png'), preprocessing({ width: 28, height: 28 }));
  const plane = 28 * 28;
  assert.deepEqual(rgb.tensor.data.subarray(0, plane), rgb.tensor.data.subarray(plane, 2 * plane));
  assert.deepEqual(rgb.tensor.data.subarray(0, plane), rgb.tensor.data.subarray(2 * plane));

  const gray = await decodeImage(fixture('images', 'winml_mnist_28.png'), preprocessing({ width: 28, height: 28, channels: 'gray', mean: [0], std: [1] }));
  assert.deepEqual(gray.display.data, rgb.display.data);
});

/** 40x20: red left quarter, green middle half, blue right quarter. */
async function writeStripes(path: string): Promise<void> {
  const pixels = Buffer.alloc(40 * 20 * 3);
  for (let y = 0; y < 20; y++) {
    for (let x = 0; x < 40; x++) pixels[(y * 40 + x) * 3 + (x < 10 ? 0 : x < 30 ? 1 : 2)] = 255;
  }
  await sharp(pixels, { raw: { width: 40, height: 20, channels: 3 } }).png().toFile(path);
}

test('stretch keeps the whole image; center-crop keeps the centre at the right aspect', async () => {
  const path = join(tempDir(), 'stripes.png');
  await writeStripes(path);
  const pre = preprocessing({ width: 10, height: 10, layout: 'NHWC' });
  // The resampling kernel blurs the stripes' edges a little, so look at which colour dominates.
  const colourAt = (t: TensorInput, x: number, y: number) => {
    const rgb = Array.from(t.data.subarray((y * 10 + x) * 3, (y * 10 + x) * 3 + 3));
    return ['red', 'green', 'blue'][rgb.indexOf(Math.max(...rgb))];
  };

  const stretched = (await decodeImage(path, pre)).tensor;
  assert.deepEqual(stretched.dims, [1, 10, 10, 3]);
  assert.deepEqual([0, 5, 9].map((x) => colourAt(stretched, x, 5)), ['red', 'green', 'blue']);

  const cropped = (await decodeImage(path, { ...pre, resize: 'center-crop' })).tensor;
  assert.deepEqual(cropped.dims, [1, 10, 10, 3]);
  assert.deepEqual([0, 5, 9].map((x) => colourAt(cropped, x, 5)), ['green', 'green', 'green']);

  const wide = await decodeImage(fixture('images', 'astronaut_224.png'), { ...pre, width: 64, height: 32, resize: 'center-crop' });
  assert.deepEqual(wide.tensor.dims, [1, 32, 64, 3]);
  assert.deepEqual([wide.display.width, wide.display.height, wide.display.data.length], [64, 32, 64 * 32 * 3]);
});

test('transparent pixels become black and EXIF orientation is applied', async () => {
  const dir = tempDir();
  const transparent = join(dir, 'transparent.png');
  await sharp(Buffer.from([255, 255, 255, 0, 255, 255, 255, 255]), { raw: { width: 2, height: 1, channels: 4 } }).png().toFile(transparent);
  const flat = await decodeImage(transparent, preprocessing({ width: 2, height: 1, layout: 'NHWC' }));
  assert.deepEqual(Array.from(flat.tensor.data), [0, 0, 0, 255, 255, 255]);

  // Red left of blue, stored with orientation 6 (rotate 90 degrees clockwise): red ends up on top.
  const rotated = join(dir, 'rotated.png');
  await sharp(Buffer.from([255, 0, 0, 0, 0, 255]), { raw: { width: 2, height: 1, channels: 3 } })
    .withMetadata({ orientation: 6 })
    .png()
    .toFile(rotated);
  const upright = await decodeImage(rotated, preprocessing({ width: 1, height: 2, layout: 'NHWC' }));
  assert.deepEqual(Array.from(upright.tensor.data), [255, 0, 0, 0, 0, 255]);
});

test('missing, non-image and truncated files are reported with their codes', async () => {
  const dir = tempDir();
  const pre = preprocessing({ width: 224, height: 224 });
  await assertRejectsWith(decodeImage(join(dir, 'missing.png'), pre), 'IMAGE_NOT_FOUND');

  const text = join(dir, 'notes.png');
  writeFileSync(text, 'this is not an image\n');
  await assertRejectsWith(decodeImage(text, pre), 'IMAGE_UNREADABLE');

  const png = readFileSync(fixture('images', 'winml_fish_224.png'));
  const truncated = join(dir, 'truncated.png');
  writeFileSync(truncated, png.subarray(0, Math.floor(png.length / 2)));
  await assertRejectsWith(decodeImage(truncated, pre), 'IMAGE_UNREADABLE');

  // The intact copy decodes, so the failure above is the truncation and not the copy.
  copyFileSync(fixture('images', 'winml_fish_224.png'), join(dir, 'intact.png'));
  await decodeImage(join(dir, 'intact.png'), pre);

  await assertRejectsWith(decodeImage(dir, pre), 'IMAGE_UNREADABLE');
});

test('preprocessPixels applies scale, mean and std per model channel, BGR swapped', () => {
  const rgb = new Uint8Array([10, 20, 30, 40, 50, 60]); // two pixels
  const pre = preprocessing({ width: 2, height: 1, channels: 'BGR', scale: 0.5, mean: [1, 2, 3], std: [2, 4, 8] });
  const t = preprocessPixels(rgb, 2, 1, 3, pre);
  assert.deepEqual(t.dims, [1, 3, 1, 2]);
  // model channel 0 is blue: (30 * 0.5 - 1) / 2 = 7
  assert.deepEqual(Array.from(t.data), [7, 14.5, (10 - 2) / 4, (25 - 2) / 4, (5 - 3) / 8, (20 - 3) / 8]);

  assert.throws(() => preprocessPixels(new Uint8Array(5), 2, 1, 3, pre), (e: unknown) => e instanceof ExplainError && e.code === 'BAD_ARGUMENT');
  const gray = preprocessing({ width: 2, height: 1, channels: 'gray', mean: [0], std: [1] });
  assert.throws(() => preprocessPixels(rgb, 2, 1, 3, gray), /gray/);
});

test('pixelRange gives the preprocessed values of 0 and 255, ordered', () => {
  const range = pixelRange(preprocessing({ scale: 1 / 255, mean: [0.5, 0, 1], std: [0.25, 1, -0.5] }));
  assert.deepEqual(range.low.map((v) => v + 0), [-2, 0, 0]); // + 0 turns -0 into 0
  assert.deepEqual(range.high, [2, 1, 2]);
  assert.deepEqual(pixelRange(preprocessing({ channels: 'gray', mean: [0], std: [1] })), { low: [0], high: [255] });
});

/**
 * ROAD's imputation against the same equations solved densely (Gaussian elimination): every removed pixel the
 * weighted mean of its in-image neighbours (1/6 direct, 1/12 diagonal).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { linearImpute, roadImpute } from '../../../src/metrics/road';
import { imageLayout } from '../../../src/util/imageLayout';
import { createRng } from '../../../src/util/random';
import { seededInput } from '../../helpers/models';

function denseImpute(img: Float32Array, C: number, H: number, W: number, removed: Uint8Array): Float64Array {
  const out = Float64Array.from(img);
  const unknown = [...removed.keys()].filter((p) => removed[p]);
  const n = unknown.length;
  for (let c = 0; c < C; c++) {
    const a = Array.from({ length: n }, () => new Float64Array(n + 1));
    unknown.forEach((p, k) => {
      const [y, x] = [Math.floor(p / W), p % W];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if ((dy === 0 && dx === 0) || y + dy < 0 || x + dx < 0 || y + dy >= H || x + dx >= W) continue;
          const w = dy === 0 || dx === 0 ? 1 / 6 : 1 / 12;
          const q = (y + dy) * W + x + dx;
          a[k][k] += w;
          if (removed[q]) a[k][unknown.indexOf(q)] -= w;
          else a[k][n] += w * img[c * H * W + q];
        }
      }
    });
    for (let i = 0; i < n; i++) {
      const pivot = a.slice(i).reduce((best, row, j) => (Math.abs(row[i]) > Math.abs(a[best][i]) ? i + j : best), i);
      [a[i], a[pivot]] = [a[pivot], a[i]];
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const f = a[j][i] / a[i][i];
        for (let k = i; k <= n; k++) a[j][k] -= f * a[i][k];
      }
    }
    unknown.forEach((p, k) => (out[c * H * W + p] = a[k][n] / a[k][k]));
  }
  return out;
}

describe('ROAD noisy linear imputation', () => {
  const [C, H, W] = [2, 7, 6];
  const img = seededInput(C * H * W, 3, -2, 2);
  const g = imageLayout([1, C, H, W], 'NCHW');

  it('solves the neighbour-mean equations as a dense solve does (noise 0)', () => {
    const rng = createRng(5);
    const removed = Uint8Array.from({ length: H * W }, () => (rng.uniform() < 0.45 ? 1 : 0));
    // Corners and edges among them: their neighbours outside the image do not count.
    removed[0] = removed[W - 1] = removed[H * W - 1] = 1;
    const got = roadImpute(img, g, removed, { noise: 0 });
    const want = denseImpute(img, C, H, W, removed);
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-4, `value ${i}: ${got[i]} vs ${want[i]}`);
    for (let p = 0; p < H * W; p++) if (!removed[p]) assert.equal(got[p], img[p], 'a kept pixel is kept');
  });

  it('fills an image removed entirely with each channel\'s mean', () => {
    const got = roadImpute(img, g, new Uint8Array(H * W).fill(1), { noise: 0 });
    for (let c = 0; c < C; c++) {
      const mean = img.subarray(c * H * W, (c + 1) * H * W).reduce((a, b) => a + b, 0) / (H * W);
      for (let p = 0; p < H * W; p++) assert.ok(Math.abs(got[c * H * W + p] - mean) < 1e-5);
    }
  });

  it('gives the same imputation started from a previous step\'s', () => {
    const small = Uint8Array.from({ length: H * W }, (_, p) => (p % 5 === 0 ? 1 : 0));
    const large = Uint8Array.from({ length: H * W }, (_, p) => (p % 5 === 0 || p % 3 === 0 ? 1 : 0));
    const previous = { image: linearImpute(img, g, small), removed: small };
    const warm = linearImpute(img, g, large, previous);
    const cold = linearImpute(img, g, large);
    for (let i = 0; i < img.length; i++) assert.ok(Math.abs(warm[i] - cold[i]) < 1e-5);
  });

  it('works the same in NHWC', () => {
    const nhwc = new Float32Array(C * H * W);
    for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) nhwc[p * C + c] = img[c * H * W + p];
    const removed = Uint8Array.from({ length: H * W }, (_, p) => (p % 3 === 0 ? 1 : 0));
    const a = roadImpute(img, g, removed, { noise: 0 });
    const b = roadImpute(nhwc, imageLayout([1, H, W, C], 'NHWC'), removed, { noise: 0 });
    for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) assert.ok(Math.abs(a[c * H * W + p] - b[p * C + c]) < 1e-6);
  });

  it('adds seeded noise of the asked share of the channel\'s spread to imputed pixels only', () => {
    const removed = Uint8Array.from({ length: H * W }, (_, p) => (p % 2 ? 1 : 0));
    const clean = roadImpute(img, g, removed, { noise: 0 });
    const noisy = roadImpute(img, g, removed, { noise: 0.5, rng: createRng(1) });
    const again = roadImpute(img, g, removed, { noise: 0.5, rng: createRng(1) });
    assert.deepEqual(noisy, again, 'seeded: the same noise again');
    let moved = 0;
    for (let i = 0; i < img.length; i++) {
      if (removed[i % (H * W)]) moved += Number(noisy[i] !== clean[i]);
      else assert.equal(noisy[i], clean[i]);
    }
    assert.equal(moved, C * removed.reduce((a, b) => a + b, 0));
  });
});

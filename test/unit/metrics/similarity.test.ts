/** Spearman and SSIM of maps against the formulas evaluated slowly, window by window. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pearson, ranks, spearmanAbs, ssimAbs } from '../../../src/metrics/similarity';
import { seededInput } from '../../helpers/models';

const map = (data: Float32Array, width: number, height: number) => ({ data, width, height });

/** scikit-image's structural_similarity with its defaults, one 7x7 window at a time. */
function slowSsim(a: Float32Array, b: Float32Array, W: number, H: number): number {
  const x = Array.from(a, Math.abs);
  const y = Array.from(b, Math.abs);
  const [mx0, my0] = [Math.max(...x), Math.max(...y)];
  const xs = x.map((v) => v / mx0);
  const ys = y.map((v) => v / my0);
  let total = 0;
  let count = 0;
  for (let r = 0; r + 7 <= H; r++) {
    for (let c = 0; c + 7 <= W; c++) {
      const px: number[] = [];
      const py: number[] = [];
      for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) [px[px.length], py[py.length]] = [xs[(r + i) * W + c + j], ys[(r + i) * W + c + j]];
      const m = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
      const [ux, uy] = [m(px), m(py)];
      const cov = (u: number[], v: number[], mu: number, mv: number) => u.reduce((s, t, k) => s + (t - mu) * (v[k] - mv), 0) / (u.length - 1);
      const [vx, vy, cxy] = [cov(px, px, ux, ux), cov(py, py, uy, uy), cov(px, py, ux, uy)];
      total += ((2 * ux * uy + 1e-4) * (2 * cxy + 9e-4)) / ((ux * ux + uy * uy + 1e-4) * (vx + vy + 9e-4));
      count++;
    }
  }
  return total / count;
}

describe('map similarity', () => {
  it('ranks ties at their mean rank', () => {
    assert.deepEqual([...ranks([3, 1, 3, 2])], [3.5, 1, 3.5, 2]);
  });

  it('Spearman of |R|: 1 for the same order, -1 reversed, sign ignored', () => {
    const a = map(Float32Array.from([1, -2, 3, 4]), 2, 2);
    assert.equal(spearmanAbs(a, map(Float32Array.from([10, 20, -30, 40]), 2, 2)), 1);
    assert.equal(spearmanAbs(a, map(Float32Array.from([4, 3, 2, 1]), 2, 2)), -1);
    assert.equal(pearson([1, 1, 1], [1, 2, 3]), 0, 'a constant map has no order');
  });

  it('SSIM as scikit-image computes it, on random maps and on a map with itself', () => {
    const [W, H] = [13, 9];
    const a = seededInput(W * H, 1, -1, 1);
    const b = seededInput(W * H, 2, -1, 1);
    const mixed = a.map((v, i) => v + 0.3 * b[i]);
    for (const other of [b, mixed]) {
      const got = ssimAbs(map(a, W, H), map(other, W, H));
      const want = slowSsim(a, other, W, H);
      assert.ok(Math.abs(got - want) < 1e-9, `${got} vs ${want}`);
    }
    assert.ok(Math.abs(ssimAbs(map(a, W, H), map(a, W, H)) - 1) < 1e-12);
  });
});

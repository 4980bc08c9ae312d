/**
 * LIME and RISE against re-implementations written here from the papers (and Captum's defaults for LIME),
 * given the same random draws: the methods' exported samplers make the coalitions and masks from the seed,
 * and the references score each perturbed input with onnxruntime one at a time, weight it and fit (LIME: the
 * normal equations of the weighted ridge with an unpenalized intercept column, solved by Gauss-Jordan) or
 * average (RISE). Also: the RISE masks' own properties (values in [0, 1], mean p, smooth).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { blackBoxModels, SIDE, cellValues, gridCell, keepCells } from '../../../helpers/blackbox';
import { relDiff } from '../../../helpers/models';
import { limeCoalitions } from '../../../../src/methods/lime';
import { riseMasks } from '../../../../src/methods/rise';
import { createRng } from '../../../../src/util/random';

const net = blackBoxModels('lime-rise-');

/** Solves a x = b by Gauss-Jordan elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

describe('LIME', () => {
  it('equals a weighted ridge fit of the same coalitions, Captum\'s cosine kernel, written out here', async () => {
    const samples = 60;
    const seed = 3;
    const m = 9;
    const r = await net.explain('lime', { features: 'grid:3', samples, seed });
    const zs = limeCoalitions(m, samples, createRng(seed));
    // Columns: intercept, then the features; the ridge penalty (alpha 1) on the features only.
    const ata = Array.from({ length: m + 1 }, () => new Array<number>(m + 1).fill(0));
    const atb = new Array<number>(m + 1).fill(0);
    for (const z of zs) {
      const x = keepCells(net.input, (k) => z[k], (y, xx) => gridCell(y, xx, 3));
      let dot = 0;
      let nx = 0;
      let nz = 0;
      for (let i = 0; i < x.length; i++) {
        dot += net.input[i] * x[i];
        nx += net.input[i] ** 2;
        nz += x[i] ** 2;
      }
      const d = 1 - (nz > 0 ? dot / Math.sqrt(nx * nz) : 0);
      const w = Math.exp(-(d * d) / 2);
      const f = await net.score(x, 0);
      const row = [1, ...z];
      for (let i = 0; i <= m; i++) {
        atb[i] += w * row[i] * f;
        for (let j = 0; j <= m; j++) ata[i][j] += w * row[i] * row[j];
      }
    }
    for (let i = 1; i <= m; i++) ata[i][i] += 1;
    const coef = solve(ata, atb).slice(1);
    assert.ok(relDiff(cellValues(r, 3), coef) < 1e-4, `LIME vs reference: ${relDiff(cellValues(r, 3), coef)}`);
    assert.equal(r.segmentation?.count, 9);
    assert.ok(r.notes.some((n) => /60 forward passes.*seed 3/.test(n)));
  });
});

describe('RISE', () => {
  it('equals the mean of the same masks weighted by their scores, divided by p', async () => {
    const samples = 50;
    const seed = 4;
    const r = await net.explain('rise', { features: 'grid:2', samples, seed });
    const masks = riseMasks(SIDE, SIDE, 2, samples, createRng(seed));
    const expected = new Float64Array(SIDE * SIDE);
    for (let i = 0; i < samples; i++) {
      const mask = masks.mask(i);
      const x = Float32Array.from(net.input, (v, k) => v * mask[k % (SIDE * SIDE)]);
      const f = await net.score(x, 0);
      for (let p = 0; p < mask.length; p++) expected[p] += (f * mask[p]) / (samples * 0.5);
    }
    for (let c = 0; c < 3; c++) {
      const channel = r.relevance.data.subarray(c * SIDE * SIDE, (c + 1) * SIDE * SIDE);
      assert.ok(relDiff(channel, expected) < 1e-5, `RISE channel ${c}: ${relDiff(channel, expected)}`);
    }
    assert.ok(r.notes.some((n) => /50 masks of 2 x 2 cells.*seed 4/.test(n)));
  });

  it('masks lie in [0, 1], keep half the image on average, vary smoothly and shift', () => {
    const masks = riseMasks(56, 56, 7, 400, createRng(0));
    let total = 0;
    let jump = 0;
    const corners = new Set<number>();
    for (let i = 0; i < masks.count; i++) {
      const m = masks.mask(i);
      for (let p = 0; p < m.length; p++) {
        assert.ok(m[p] >= 0 && m[p] <= 1);
        total += m[p];
        if (p % 56) jump = Math.max(jump, Math.abs(m[p] - m[p - 1]));
      }
      corners.add(m[0]);
    }
    const mean = total / (masks.count * 56 * 56);
    assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
    // Bilinear across cells of 8 px: neighbouring pixels differ by at most one eighth.
    assert.ok(jump <= 1 / 8 + 1e-6, `largest step ${jump}`);
    assert.ok(corners.size > 10, 'the shift moves the cells');
  });

  it('takes its cells from grid:N only', async () => {
    await assert.rejects(net.explain('rise', { features: 'slic:10' }), /RISE draws its masks on a grid: give --features grid:N/);
  });
});

/**
 * XRAI: the greedy region ranking against PAIR's _xrai loop written out here with boolean masks (density over
 * the region's pixels not yet covered, regions adding fewer than min_pixel_diff dropped, leftover pixels the
 * mean of their attribution), on random attributions and overlapping regions; disk dilation against its
 * definition; and the method end to end on MNIST: one value per added region, in the order the segmentation
 * numbers them.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import { rankRegions } from '../../../src/methods/xrai/greedy';
import { dilate } from '../../../src/methods/xrai/regions';
import { createRng } from '../../../src/util/random';
import { fixture } from '../../helpers/fixtures';

function referenceXrai(attr: number[], masks: boolean[][], minPixelDiff: number): number[] {
  const out = attr.map(() => -Infinity);
  let current = attr.map(() => false);
  const remaining = new Map(masks.map((m, i) => [i, m]));
  while (current.filter(Boolean).length / attr.length <= 1) {
    let bestGain = -Infinity;
    let bestKey: number | undefined;
    for (const [key, mask] of [...remaining]) {
      const diff = mask.map((v, p) => v && !current[p]);
      const count = diff.filter(Boolean).length;
      if (count < minPixelDiff) {
        remaining.delete(key);
        continue;
      }
      const gain = attr.reduce((s, a, p) => s + (diff[p] ? a : 0), 0) / count;
      if (gain > bestGain) [bestGain, bestKey] = [gain, key];
    }
    if (bestKey === undefined) break;
    const added = remaining.get(bestKey)!;
    added.forEach((v, p) => v && !current[p] && (out[p] = bestGain));
    current = current.map((c, p) => c || added[p]);
    remaining.delete(bestKey);
    if (!remaining.size) break;
  }
  const left = out.map((v) => v === -Infinity);
  const n = left.filter(Boolean).length;
  const mean = attr.reduce((s, a, p) => s + (left[p] ? a : 0), 0) / n;
  return out.map((v, p) => (left[p] ? mean : v));
}

describe('XRAI', () => {
  it('ranks regions as PAIR\'s loop does', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 5; trial++) {
      const n = 120;
      const attr = Array.from({ length: n }, () => rng.normal());
      const masks = Array.from({ length: 25 }, () => {
        const start = Math.floor(rng.uniform() * n);
        const size = 3 + Math.floor(rng.uniform() * 30);
        return Array.from({ length: n }, (_, p) => p >= start && p < start + size && rng.uniform() < 0.8);
      });
      const regions = masks.map((m) => Int32Array.from(m.flatMap((v, p) => (v ? [p] : []))));
      const got = rankRegions(attr, regions, 4);
      const expected = referenceXrai(attr, masks, 4);
      for (let p = 0; p < n; p++) assert.ok(Math.abs(got.map[p] - expected[p]) < 1e-12, `trial ${trial}, pixel ${p}: ${got.map[p]} vs ${expected[p]}`);
    }
  });

  it('dilates by a disk', () => {
    const d = dilate([5 * 11 + 5], 11, 11, 2);
    const expected: number[] = [];
    for (let y = 0; y < 11; y++) for (let x = 0; x < 11; x++) if ((x - 5) ** 2 + (y - 5) ** 2 <= 4) expected.push(y * 11 + x);
    assert.deepEqual(Array.from(d), expected);
  });

  const engine = new Engine();
  after(() => engine.clearCache());
  it('explains MNIST with one value per region, regions numbered in the order added', async () => {
    const r = await engine.explain({ model: { path: fixture('models', 'mnist_cntk_winml.onnx') }, image: { path: fixture('images', 'mnist_wonnx_5_28.png') }, method: 'xrai', params: { steps: 8 } });
    const seg = r.segmentation!;
    assert.ok(seg.count > 3, `${seg.count} regions`);
    const byStep = new Map<number, number>();
    for (let p = 0; p < 28 * 28; p++) {
      const v = r.relevance.data[p];
      assert.ok(Number.isFinite(v));
      assert.equal(byStep.get(seg.labels[p]) ?? v, v, `step ${seg.labels[p]}`);
      byStep.set(seg.labels[p], v);
    }
    assert.equal(byStep.size, seg.count);
    assert.ok(r.notes.some((n) => /black and a white image.*candidate regions/.test(n)));
  });
});

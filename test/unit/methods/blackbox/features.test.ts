/** The grid and patch segmentations and the --features spelling: every pixel in one feature, none empty. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gridSegments } from '../../../../src/methods/features/grid';
import { patchSegments } from '../../../../src/methods/features/patch';
import { parseFeatures } from '../../../../src/methods/features';
import type { Segmentation } from '../../../../src/protocol';

/** Pixels per feature, asserting every label is in range. */
export function sizes(s: Segmentation): number[] {
  const out = new Array<number>(s.count).fill(0);
  for (const l of s.labels) {
    assert.ok(l >= 0 && l < s.count, `label ${l} of ${s.count}`);
    out[l]++;
  }
  return out;
}

describe('features', () => {
  it('grid:N cuts N x N cells of nearly equal size, row by row', () => {
    const g = gridSegments(10, 7, 3);
    assert.equal(g.count, 9);
    const n = sizes(g);
    assert.ok(Math.max(...n) - Math.min(...n) <= 4 + 3, `cell sizes ${n}`);
    assert.equal(g.labels[0], 0);
    assert.equal(g.labels[9], 2);
    assert.equal(g.labels[6 * 10], 6);
    assert.throws(() => gridSegments(10, 7, 8), /from 1 to 7/);
  });

  it('patch:P cuts P x P squares, the last ones clipped', () => {
    const p = patchSegments(10, 7, 4);
    assert.equal(p.count, 3 * 2);
    assert.deepEqual(sizes(p), [16, 16, 8, 12, 12, 6]);
    assert.equal(p.labels[4], 1);
    assert.equal(p.labels[4 * 10 + 9], 5);
  });

  it('--features spells grid, slic or patch with a count', () => {
    assert.deepEqual(parseFeatures('grid:04'), { kind: 'grid', n: 4, spec: 'grid:4' });
    assert.equal(parseFeatures('slic:50').kind, 'slic');
    for (const bad of ['grid', 'grid:0', 'hex:3', 'patch:-2', 'slic:2.5']) assert.throws(() => parseFeatures(bad), /--features must be/, bad);
  });
});

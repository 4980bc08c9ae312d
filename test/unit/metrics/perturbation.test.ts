/** The region-perturbation arithmetic on hand-worked numbers. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { abpc, aopc, area, maskAfter, removalCounts } from '../../../src/metrics/perturbation';
import { mostRelevantFirst, patchGrid, patchRelevance, randomOrder } from '../../../src/metrics/patches';

describe('region perturbation', () => {
  it('removes in even steps to the asked share, then everything', () => {
    assert.deepEqual(removalCounts(64, 16, 0.5), [0, ...Array.from({ length: 16 }, (_, k) => 2 * (k + 1)), 64]);
    assert.deepEqual(removalCounts(10, 4, 1), [0, 3, 5, 8, 10]);
    // Fewer patches than steps: no point twice.
    assert.deepEqual(removalCounts(3, 16, 0.5), [0, 1, 2, 3]);
  });

  it('cuts edge patches short and sums relevance per patch', () => {
    const g = patchGrid(5, 3, 2);
    assert.deepEqual([g.cols, g.rows, g.count], [3, 2, 6]);
    const map = { width: 5, height: 3, data: Float32Array.from({ length: 15 }, (_, i) => i) };
    // Patch 0: pixels 0,1,5,6; patch 2: 4,9; patch 3: 10,11 (the last row only); patch 5: 14.
    assert.deepEqual([...patchRelevance(g, map)], [12, 20, 13, 21, 25, 14]);
    assert.deepEqual(mostRelevantFirst(patchRelevance(g, map)), [4, 3, 1, 5, 2, 0]);
    assert.deepEqual([...maskAfter(g, [5, 2], 2)], [0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('breaks ties by index and shuffles reproducibly', () => {
    assert.deepEqual(mostRelevantFirst(Float64Array.from([1, 2, 2, 1])), [1, 2, 0, 3]);
    const a = randomOrder(50, 7);
    assert.deepEqual(a, randomOrder(50, 7));
    assert.notDeepEqual(a, randomOrder(50, 8));
    assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
  });

  it('integrates over the share removed and averages the drop', () => {
    const morf = { fractions: [0, 0.25, 0.5, 1], scores: [4, 2, 1, 0] };
    const lerf = { fractions: [0, 0.25, 0.5, 1], scores: [4, 4, 3, 0] };
    assert.equal(area(morf), 0.75 + 0.375 + 0.25);
    assert.equal(area(lerf), 1 + 0.875 + 0.75);
    assert.equal(abpc(morf, lerf), 2.625 - 1.375);
    assert.equal(aopc(morf), (0 + 2 + 3 + 4) / 4);
  });
});

/** Kernel SHAP's coalitions below 2^M: the budget spent exactly, the kernel's whole mass shared, the small sizes complete. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { kernelSamples } from '../../../../src/methods/blackbox/kernelSamples';
import { createRng } from '../../../../src/util/random';

it('spends the budget, shares the whole mass, and takes the sizes it can afford complete', () => {
  for (const [m, budget, complete] of [[6, 40, 1], [9, 256, 2], [9, 24, 0], [10, 60, 1]] as const) {
    const s = kernelSamples(m, budget, createRng(1));
    assert.equal(s.coalitions.length, budget, `m ${m}, budget ${budget}`);
    assert.ok(Math.abs(s.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    assert.equal(s.completeSizes, complete, `m ${m}, budget ${budget}`);
    const keys = new Set(s.coalitions.map((z) => z.join('')));
    for (const z of s.coalitions) {
      const size = z.reduce((a, b) => a + b, 0);
      assert.ok(size > 0 && size < m, 'never the empty or the full coalition');
    }
    for (let k = 0; k < m && complete > 0; k++) {
      const one = Array.from({ length: m }, (_, i) => (i === k ? 1 : 0));
      assert.ok(keys.has(one.join('')) && keys.has(one.map((v) => 1 - v).join('')), `feature ${k} alone, and all but it`);
    }
  }
});

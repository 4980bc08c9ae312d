/**
 * Shapley values of a 3 x 3 grid on a small nonlinear model (Conv, Sin, pooling, Gemm: the compiler refuses
 * Sin), against the definition: every one of the 512 coalitions scored by onnxruntime one at a time, and each
 * feature's mean marginal contribution over all 9! = 362880 orders. Kernel SHAP and Shapley value sampling
 * with enough samples to enumerate must equal it to 1e-4 of the largest value; with fewer samples their
 * error must fall as the samples grow; the values always sum to f(x) - f(baseline) (efficiency).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { blackBoxModels, cellValues, gridCell, keepCells } from '../../../helpers/blackbox';
import { relDiff } from '../../../helpers/models';

const M = 9;
const net = blackBoxModels('shapley-');
let exact: Float64Array;
let table: Float64Array;

/** Every order of 0..n-1 (Heap's algorithm), each handed to `visit`. */
function eachOrder(n: number, visit: (order: number[]) => void): void {
  const a = Array.from({ length: n }, (_, i) => i);
  const c = new Array<number>(n).fill(0);
  visit(a);
  for (let i = 1; i < n; ) {
    if (c[i] < i) {
      const j = i % 2 ? c[i] : 0;
      [a[i], a[j]] = [a[j], a[i]];
      visit(a);
      c[i]++;
      i = 1;
    } else c[i++] = 0;
  }
}

before(async () => {
  table = new Float64Array(2 ** M);
  for (let s = 0; s < 2 ** M; s++) table[s] = await net.score(keepCells(net.input, (k) => (s >> k) & 1, (y, x) => gridCell(y, x, 3)), 0);
  exact = new Float64Array(M);
  let orders = 0;
  eachOrder(M, (order) => {
    let s = 0;
    for (const k of order) {
      exact[k] += table[s | (1 << k)] - table[s];
      s |= 1 << k;
    }
    orders++;
  });
  for (let k = 0; k < M; k++) exact[k] /= orders;
});

const meanError = async (method: 'kernel-shap' | 'shapley-sampling', samples: number) => {
  let total = 0;
  for (const seed of [0, 1, 2, 3]) total += relDiff(cellValues(await net.explain(method, { features: 'grid:3', samples, seed }), 3), exact);
  return total / 4;
};

describe('Shapley values by enumeration', () => {
  it('the reference is not trivial: features interact and differ', () => {
    const additive = Array.from({ length: M }, (_, k) => table[1 << k] - table[0]);
    assert.ok(relDiff(additive, exact) > 1e-2, `a nonlinear model's Shapley values differ from the lone gains (${relDiff(additive, exact)})`);
    assert.ok(Math.max(...exact) - Math.min(...exact) > 1e-2);
  });

  for (const [method, samples] of [['kernel-shap', 512], ['shapley-sampling', 64]] as const) {
    it(`${method} with --samples ${samples} enumerates every coalition and equals them to 1e-4`, async () => {
      const r = await net.explain(method, { features: 'grid:3', samples });
      const phi = cellValues(r, 3);
      assert.ok(relDiff(phi, exact) < 1e-4, `${method}: ${relDiff(phi, exact)}`);
      const sum = phi.reduce((a, b) => a + b, 0);
      const delta = table[2 ** M - 1] - table[0];
      assert.ok(Math.abs(sum - delta) < 1e-5 * Math.abs(delta) + 1e-6, `efficiency: sum ${sum}, f(x) - f(baseline) ${delta}`);
      assert.equal(r.segmentation?.count, 9);
      assert.ok(r.notes.some((n) => /3 x 3 grid cells.*511 forward passes.*zeros.*seed 0/.test(n)), r.notes.join('\n'));
      assert.equal(r.params.features, 'grid:3');
    });
  }

  it('with fewer samples the error falls as the samples grow, and stays efficient', async () => {
    const shapFew = await meanError('kernel-shap', 24);
    const shapMore = await meanError('kernel-shap', 256);
    assert.ok(shapMore < shapFew / 1.5, `kernel-shap error ${shapFew} at 24 samples, ${shapMore} at 256`);
    assert.ok(shapMore > 1e-4, 'still sampled at 256 (not enumerated)');
    const orderFew = await meanError('shapley-sampling', 2);
    const orderMore = await meanError('shapley-sampling', 40);
    assert.ok(orderMore < orderFew / 2, `shapley-sampling error ${orderFew} at 2 orders, ${orderMore} at 40`);
    const delta = table[2 ** M - 1] - table[0];
    for (const method of ['kernel-shap', 'shapley-sampling'] as const) {
      const sum = cellValues(await net.explain(method, { features: 'grid:3', samples: 12 }), 3).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - delta) < 1e-5 * Math.abs(delta) + 1e-6, `${method} sampled: sum ${sum} vs ${delta}`);
    }
  });

  it('a seed repeats exactly, another seed draws otherwise', async () => {
    for (const method of ['kernel-shap', 'shapley-sampling'] as const) {
      const a = await net.explain(method, { features: 'grid:3', samples: 20, seed: 7 });
      const b = await net.explain(method, { features: 'grid:3', samples: 20, seed: 7, chunk: 3 });
      const c = await net.explain(method, { features: 'grid:3', samples: 20, seed: 8 });
      assert.deepEqual(a.relevance.data, b.relevance.data, `${method}: same seed, other chunk`);
      assert.notDeepEqual(a.relevance.data, c.relevance.data, `${method}: other seed`);
    }
  });

  it('refuses too few coalitions for the features with a fix', async () => {
    await assert.rejects(net.explain('kernel-shap', { features: 'grid:6', samples: 4 }), /4 coalitions cannot determine the values of 36 features; give --samples of at least 36/);
    await assert.rejects(net.explain('kernel-shap', { features: 'hex:3' }), /--features must be grid:N/);
  });
});

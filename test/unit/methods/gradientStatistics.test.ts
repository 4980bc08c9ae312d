/**
 * VarGrad and SquareGrad (src/methods/smoothgrad.ts) against their definitions: the noisy copies SmoothGrad draws for a seed, each
 * explained alone by the plain gradient method, then the sample variance 1/(N-1) sum (g_i - mean)^2 and the
 * mean square 1/N sum g_i^2 of those gradients, in float64 here, two passes. SmoothGrad is their mean on the
 * same copies, which ties the copies to the seed. Then: independent of the chunk size, N = 1, bad input.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import { ExplainError } from '../../../src/errors';
import type { MethodName, MethodParams } from '../../../src/protocol';
import { noisyCopies } from '../../../src/methods/noisyCopies';
import { referencePairs, relativeMaxError } from '../../helpers/referencePairs';

const engine = new Engine();
after(() => engine.clearCache());

const pair = referencePairs().find((p) => p.model === 'resnet_mini')!;
const explain = (method: MethodName, params: MethodParams, data = pair.input.data) =>
  engine.explain({ model: { path: pair.modelPath }, image: { tensor: { data, dims: pair.input.dims } }, method, params, target: pair.target });

describe('VarGrad and SquareGrad', () => {
  const params = { samples: 7, sigma: 0.2, seed: 11 };

  it('equal the variance and mean square of the gradients on the same noisy copies; SmoothGrad their mean', async () => {
    const { samples } = noisyCopies(pair.input.data, params.samples, params.sigma, params.seed);
    const grads = [];
    for (const s of samples) grads.push((await explain('gradient', {}, s)).relevance.data);
    const size = grads[0].length;
    const mean = new Float64Array(size);
    for (const g of grads) for (let k = 0; k < size; k++) mean[k] += g[k] / grads.length;
    const variance = new Float64Array(size);
    const square = new Float64Array(size);
    for (const g of grads) {
      for (let k = 0; k < size; k++) {
        variance[k] += (g[k] - mean[k]) ** 2 / (grads.length - 1);
        square[k] += g[k] ** 2 / grads.length;
      }
    }
    const [vg, sq, sg] = [await explain('vargrad', params), await explain('squaregrad', params), await explain('smoothgrad', params)];
    assert.ok(relativeMaxError(vg.relevance.data, variance) <= 1e-5, `vargrad: ${relativeMaxError(vg.relevance.data, variance)}`);
    assert.ok(relativeMaxError(sq.relevance.data, square) <= 1e-5, `squaregrad: ${relativeMaxError(sq.relevance.data, square)}`);
    assert.ok(relativeMaxError(sg.relevance.data, mean) <= 1e-5, `smoothgrad: ${relativeMaxError(sg.relevance.data, mean)}`);
    // The noise matters: the variance is not negligible against the mean square.
    const total = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
    assert.ok(total(variance) > 0.05 * total(square));
    if (process.env.EXPLAIN_TEST_VERBOSE) console.log(`vargrad ${relativeMaxError(vg.relevance.data, variance).toExponential(2)}, squaregrad ${relativeMaxError(sq.relevance.data, square).toExponential(2)}`);
  });

  it('do not depend on the chunk size, and repeat exactly with a seed', async () => {
    for (const method of ['vargrad', 'squaregrad'] as MethodName[]) {
      const [a, b, c] = [await explain(method, { ...params, chunk: 1 }), await explain(method, { ...params, chunk: 4 }), await explain(method, { ...params, chunk: 4 })];
      assert.ok(relativeMaxError(a.relevance.data, b.relevance.data) <= 1e-6, method);
      assert.deepEqual(b.relevance.data, c.relevance.data, method);
      const other = await explain(method, { ...params, seed: 12 });
      assert.ok(relativeMaxError(other.relevance.data, b.relevance.data) > 1e-3, `${method}: another seed, other noise`);
    }
  });

  it('one sample: VarGrad is 0, SquareGrad the squared gradient', async () => {
    const one = { samples: 1, sigma: 0, seed: 0 };
    const g = (await explain('gradient', {})).relevance.data;
    assert.ok((await explain('vargrad', one)).relevance.data.every((v) => v === 0));
    assert.ok(relativeMaxError((await explain('squaregrad', one)).relevance.data, g.map((v) => v * v)) <= 1e-6);
  });

  it('refuses a bad sample count or sigma', async () => {
    await assert.rejects(explain('vargrad', { samples: 0 }), (e: ExplainError) => e.code === 'BAD_ARGUMENT' && /samples must be a positive integer/.test(e.message));
    await assert.rejects(explain('squaregrad', { sigma: -1 }), (e: ExplainError) => e.code === 'BAD_ARGUMENT' && /sigma must be >= 0/.test(e.message));
  });
});

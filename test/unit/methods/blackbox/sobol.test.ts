/**
 * Sobol attribution on an additive model, whose total indices are known in closed form: a linear classifier
 * f(x) = W x + b with the zero baseline gives f(m) = b + sum_k a_k m_k over the features' mask values m_k
 * (a_k: W times x over feature k's pixels), and with m_k independent and uniform, ST_k = a_k^2 / sum_j a_j^2.
 * Also the quasi-Monte-Carlo points: the primitive polynomials, van der Corput's first dimension, and the
 * Sobol property that the first 2^k - 1 points fall in distinct bins of width 2^-k in every dimension.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { floatTensor } from '../../../../src/onnx/ir';
import { primitivePolynomials, sobolPoints } from '../../../../src/methods/blackbox/sobolSequence';
import { createRng } from '../../../../src/util/random';
import { node, randomTensor } from '../../../helpers/ir';
import { seededInput } from '../../../helpers/models';
import { tempModels } from '../../../helpers/tempModels';
import { cellValues, gridCell, SIDE } from '../../../helpers/blackbox';

const { engine, model } = tempModels('sobol-');
const D = 3 * SIDE * SIDE;
const w = randomTensor([2, D], 9, -1, 1);
const path = model([1, 3, SIDE, SIDE], [node('Flatten', ['x'], ['f']), node('Gemm', ['f', 'w', 'b'], ['y'], { transB: { type: 'int', value: 1 } })], 'y', { w, b: floatTensor([0.3, -0.2], [2]) });
const x = seededInput(D, 2, 0, 1);

describe('Sobol attribution', () => {
  it('gives the closed-form total indices of an additive model', async () => {
    const r = await engine.explain({ model: { path }, image: { tensor: { data: x, dims: [1, 3, SIDE, SIDE] } }, method: 'sobol', params: { features: 'grid:2', samples: 1024 }, target: 0 });
    const a = new Float64Array(4);
    for (let i = 0; i < D; i++) {
      const p = i % (SIDE * SIDE);
      a[gridCell(Math.floor(p / SIDE), p % SIDE, 2)] += (w.data as Float32Array)[i] * x[i];
    }
    const total = a.reduce((s, v) => s + v * v, 0);
    const expected = Array.from(a, (v) => (v * v) / total);
    const got = cellValues(r, 2);
    for (let k = 0; k < 4; k++) assert.ok(Math.abs(got[k] - expected[k]) < 0.01, `feature ${k}: ${got[k]} vs ${expected[k]} (all: ${[...got]} vs ${expected})`);
    assert.ok(r.notes.some((n) => /6144 forward passes/.test(n)), r.notes.join('\n'));
  });

  it('draws Sobol points: primitive polynomials, van der Corput first, one point per bin', () => {
    assert.deepEqual(primitivePolynomials(6), [0b11, 0b111, 0b1011, 0b1101, 0b10011, 0b11001]);
    const byDegree = new Map<number, number>();
    for (const p of primitivePolynomials(1 + 1 + 2 + 2 + 6 + 6 + 18)) byDegree.set(31 - Math.clz32(p), (byDegree.get(31 - Math.clz32(p)) ?? 0) + 1);
    assert.deepEqual([...byDegree.values()], [1, 1, 2, 2, 6, 6, 18]);
    const dims = 40;
    const points = sobolPoints(255, dims, createRng(1));
    assert.deepEqual([points[0], points[dims], points[2 * dims]], [0.5, 0.75, 0.25]);
    for (let j = 0; j < dims; j++) {
      const bins = new Set<number>();
      for (let i = 0; i < 255; i++) bins.add(Math.floor(points[i * dims + j] * 256));
      assert.equal(bins.size, 255, `dimension ${j}`);
      assert.ok(!bins.has(0));
    }
  });
});

/**
 * LRP, Deep Taylor and DeepLIFT never let an op's gradient stand in for a relevance rule they lack (issue 12):
 * an op without one is refused with an error naming the op and its node and the methods that work; ops that
 * had the gradient before and now have real rules are checked against the dense rule:
 *  - Neg and the other unary ops pass relevance through (the gradient flipped its sign);
 *  - ReduceMean takes the epsilon rule of a mean, x_i / (D (mean + eps)) R (the gradient gave R / D each).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { floatTensor } from '../../../src/onnx/ir';
import type { ExplainResult, MethodName, MethodParams } from '../../../src/protocol';
import { A } from '../../../src/compile/builder';
import { node, randomTensor } from '../../helpers/ir';
import { relativeMaxError } from '../../helpers/referencePairs';
import { tempModels } from '../../helpers/tempModels';

const { engine, model } = tempModels('relevance-refusals-');
const [T, D] = [2, 4];
const x = randomTensor([1, 1, T, D], 1, 0.1, 1);

function explain(path: string, method: MethodName, params: MethodParams = {}): Promise<ExplainResult> {
  return engine.explain({ model: { path }, image: { tensor: { data: x.data as Float32Array, dims: [...x.dims] } }, method, params, target: 0 });
}

describe('an op without a relevance rule is refused, not differentiated', () => {
  const inits = { w1: randomTensor([T * D, 3], 2), w2: randomTensor([3, 2], 3) };
  const logSoftmax = model(
    [1, 1, T, D],
    [node('Flatten', ['x'], ['f'], { axis: A.int(1) }), node('Gemm', ['f', 'w1'], ['h']), node('LogSoftmax', ['h'], ['ls'], { axis: A.int(1) }, 'hidden_logsoftmax'), node('Gemm', ['ls', 'w2'], ['y'])],
    'y',
    inits,
  );
  for (const [method, name] of [['lrp', 'LRP'], ['deeplift', 'DeepLIFT']] as const) {
    it(`${method} on a LogSoftmax inside the network`, async () => {
      await assert.rejects(explain(logSoftmax, method), (e: Error) => {
        assert.match(e.message, new RegExp(`^${name} has no (exact |relevance )?rule for LogSoftmax \\(node "hidden_logsoftmax"\\)`));
        assert.match(e.message, /gradient-x-input, integrated-gradients or smoothgrad/);
        return true;
      });
    });
  }
  it('the gradient methods still run on it', async () => {
    const r = await explain(logSoftmax, 'gradient-x-input');
    assert.ok(r.relevance.data.every(Number.isFinite));
  });

  it('deep-taylor refuses a GELU network (Erf), like Sigmoid and HardSwish ones', async () => {
    const gelu = model(
      [1, 1, T, D],
      [
        node('Flatten', ['x'], ['f'], { axis: A.int(1) }),
        node('Gemm', ['f', 'w1'], ['h']),
        node('Div', ['h', 'sqrt2'], ['hs']),
        node('Erf', ['hs'], ['e'], {}, 'gelu_erf'),
        node('Add', ['e', 'one'], ['e1']),
        node('Mul', ['h', 'e1'], ['hm']),
        node('Mul', ['hm', 'half'], ['act']),
        node('Gemm', ['act', 'w2'], ['y']),
      ],
      'y',
      { ...inits, sqrt2: floatTensor([Math.SQRT2], []), one: floatTensor([1], []), half: floatTensor([0.5], []) },
    );
    await assert.rejects(explain(gelu, 'deep-taylor'), /Deep Taylor decomposition needs a ReLU network; Erf "gelu_erf" is another nonlinearity/);
  });
});

describe('ops that had the gradient in LRP have real rules', () => {
  it('Neg passes relevance through: the same as the network with the layer before it negated', async () => {
    const w1 = randomTensor([T * D, 3], 4);
    const w2 = randomTensor([3, 2], 5);
    const negated = floatTensor((w1.data as Float32Array).map((v) => -v), [...w1.dims]);
    const withNeg = model([1, 1, T, D], [node('Flatten', ['x'], ['f'], { axis: A.int(1) }), node('Gemm', ['f', 'w1'], ['h']), node('Neg', ['h'], ['n']), node('Gemm', ['n', 'w2'], ['y'])], 'y', { w1, w2 });
    const folded = model([1, 1, T, D], [node('Flatten', ['x'], ['f'], { axis: A.int(1) }), node('Gemm', ['f', 'w1'], ['n']), node('Gemm', ['n', 'w2'], ['y'])], 'y', { w1: negated, w2 });
    const [a, b] = [await explain(withNeg, 'lrp'), await explain(folded, 'lrp')];
    assert.ok(relativeMaxError(a.relevance.data, b.relevance.data) <= 1e-6, `${Array.from(a.relevance.data)} vs ${Array.from(b.relevance.data)}`);
  });

  it('ReduceMean takes the epsilon rule of a mean', async () => {
    const wo = randomTensor([T, 2], 6);
    const path = model(
      [1, 1, T, D],
      [node('ReduceMean', ['x'], ['m'], { axes: A.ints([3]), keepdims: A.int(1) }), node('Flatten', ['m'], ['f'], { axis: A.int(1) }), node('Gemm', ['f', 'wo'], ['y'])],
      'y',
      { wo },
    );
    const r = await explain(path, 'lrp', { rule: 'epsilon', epsilon: 0.1 });
    const xs = Array.from(x.data as Float32Array);
    const w = Array.from(wo.data as Float32Array);
    const stab = (z: number) => z + (z >= 0 ? 0.1 : -0.1);
    const m = Array.from({ length: T }, (_, t) => xs.slice(t * D, (t + 1) * D).reduce((s, v) => s + v, 0) / D);
    const y = m.reduce((s, v, t) => s + v * w[t * 2], 0);
    const rM = m.map((v, t) => (v * w[t * 2] * y) / stab(y));
    const want = xs.map((v, i) => (v / D / stab(m[Math.floor(i / D)])) * rM[Math.floor(i / D)]);
    const err = relativeMaxError(r.relevance.data, Float32Array.from(want));
    assert.ok(err <= 1e-5, `${err.toExponential(2)}: got ${Array.from(r.relevance.data)}, want ${want}`);
  });
});


/**
 * DeepLIFT on products of two activations and on smooth units (Erf, GELU and SiLU as torch spells them), on
 * hand-built graphs: summation-to-delta exactly (the two-player Shapley split of QK^T and of x * gate, Rescale
 * on Erf and Sigmoid), at the input and at a layer every path crosses.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type IRNode, floatTensor } from '../../../src/onnx/ir';
import { A } from '../../../src/compile/builder';
import { node, randomTensor } from '../../helpers/ir';
import { tempModels } from '../../helpers/tempModels';

const { engine, model } = tempModels('deeplift-products-');

describe('DeepLIFT on products and smooth units sums to f(x) - f(x0)', () => {
  const [T, D] = [4, 3];
  const inits = { wq: randomTensor([D, D], 31), wk: randomTensor([D, D], 32), wo: randomTensor([T * T, 2], 33), sqrt2: floatTensor([Math.SQRT2], []), one: floatTensor([1], []), half: floatTensor([0.5], []) };
  const graphs: [string, IRNode[]][] = [
    ['QK^T then Erf', [node('Erf', ['s'], ['act'])]],
    ['QK^T then GELU as x * 0.5 (1 + erf(x / sqrt 2))', [node('Div', ['s', 'sqrt2'], ['hs']), node('Erf', ['hs'], ['e']), node('Add', ['e', 'one'], ['e1']), node('Mul', ['s', 'e1'], ['hm']), node('Mul', ['hm', 'half'], ['act'])]],
    ['QK^T then SiLU as x * sigmoid(x)', [node('Sigmoid', ['s'], ['sg']), node('Mul', ['s', 'sg'], ['act'])]],
  ];
  for (const [name, tail] of graphs) {
    it(name, async () => {
      const path = model(
        [1, 1, T, D],
        [
          node('MatMul', ['x', 'wq'], ['q']),
          node('MatMul', ['x', 'wk'], ['k']),
          node('Transpose', ['k'], ['kt'], { perm: A.ints([0, 1, 3, 2]) }),
          node('MatMul', ['q', 'kt'], ['s']),
          ...tail,
          node('Flatten', ['act'], ['f'], { axis: A.int(1) }),
          node('Gemm', ['f', 'wo'], ['y']),
        ],
        'y',
        inits,
      );
      const x = randomTensor([1, 1, T, D], 34, -1, 1);
      const r = await engine.explain({ model: { path }, image: { tensor: { data: x.data as Float32Array, dims: [1, 1, T, D] } }, method: 'deeplift', params: { baseline: { kind: 'zero' } }, target: 0 });
      const delta = r.score - r.baselineScore!;
      assert.ok(Math.abs(r.relevanceSum - delta) <= 1e-5 * Math.max(1, Math.abs(delta)), `${r.relevanceSum} vs ${delta}`);
      const f = r.layers.find((l) => l.name === 'f')!;
      assert.ok(Math.abs(f.sum - delta) <= 1e-5 * Math.max(1, Math.abs(delta)), `f: ${f.sum} vs ${delta}`);
    });
  }
});

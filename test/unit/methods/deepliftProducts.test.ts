/**
 * DeepLIFT on products of two activations and on smooth units (Erf, GELU and SiLU as torch spells them), on
 * hand-built graphs: summation-to-delta exactly (the two-player Shapley split of QK^T and of x * gate, Rescale
 * on Erf and Sigmoid, the exact rules of Softmax and LayerNormalization), at the input and at a layer every
 * path crosses; the gradient that stood in for Softmax and LayerNorm before fails all six of theirs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type IRNode, floatTensor } from '../../../src/onnx/ir';
import { A } from '../../../src/compile/builder';
import { attentionScores, node, randomTensor } from '../../helpers/ir';
import { tempModels } from '../../helpers/tempModels';

const { engine, model } = tempModels('deeplift-products-');

describe('DeepLIFT on products and smooth units sums to f(x) - f(x0)', () => {
  const [T, D] = [4, 3];
  const inits = {
    wq: randomTensor([D, D], 31),
    wk: randomTensor([D, D], 32),
    wo: randomTensor([T * T, 2], 33),
    sqrt2: floatTensor([Math.SQRT2], []),
    one: floatTensor([1], []),
    half: floatTensor([0.5], []),
    g: randomTensor([T], 35, 0.5, 1.5),
    beta: randomTensor([T], 36, -0.2, 0.2),
    pos: randomTensor([T, T], 37),
  };
  const graphs: [string, IRNode[]][] = [
    ['QK^T then Erf', [node('Erf', ['s'], ['act'])]],
    ['QK^T then GELU as x * 0.5 (1 + erf(x / sqrt 2))', [node('Div', ['s', 'sqrt2'], ['hs']), node('Erf', ['hs'], ['e']), node('Add', ['e', 'one'], ['e1']), node('Mul', ['s', 'e1'], ['hm']), node('Mul', ['hm', 'half'], ['act'])]],
    ['QK^T then SiLU as x * sigmoid(x)', [node('Sigmoid', ['s'], ['sg']), node('Mul', ['s', 'sg'], ['act'])]],
    // Attention weights and a transformer's LayerNorm, with exact rules of their own (softmax.ts, layerNorm.ts).
    ['QK^T then Softmax', [node('Softmax', ['s'], ['act'], { axis: A.int(-1) })]],
    ['QK^T then Softmax along another axis', [node('Softmax', ['s'], ['act'], { axis: A.int(2) })]],
    // A position embedding first, as in a transformer: from the zero image a row of s alone is 0, its 1/std
    // 1/sqrt(eps), and the exact split then adds terms 300 times the result (float32 keeps 3.7e-5 of it).
    ['QK^T + position embedding, then LayerNormalization', [node('Add', ['s', 'pos'], ['sp']), node('LayerNormalization', ['sp', 'g', 'beta'], ['act'], { axis: A.int(-1), epsilon: A.float(1e-5) })]],
  ];
  for (const [[name, tail], rule] of graphs.flatMap((g) => (['rescale', 'revealcancel'] as const).map((r) => [g, r] as const))) {
    it(`${name} (${rule})`, async () => {
      const path = model(
        [1, 1, T, D],
        [
          ...attentionScores(),
          ...tail,
          node('Flatten', ['act'], ['f'], { axis: A.int(1) }),
          node('Gemm', ['f', 'wo'], ['y']),
        ],
        'y',
        inits,
      );
      const x = randomTensor([1, 1, T, D], 34, -1, 1);
      const r = await engine.explain({ model: { path }, image: { tensor: { data: x.data as Float32Array, dims: [1, 1, T, D] } }, method: 'deeplift', params: { deeplift: rule, baseline: { kind: 'zero' } }, target: 0 });
      const delta = r.score - r.baselineScore!;
      assert.ok(Math.abs(r.relevanceSum - delta) <= 1e-5 * Math.max(1, Math.abs(delta)), `${r.relevanceSum} vs ${delta}`);
      const f = r.layers.find((l) => l.name === 'f')!;
      assert.ok(Math.abs(f.sum - delta) <= 1e-5 * Math.max(1, Math.abs(delta)), `f: ${f.sum} vs ${delta}`);
    });
  }
});

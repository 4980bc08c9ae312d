/**
 * A model whose export fixed the batch at 1 (torch folds B * heads or B * windows into its Reshape targets:
 * ViT's and Swin's attention) runs one input per session.run. The methods that batch many inputs (SmoothGrad's
 * noisy copies, Integrated Gradients' path) must give what they give on the same network with a free batch;
 * DeepLIFT, which needs each input beside its reference, runs the forward once per row of the pair and must
 * equal the free-batch network's result too (Rescale and RevealCancel; the layer records as well).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { A } from '../../../src/compile/builder';
import { int64Tensor } from '../../../src/onnx/ir';
import type { MethodName, MethodParams } from '../../../src/protocol';
import { node, randomTensor } from '../../helpers/ir';
import { relDiff } from '../../helpers/relDiff';
import { tempModels } from '../../helpers/tempModels';

const { engine, model } = tempModels('fixed-batch-');
const dims = [1, 3, 4, 4];
const w = randomTensor([3, 4, 4], 61);
// The same function of x twice: channels folded into the batch axis ([3, 4, 4], so batch 2 cannot run), and plain.
const fixed = model(dims, [node('Reshape', ['x', 'merged'], ['m']), node('Tanh', ['m'], ['t']), node('Mul', ['t', 'w'], ['p']), node('Flatten', ['p'], ['y'], { axis: A.int(0) })], 'y', { merged: int64Tensor([3, 4, 4]), w });
const free = model(dims, [node('Tanh', ['x'], ['t']), node('Mul', ['t', 'w'], ['p']), node('Flatten', ['p'], ['y'], { axis: A.int(1) })], 'y', { w });
const x = randomTensor(dims, 62).data as Float32Array;
const explain = (path: string, method: MethodName, params: MethodParams) => engine.explain({ model: { path }, image: { tensor: { data: x, dims } }, method, params, target: 7 });

const cases: [MethodName, MethodParams][] = [
  ['smoothgrad', { samples: 6 }],
  ['integrated-gradients', { steps: 8 }],
  ['deeplift', { deeplift: 'rescale', baseline: { kind: 'blur' } }],
  ['deeplift', { deeplift: 'revealcancel', baseline: { kind: 'blur' } }],
];
for (const [method, params] of cases) {
  it(`${method} ${JSON.stringify(params)} on a fixed-batch model equals it on the same network with a free batch`, async () => {
    const a = await explain(fixed, method, params);
    assert.ok(a.notes.some((n) => n.includes('runs at batch 1 only')), 'the model must keep its batch fixed');
    const b = await explain(free, method, params);
    assert.ok(relDiff(a.relevance.data, b.relevance.data) < 1e-6, `${relDiff(a.relevance.data, b.relevance.data)}`);
    assert.ok(b.relevance.data.some((v) => v !== 0));
    // The layers both networks have (the fixed one's Reshape aside).
    const sums = (r: typeof a) => ['t', 'p'].map((n) => r.layers.find((l) => l.name === n)!.sum);
    assert.ok(relDiff(Float32Array.from(sums(a)), Float32Array.from(sums(b))) < 1e-6, `${sums(a)} vs ${sums(b)}`);
  });
}

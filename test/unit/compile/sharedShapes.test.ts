/**
 * Every graph variant of a model is compiled from the same canonical graph and its probed shapes: a rule that
 * builds its result's shape in place (Slice's placeEvenly) must not change them for the next variant. On a
 * model whose export fixed the batch (ViT's and Swin's attention), the Slice output's shape once came back
 * widened to its input's, and every method compiled after the first failed ("keeps 32 elements by the ONNX
 * rules, 96 by onnxruntime").
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { A } from '../../../src/compile/builder';
import { type ConstTensor, int64Tensor } from '../../../src/onnx/ir';
import { node, randomTensor } from '../../helpers/ir';
import { tempModels } from '../../helpers/tempModels';

const { engine, model } = tempModels('shared-shapes-');

/** The input reshaped to `merged` (the batch folded into another axis, which fixes it at 1), sliced, weighted. */
function slicedModel(dims: number[], o: { merged: number[]; starts: number; ends: number; axis: number; step: number; w: ConstTensor }): string {
  return model(
    dims,
    [
      node('Reshape', ['x', 'merged'], ['m']),
      node('Slice', ['m', 'starts', 'ends', 'axes', 'steps'], ['s']),
      node('Mul', ['s', 'w'], ['p']),
      node('Flatten', ['p'], ['y'], { axis: A.int(0) }),
    ],
    'y',
    { merged: int64Tensor(o.merged), starts: int64Tensor([o.starts]), ends: int64Tensor([o.ends]), axes: int64Tensor([o.axis]), steps: int64Tensor([o.step]), w: o.w },
  );
}

it('a strided Slice in a fixed-batch model: a second variant compiles and agrees with the first', async () => {
  const dims = [1, 3, 4, 4];
  // The batch merged with the channels ([3, 1, 4, 4], as torch folds B * heads) fixes the batch at 1.
  const path = slicedModel(dims, { merged: [3, 1, 4, 4], starts: 1, ends: 4, axis: 3, step: 2, w: randomTensor([3, 1, 4, 2], 41) });
  const x = randomTensor(dims, 42).data as Float32Array;
  const explain = (method: 'gradient' | 'gradient-x-input') => engine.explain({ model: { path }, image: { tensor: { data: x, dims } }, method, target: 5 });
  const g = await explain('gradient');
  assert.ok(g.notes.some((n) => n.includes('runs at batch 1 only')), 'the model must keep its batch fixed');
  const gx = await explain('gradient-x-input');
  // y[5] = w[0,0,2,1] * x[0,0,2,3]: only that pixel has a gradient.
  const w = randomTensor([3, 1, 4, 2], 41).data as Float32Array;
  g.relevance.data.forEach((v, i) => assert.ok(Math.abs(v - (i === 11 ? w[5] : 0)) < 1e-6, `gradient[${i}] = ${v}`));
  gx.relevance.data.forEach((v, i) => assert.ok(Math.abs(v - g.relevance.data[i] * x[i]) < 1e-6, `gradient x input[${i}] = ${v}`));
});

it("a Slice of a fixed-batch model's second axis: its layer record keeps the sliced shape and stays finite", async () => {
  // Swin's roll (Slice + Concat on the rows of [windows, H, W, C]): the widened shape was the layer's own, so
  // its per-neuron record was read as more neurons than the graph gave, NaN past the end.
  const dims = [1, 3, 4, 4];
  const path = slicedModel(dims, { merged: [3, 4, 4], starts: 0, ends: 4, axis: 1, step: 2, w: randomTensor([3, 2, 4], 43) });
  const r = await engine.explain({ model: { path }, image: { tensor: { data: randomTensor(dims, 44).data as Float32Array, dims } }, method: 'gradient', target: 0 });
  const s = r.layers.find((l) => l.name === 's');
  assert.deepEqual(s?.shape, [3, 2, 4]);
  for (const l of r.layers) assert.ok(Number.isFinite(l.sum), `layer ${l.name} sums to ${l.sum}`);
});

/**
 * DeepLIFT's graph runs input and reference as pairs (2N rows) while its signals have one row per pair (N): an
 * op's backward that shapes its result like its forward tensor at run time gives the signal 2N rows. ShuffleNet's
 * head (ReduceMean pooling, its backward expanded to Shape(x)) sent 2N rows down to its MaxPool, whose
 * ScatterElements then failed ("Indices vs updates dimensions differs at position=0 1 vs 2").
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { A } from '../../../src/compile/builder';
import { int64Tensor } from '../../../src/onnx/ir';
import { node, randomTensor } from '../../helpers/ir';
import { tempModels } from '../../helpers/tempModels';

const { engine, model } = tempModels('paired-signals-');

it('DeepLIFT through MaxPool and ReduceMean pooling (keepdims 0) sums to f(x) - f(x0)', async () => {
  const dims = [1, 3, 8, 8];
  const path = model(
    dims,
    [
      node('Conv', ['x', 'w1'], ['c1'], { pads: A.ints([1, 1, 1, 1]) }),
      node('Relu', ['c1'], ['r1']),
      node('MaxPool', ['r1'], ['p'], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]) }),
      node('Conv', ['p', 'w2'], ['c2']),
      node('Relu', ['c2'], ['r2']),
      node('ReduceMean', ['r2'], ['m'], { axes: A.ints([2, 3]), keepdims: A.int(0) }),
      node('Gemm', ['m', 'wo'], ['y']),
    ],
    'y',
    { w1: randomTensor([4, 3, 3, 3], 51), w2: randomTensor([5, 4, 1, 1], 52), wo: randomTensor([5, 3], 53) },
  );
  const x = randomTensor(dims, 54).data as Float32Array;
  for (const rule of ['rescale', 'revealcancel'] as const) {
    const r = await engine.explain({ model: { path }, image: { tensor: { data: x, dims } }, method: 'deeplift', params: { deeplift: rule, baseline: { kind: 'zero' } }, target: 1 });
    const delta = r.score - r.baselineScore!;
    assert.ok(Math.abs(r.relevanceSum - delta) <= 1e-5 * Math.max(1, Math.abs(delta)), `${rule}: ${r.relevanceSum} vs ${delta}`);
  }
});

it("DeepLIFT through a Split whose second piece reaches no score (its zeros take the signal's rows, not the pairs')", async () => {
  const dims = [1, 3, 6, 6];
  const path = model(
    dims,
    [
      node('Conv', ['x', 'w1'], ['c1'], { pads: A.ints([1, 1, 1, 1]) }),
      node('Relu', ['c1'], ['r1']),
      node('Split', ['r1', 'split'], ['a', 'unused'], { axis: A.int(1) }),
      node('Flatten', ['a'], ['f'], { axis: A.int(1) }),
      node('Gemm', ['f', 'wo'], ['y']),
    ],
    'y',
    { w1: randomTensor([4, 3, 3, 3], 55), split: int64Tensor([3, 1]), wo: randomTensor([3 * 36, 3], 56) },
  );
  const r = await engine.explain({ model: { path }, image: { tensor: { data: randomTensor(dims, 57).data as Float32Array, dims } }, method: 'deeplift', params: { baseline: { kind: 'zero' } }, target: 0 });
  const delta = r.score - r.baselineScore!;
  assert.ok(Math.abs(r.relevanceSum - delta) <= 1e-5 * Math.max(1, Math.abs(delta)), `${r.relevanceSum} vs ${delta}`);
});

/**
 * foldBiasAdd: a bias written as a separate Add joins the layer before it (Conv + Add -> Conv with bias,
 * MatMul + Add -> Gemm). The scores must stay and the Add's output name must be kept.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadGraph } from '../../../src/canonicalize';
import { foldBatchNorm } from '../../../src/canonicalize/foldBatchNorm';
import { foldBiasAdd } from '../../../src/canonicalize/foldBiasAdd';
import { probeShapes } from '../../../src/canonicalize/probeShapes';
import { A } from '../../../src/compile/builder';
import { encodeModel } from '../../../src/onnx/encode';
import { cloneGraph, producers } from '../../../src/onnx/ir';
import { graph, inputDims, node, randomTensor } from '../../helpers/ir';
import { MNIST, MNIST_REF, modelBytes, modelFile, opCounts, reference, seededInput } from '../../helpers/models';
import { assertScoresUnchanged, imageAndNoise } from '../../helpers/scoresUnchanged';

test('foldBiasAdd: MNIST Conv+Add -> Conv with bias, MatMul+Add -> Gemm, Add output names kept', async (t) => {
  const { graph: g } = await loadGraph(modelBytes(MNIST), MNIST);
  const ref = reference(MNIST_REF);
  const shapes = await probeShapes(g, ref.dims);
  assert.equal(foldBatchNorm(g, shapes), undefined);
  assert.deepEqual(opCounts(g), { Conv: 2, Add: 3, Relu: 2, MaxPool: 2, Reshape: 1, MatMul: 1 });

  assert.equal(foldBiasAdd(g, shapes), 'Folded 3 bias Add(s) into the layer before them.');
  assert.deepEqual(opCounts(g), { Conv: 2, Relu: 2, MaxPool: 2, Reshape: 1, Gemm: 1 });
  const made = producers(g);
  for (const [out, layer] of [['Plus30_Output_0', 'Convolution28'], ['Plus112_Output_0', 'Convolution110']]) {
    const conv = made.get(out)!;
    assert.equal(conv.name, layer);
    assert.equal(conv.opType, 'Conv');
    assert.equal(conv.inputs.length, 3);
    assert.deepEqual(g.inits.get(conv.inputs[2])!.dims, [conv.name === 'Convolution28' ? 8 : 16]);
  }
  const gemm = made.get('Plus214_Output_0')!;
  assert.equal(gemm.name, 'Times212');
  assert.equal(gemm.opType, 'Gemm');
  assert.deepEqual(gemm.inputs.slice(0, 2), ['Pooling160_Output_0_reshape0', 'Parameter193_reshape1']);
  assert.deepEqual(g.inits.get(gemm.inputs[2])!.data, g.inits.get('Parameter194')!.data);
  assert.equal(g.outputs[0].name, 'Plus214_Output_0');
  // The Relu now reads the Conv's output under the Add's name.
  assert.equal(g.nodes.find((n) => n.opType === 'Relu')!.inputs[0], 'Plus30_Output_0');

  await assertScoresUnchanged(t, g, modelFile(MNIST), imageAndNoise(ref.input, 31), ref.dims);
});

test('foldBiasAdd: constant first, an existing bias and Gemm beta are merged; non-bias Adds stay', async (t) => {
  const g = graph({
    input: ['x', [1, 2, 5, 5]],
    output: 'out',
    nodes: [
      node('Conv', ['x', 'w', 'b'], ['c'], { pads: A.ints([1, 1, 1, 1]) }),
      node('Add', ['cb', 'c'], ['biased']), // constant first, per channel [3,1,1], onto an existing bias
      node('Relu', ['biased'], ['r']),
      node('Add', ['r', 'full'], ['notBias']), // a full-size constant is no bias
      node('Conv', ['notBias', 'w2'], ['c2']),
      node('Relu', ['c2'], ['r2']),
      node('Add', ['c2', 'scalar'], ['shared']), // c2 is also read by the Relu: not folded
      node('Add', ['shared', 'r2'], ['s']),
      node('Flatten', ['s'], ['f'], { axis: A.int(1) }),
      node('Gemm', ['f', 'gw', 'gc'], ['g'], { transB: A.int(1), beta: A.float(0.5) }),
      node('Add', ['g', 'gb'], ['out']), // Gemm with C and beta, plus a [1, 4] bias
    ],
    inits: {
      w: randomTensor([3, 2, 3, 3], 1),
      b: randomTensor([3], 2),
      cb: randomTensor([3, 1, 1], 3),
      full: randomTensor([1, 3, 5, 5], 4),
      w2: randomTensor([2, 3, 1, 1], 5),
      scalar: randomTensor([], 6),
      gw: randomTensor([4, 50], 7),
      gc: randomTensor([4], 8),
      gb: randomTensor([1, 4], 9),
    },
  });
  const dims = inputDims(g);
  const original = encodeModel(g);
  const shapes = await probeShapes(g, dims);
  assert.equal(foldBiasAdd(g, shapes), 'Folded 2 bias Add(s) into the layer before them.');
  const made = producers(g);
  assert.equal(made.get('biased')?.opType, 'Conv');
  assert.equal(made.get('out')?.opType, 'Gemm');
  assert.deepEqual(made.get('out')?.attrs.beta, A.float(1));
  assert.equal(made.get('notBias')?.opType, 'Add');
  assert.equal(made.get('shared')?.opType, 'Add');

  await assertScoresUnchanged(t, g, original, seededInput(50, 10, -1, 1), dims);
});

test('foldBiasAdd: nothing to fold, no note', async () => {
  const g = graph({ input: ['x', [1, 3]], output: 'y', nodes: [node('Add', ['x', 'x'], ['y'])] });
  const before = cloneGraph(g);
  assert.equal(foldBiasAdd(g, await probeShapes(g, [1, 3])), undefined);
  assert.deepEqual(g, before);
});

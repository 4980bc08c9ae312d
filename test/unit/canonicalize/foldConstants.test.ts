/**
 * foldConstants: nodes whose inputs are all constants are evaluated once by onnxruntime and become
 * initializers. The scores must not change, and nothing that depends on the image may be folded.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutTrailingSoftmax } from '../../../src/canonicalize/cutSoftmax';
import { dropNoOps } from '../../../src/canonicalize/dropNoOps';
import { foldConstants } from '../../../src/canonicalize/foldConstants';
import { raiseOpset } from '../../../src/canonicalize/raiseOpset';
import { A } from '../../../src/compile/builder';
import { encodeModel } from '../../../src/onnx/encode';
import { cloneGraph, floatTensor, int64Tensor, producers } from '../../../src/onnx/ir';
import { graph, node, randomTensor } from '../../helpers/ir';
import { MNIST, MNIST_REF, decoded, modelFile, reference, seededInput } from '../../helpers/models';
import { assertScoresUnchanged, imageAndNoise } from '../../helpers/scoresUnchanged';

test("foldConstants: MNIST's Reshape of a weight becomes an initializer; the scores stay", async (t) => {
  const g = decoded(MNIST);
  cutTrailingSoftmax(g);
  dropNoOps(g);
  raiseOpset(g);
  const weight = g.inits.get('Parameter193')!;
  assert.deepEqual(weight.dims, [16, 4, 4, 10]);
  assert.equal(producers(g).get('Parameter193_reshape1')?.name, 'Times212_reshape1');

  assert.equal(await foldConstants(g), 1);
  assert.ok(!g.nodes.some((n) => n.name === 'Times212_reshape1'), 'the weight Reshape is gone');
  const folded = g.inits.get('Parameter193_reshape1')!;
  assert.equal(folded.type, 'float32');
  assert.deepEqual(folded.dims, [256, 10]);
  assert.deepEqual(folded.data, weight.data, 'a Reshape keeps the data order');
  // The Reshape on the image's path is left alone: it depends on the input.
  const onPath = g.nodes.filter((n) => n.opType === 'Reshape');
  assert.deepEqual(onPath.map((n) => n.name), ['Times212_reshape0']);
  assert.equal(g.nodes.find((n) => n.opType === 'MatMul')!.inputs[1], 'Parameter193_reshape1');

  const ref = reference(MNIST_REF);
  await assertScoresUnchanged(t, g, modelFile(MNIST), imageAndNoise(ref.input, 21), ref.dims);
});

test('foldConstants: chains and int64 shape arithmetic fold; image-dependent nodes do not', async (t) => {
  const g = graph({
    input: ['x', [1, 6]],
    output: 'y',
    nodes: [
      node('Transpose', ['w'], ['wT'], { perm: A.ints([1, 0]) }), // [6, 4]
      node('Mul', ['wT', 'two'], ['w2']), // a chain: reads a folded value
      node('Shape', ['target'], ['shape']), // int64 output
      node('MatMul', ['x', 'w2'], ['h']), // [1, 4]
      node('Relu', ['h'], ['r']),
      node('Reshape', ['r', 'shape'], ['y']), // [2, 2]
    ],
    inits: { w: randomTensor([4, 6], 1), two: floatTensor([2], []), target: floatTensor([0, 0, 0, 0], [2, 2]) },
  });
  const original = encodeModel(g);
  assert.equal(await foldConstants(g), 3);
  assert.deepEqual(g.nodes.map((n) => n.opType), ['MatMul', 'Relu', 'Reshape']);
  assert.deepEqual(g.inits.get('shape'), int64Tensor([2, 2]));
  assert.deepEqual(g.inits.get('w2')!.dims, [6, 4]);

  await assertScoresUnchanged(t, g, original, seededInput(6, 2, -1, 1), [1, 6]);
});

test('foldConstants: nothing constant, nothing changes', async () => {
  const g = graph({ input: ['x', [1, 3]], output: 'y', nodes: [node('Mul', ['x', 'k'], ['y'])], inits: { k: randomTensor([3], 4) } });
  const before = cloneGraph(g);
  assert.equal(await foldConstants(g), 0);
  assert.deepEqual(g, before);
});

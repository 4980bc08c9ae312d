/**
 * foldBatchNorm: every inference BatchNormalization is folded into the Conv/Gemm before it, or else becomes
 * Mul + Add. The scores must stay, and the tensor the user knows (the BN's output) must keep its name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadGraph } from '../../../src/canonicalize';
import { foldBatchNorm } from '../../../src/canonicalize/foldBatchNorm';
import { probeShapes } from '../../../src/canonicalize/probeShapes';
import { A } from '../../../src/compile/builder';
import { encodeModel } from '../../../src/onnx/encode';
import { type IRGraph, type IRNode, producers } from '../../../src/onnx/ir';
import { graph, inputDims, node, randomTensor } from '../../helpers/ir';
import { MOBILENET_MINI, MOBILENET_MINI_REF, RESNET_MINI, RESNET_MINI_REF, decoded, modelBytes, modelFile, opCounts, reference, seededInput } from '../../helpers/models';
import { type Diagnostics, assertScoresUnchanged, imageAndNoise } from '../../helpers/scoresUnchanged';

for (const [file, refName, count] of [[RESNET_MINI, RESNET_MINI_REF, 10], [MOBILENET_MINI, MOBILENET_MINI_REF, 52]] as const) {
  test(`foldBatchNorm: ${file} folds all ${count} BatchNormalizations into their Convs, names and scores kept`, async (t) => {
    const bnOutputs = decoded(file)
      .nodes.filter((n) => n.opType === 'BatchNormalization')
      .map((n) => n.outputs[0]);
    assert.equal(bnOutputs.length, count);
    const { graph: g } = await loadGraph(modelBytes(file), file);
    const ref = reference(refName);
    const shapes = await probeShapes(g, ref.dims);
    const convs = opCounts(g).Conv;

    assert.equal(foldBatchNorm(g, shapes), `Folded ${count} BatchNormalization(s) into the preceding layer.`);
    assert.equal(opCounts(g).BatchNormalization, undefined);
    assert.equal(opCounts(g).Conv, convs);
    assert.equal(opCounts(g).Mul, undefined, 'no Mul+Add fallback');
    const made = producers(g);
    for (const name of bnOutputs) assert.equal(made.get(name)?.opType, 'Conv', `${name} is the folded Conv's output`);
    // Every Conv that absorbed a BN has a weight and a bias of its own.
    for (const name of bnOutputs) assert.equal(made.get(name)!.inputs.length, 3, name);

    await assertScoresUnchanged(t, g, modelFile(file), imageAndNoise(ref.input, 13, -2, 2), ref.dims);
  });
}

const C = 4;
const bnParams = (prefix: string, seed: number) => ({
  [`${prefix}_scale`]: randomTensor([C], seed, 0.5, 2),
  [`${prefix}_bias`]: randomTensor([C], seed + 1),
  [`${prefix}_mean`]: randomTensor([C], seed + 2),
  [`${prefix}_var`]: randomTensor([C], seed + 3, 0.2, 3),
});
const bn = (x: string, prefix: string, out: string): IRNode =>
  node('BatchNormalization', [x, `${prefix}_scale`, `${prefix}_bias`, `${prefix}_mean`, `${prefix}_var`], [out], { epsilon: A.float(1e-3) }, `${prefix}_node`);

/** Folds a hand-built graph and checks it against the original run by onnxruntime. */
async function foldsFaithfully(t: Diagnostics, g: IRGraph, label: string): Promise<IRGraph> {
  const dims = inputDims(g);
  const original = encodeModel(g);
  const x = seededInput(dims.reduce((a, b) => a * b, 1), 17, -2, 2);
  const shapes = await probeShapes(g, dims);
  assert.ok(foldBatchNorm(g, shapes));
  assert.equal(opCounts(g).BatchNormalization, undefined);
  await assertScoresUnchanged(t, g, original, x, dims, { label });
  return g;
}

test('foldBatchNorm: without a Conv before it, a BN becomes Mul + Add named like the BN', async (t) => {
  // BN after a Relu, BN straight on the graph input, and BN after a Conv whose output is also read elsewhere.
  const g = graph({
    input: ['x', [1, C, 5, 5]],
    output: 'out',
    nodes: [
      bn('x', 'bn0', 'n0'),
      node('Relu', ['n0'], ['r']),
      bn('r', 'bn1', 'n1'),
      node('Conv', ['n1', 'w'], ['c'], { pads: A.ints([1, 1, 1, 1]) }),
      bn('c', 'bn2', 'n2'),
      node('Add', ['n2', 'c'], ['out']),
    ],
    inits: { ...bnParams('bn0', 1), ...bnParams('bn1', 10), ...bnParams('bn2', 20), w: randomTensor([C, C, 3, 3], 30) },
  });
  await foldsFaithfully(t, g, 'Mul+Add');
  assert.deepEqual(g.nodes.map((n) => n.opType), ['Mul', 'Add', 'Relu', 'Mul', 'Add', 'Conv', 'Mul', 'Add', 'Add']);
  const made = producers(g);
  for (const [name, bnName] of [['n0', 'bn0_node'], ['n1', 'bn1_node'], ['n2', 'bn2_node']]) {
    assert.equal(made.get(name)?.opType, 'Add', name);
    assert.equal(made.get(name)?.name, bnName, 'the Add carries the BN node name');
  }
  assert.deepEqual(g.inits.get('bn2_node__scale')!.dims, [C, 1, 1]);
});

test('foldBatchNorm: Conv with a bias, and Gemm with alpha, beta, C and transB, absorb a BN', async (t) => {
  const conv = graph({
    input: ['x', [1, 3, 6, 6]],
    output: 'out',
    nodes: [node('Conv', ['x', 'w', 'b'], ['c'], { strides: A.ints([2, 2]) }), bn('c', 'bn', 'out')],
    inits: { w: randomTensor([C, 3, 3, 3], 1), b: randomTensor([C], 2), ...bnParams('bn', 3) },
  });
  await foldsFaithfully(t, conv, 'Conv+bias');
  assert.deepEqual(conv.nodes.map((n) => [n.opType, n.outputs[0]]), [['Conv', 'out']]);

  for (const transB of [0, 1]) {
    const gemm = graph({
      input: ['x', [1, 6]],
      output: 'out',
      nodes: [
        node('Gemm', ['x', 'w', 'c'], ['h'], { transB: A.int(transB), alpha: A.float(2), beta: A.float(0.5) }),
        bn('h', 'bn', 'out'),
      ],
      inits: { w: randomTensor(transB ? [C, 6] : [6, C], 5), c: randomTensor([C], 6), ...bnParams('bn', 7) },
    });
    await foldsFaithfully(t, gemm, `Gemm transB=${transB}`);
    assert.deepEqual(gemm.nodes.map((n) => [n.opType, n.outputs[0]]), [['Gemm', 'out']]);
    assert.deepEqual(gemm.nodes[0].attrs.beta, A.float(1));
  }
});

test('foldBatchNorm: a BN with parameters computed from the image is refused', async () => {
  const g = graph({
    input: ['x', [1, C, 2, 2]],
    output: 'out',
    nodes: [node('ReduceMean', ['x'], ['m'], { axes: A.ints([0, 2, 3]), keepdims: A.int(0) }), bn('x', 'bn', 'out')],
    inits: bnParams('bn', 1),
  });
  g.nodes[1].inputs[3] = 'm';
  const shapes = await probeShapes(g, [1, C, 2, 2]);
  assert.throws(() => foldBatchNorm(g, shapes), { code: 'UNSUPPORTED_OP', message: /non-constant parameters/ });
});

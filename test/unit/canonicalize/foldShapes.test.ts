/**
 * foldShapes: shape arithmetic on the image's tensors folds to constants once the input size is fixed, and the
 * batch stays free: a Reshape target holding the batch gets -1 or 0 there, and a value that follows the batch
 * otherwise (a class token expanded to it) keeps its nodes. Scores are checked at batch 1 and 2 against the
 * original graph in onnxruntime.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalize } from '../../../src/canonicalize';
import { A } from '../../../src/compile/builder';
import { encodeModel } from '../../../src/onnx/encode';
import { type IRGraph, int64Tensor, tensorToNumbers } from '../../../src/onnx/ir';
import { graph, node, randomTensor } from '../../helpers/ir';
import { seededInput } from '../../helpers/models';
import { assertScoresUnchanged } from '../../helpers/scoresUnchanged';

/** A hand-built graph whose input has a free batch axis, as loadGraph leaves it. */
function dynamic(g: IRGraph): IRGraph {
  g.inputs[0].dims[0] = 'N';
  return g;
}

async function scoresAtBatch1And2(t: Parameters<typeof assertScoresUnchanged>[0], folded: IRGraph, original: Uint8Array, single: number[]) {
  const size = single.reduce((a, b) => a * b, 1);
  await assertScoresUnchanged(t, folded, original, seededInput(size, 3, -1, 1), single, { label: 'batch 1' });
  await assertScoresUnchanged(t, folded, original, seededInput(2 * size, 4, -1, 1), [2, ...single.slice(1)], { label: 'batch 2' });
}

const axis0 = int64Tensor([0], []);

test("foldShapes: torch's x.view(x.size(0), -1) folds to a Reshape to [0, -1]", async (t) => {
  const g = dynamic(
    graph({
      input: ['x', [1, 2, 3, 2]],
      output: 'y',
      nodes: [
        node('Relu', ['x'], ['r']),
        node('Shape', ['r'], ['s']),
        node('Gather', ['s', 'zero'], ['n'], { axis: A.int(0) }),
        node('Unsqueeze', ['n', 'axes0'], ['n1']),
        node('Concat', ['n1', 'minus1'], ['target'], { axis: A.int(0) }),
        node('Reshape', ['r', 'target'], ['flat']),
        node('MatMul', ['flat', 'w'], ['y']),
      ],
      inits: { zero: axis0, axes0: int64Tensor([0]), minus1: int64Tensor([-1]), w: randomTensor([12, 4], 1) },
    }),
  );
  const original = encodeModel(g);
  const c = await canonicalize({ graph: g, notes: [] }, [1, 2, 3, 2]);
  assert.deepEqual(c.graph.nodes.map((n) => n.opType), ['Relu', 'Reshape', 'MatMul']);
  assert.deepEqual(tensorToNumbers(c.graph.inits.get(c.graph.nodes[1].inputs[1])!), [0, -1]);
  assert.ok(c.batchShapes, 'the graph reads a shape: probed at batch 2 too');
  assert.ok(c.notes.some((n) => /Folded 4 node\(s\) of shape arithmetic/.test(n)), c.notes.join(' | '));
  await scoresAtBatch1And2(t, c.graph, original, [1, 2, 3, 2]);
});

test("foldShapes: Swin's mask from shapes (int64 ConstantOfShape, ScatterND, Equal, Where) and Pad from shape arithmetic fold away", async (t) => {
  const g = dynamic(
    graph({
      input: ['x', [1, 2, 4]],
      output: 'y',
      nodes: [
        node('Shape', ['x'], ['s']),
        node('Gather', ['s', 'two'], ['w'], { axis: A.int(0) }), // 4
        node('Unsqueeze', ['w', 'axes0'], ['w1']), // [4]
        node('ConstantOfShape', ['w1'], ['zeros'], { value: A.tensor(int64Tensor([0], [1])) }), // int64 [4]
        node('ScatterND', ['zeros', 'where', 'ones'], ['marked']), // [0, 1, 0, 1]
        node('Equal', ['marked', 'zeroScalar'], ['isZero']),
        node('Where', ['isZero', 'f0', 'fm100'], ['mask']), // float [4]: 0 or -100
        node('Mod', ['w', 'three'], ['rem']), // 1
        node('Sub', ['three', 'rem'], ['padEnd']), // 2
        node('Unsqueeze', ['padEnd', 'axes0'], ['padEnd1']),
        node('Concat', ['zeros3', 'padEnd1'], ['pads'], { axis: A.int(0) }), // [0, 0, 0, 0, 0, 2]
        node('Add', ['x', 'mask'], ['masked']),
        node('Pad', ['masked', 'pads'], ['y']),
      ],
      inits: {
        two: int64Tensor([2], []),
        axes0: int64Tensor([0]),
        where: int64Tensor([1, 3], [2, 1]),
        ones: int64Tensor([1, 1]),
        zeroScalar: int64Tensor([0], []),
        f0: { type: 'float32', dims: [], data: Float32Array.of(0) },
        fm100: { type: 'float32', dims: [], data: Float32Array.of(-100) },
        three: int64Tensor([3], []),
        zeros3: int64Tensor([0, 0, 0, 0, 0]),
      },
    }),
  );
  const original = encodeModel(g);
  const c = await canonicalize({ graph: g, notes: [] }, [1, 2, 4]);
  assert.deepEqual(c.graph.nodes.map((n) => n.opType), ['Add', 'Pad']);
  assert.deepEqual(Array.from(c.graph.inits.get(c.graph.nodes[0].inputs[1])!.data as Float32Array), [0, -100, 0, -100]);
  assert.deepEqual(tensorToNumbers(c.graph.inits.get(c.graph.nodes[1].inputs[1])!), [0, 0, 0, 0, 0, 2]);
  await scoresAtBatch1And2(t, c.graph, original, [1, 2, 4]);
});

test("foldShapes: ViT's class token expanded to the batch keeps its nodes; the batch-free rest folds", async (t) => {
  const g = dynamic(
    graph({
      input: ['x', [1, 3, 4]],
      output: 'y',
      nodes: [
        node('Shape', ['x'], ['s']),
        node('Gather', ['s', 'zero'], ['n'], { axis: A.int(0) }),
        node('Unsqueeze', ['n', 'axes0'], ['n1']),
        node('Concat', ['n1', 'rest'], ['expandTo'], { axis: A.int(0) }), // [N, 1, 4]
        node('Expand', ['cls', 'expandTo'], ['tokens']),
        node('Concat', ['tokens', 'x'], ['y'], { axis: A.int(1) }),
      ],
      inits: { zero: axis0, axes0: int64Tensor([0]), rest: int64Tensor([1, 4]), cls: randomTensor([1, 1, 4], 2) },
    }),
  );
  const original = encodeModel(g);
  const c = await canonicalize({ graph: g, notes: [] }, [1, 3, 4]);
  assert.deepEqual(c.graph.nodes.map((n) => n.opType), ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'Expand', 'Concat']);
  assert.ok(c.notes.some((n) => /5 left to run/.test(n)), c.notes.join(' | '));
  await scoresAtBatch1And2(t, c.graph, original, [1, 3, 4]);
});

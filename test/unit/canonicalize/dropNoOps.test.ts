/**
 * dropNoOps: Dropout (at inference) and Identity compute nothing. Removing them must leave the scores and the
 * graph output's name unchanged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutTrailingSoftmax } from '../../../src/canonicalize/cutSoftmax';
import { dropNoOps } from '../../../src/canonicalize/dropNoOps';
import { A } from '../../../src/compile/builder';
import { encodeModel } from '../../../src/onnx/encode';
import { cloneGraph, producers } from '../../../src/onnx/ir';
import { graph, inputDims, node, randomTensor } from '../../helpers/ir';
import { SQUEEZENET, SQUEEZENET_REF, decoded, opCounts, reference, runScores } from '../../helpers/models';
import { assertScoresUnchanged, assertSqueezeNetProbabilitiesUnchanged } from '../../helpers/scoresUnchanged';

test('dropNoOps: SqueezeNet loses its Dropout and keeps its scores', async (t) => {
  const g = decoded(SQUEEZENET);
  cutTrailingSoftmax(g);
  const before = cloneGraph(g);
  assert.equal(opCounts(g).Dropout, 1);
  assert.equal(dropNoOps(g), 'Removed 1 Dropout/Identity node(s).');
  assert.equal(opCounts(g).Dropout, undefined);
  assert.equal(g.nodes.length, before.nodes.length - 1);
  // conv10 now reads the Dropout's input.
  assert.deepEqual(g.nodes.find((n) => n.name === 'conv10' || n.outputs[0] === 'conv10_1')!.inputs[0], 'fire9/concat_1');
  assert.equal(g.outputs[0].name, 'pool10_1');

  const ref = reference(SQUEEZENET_REF);
  await assertSqueezeNetProbabilitiesUnchanged(t, g, ref.input, ref.dims);
  // The same function as before the pass, bit for bit.
  assert.deepEqual(await runScores(g, ref.input, ref.dims), await runScores(before, ref.input, ref.dims));
});

test('dropNoOps: an Identity at the output renames its producer, so the output keeps its name', async (t) => {
  const g = graph({
    input: ['x', [1, 2, 5, 5]],
    output: 'out',
    nodes: [
      node('Identity', ['w'], ['w_shared']), // an Identity-shared weight
      node('Conv', ['x', 'w_shared'], ['c'], { pads: A.ints([1, 1, 1, 1]) }),
      node('Dropout', ['c'], ['d', 'mask']),
      node('Relu', ['d'], ['a']),
      node('Identity', ['a'], ['b']),
      node('Add', ['a', 'b'], ['s']), // a read twice: once directly, once through the Identity
      node('Identity', ['s'], ['s2']),
      node('Identity', ['s2'], ['out']), // a chain at the output
    ],
    inits: { w: randomTensor([3, 2, 3, 3], 4) },
  });
  const dims = inputDims(g);
  const original = encodeModel(g);
  assert.equal(dropNoOps(g), 'Removed 5 Dropout/Identity node(s).');
  assert.deepEqual(g.nodes.map((n) => n.opType), ['Conv', 'Relu', 'Add']);
  assert.deepEqual(g.nodes[0].inputs, ['x', 'w']);
  assert.deepEqual(g.nodes[2].inputs, ['a', 'a']);
  assert.equal(g.outputs[0].name, 'out');
  assert.equal(producers(g).get('out')?.opType, 'Add');

  await assertScoresUnchanged(t, g, original, randomTensor(dims, 8).data as Float32Array, dims);
});

test('dropNoOps: nothing to drop, no note', () => {
  const g = graph({ input: ['x', [1, 3]], output: 'y', nodes: [node('Relu', ['x'], ['y'])] });
  const before = cloneGraph(g);
  assert.equal(dropNoOps(g), undefined);
  assert.deepEqual(g, before);
});

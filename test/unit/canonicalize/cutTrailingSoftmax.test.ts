/**
 * cutTrailingSoftmax: the explained score is the logit. Softmax of our scores must be the original model's
 * output, and the note must say what was cut and what is explained instead.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutTrailingSoftmax } from '../../../src/canonicalize/cutSoftmax';
import { A } from '../../../src/compile/builder';
import { encodeModel } from '../../../src/onnx/encode';
import { cloneGraph } from '../../../src/onnx/ir';
import { graph, node, randomTensor } from '../../helpers/ir';
import { MNIST, SQUEEZENET, SQUEEZENET_REF, decoded, opCounts, reference, seededInput, softmax } from '../../helpers/models';
import { assertScoresUnchanged, assertSqueezeNetProbabilitiesUnchanged, imageAndNoise } from '../../helpers/scoresUnchanged';

test('cutTrailingSoftmax: SqueezeNet explains pool10_1, and softmax of it is the original output', async (t) => {
  const g = decoded(SQUEEZENET);
  const note = cutTrailingSoftmax(g);
  assert.ok(note, 'a note');
  assert.match(note, /ends in Softmax/);
  assert.match(note, /"pool10_1" is explained/);
  assert.equal(opCounts(g).Softmax, undefined);
  assert.equal(g.outputs[0].name, 'pool10_1');
  assert.equal(g.outputs.length, 1);

  const ref = reference(SQUEEZENET_REF);
  for (const scores of await assertSqueezeNetProbabilitiesUnchanged(t, g, imageAndNoise(ref.input, 5, 0, 255), ref.dims)) {
    assert.equal(scores.length, 1000);
    assert.ok(Math.max(...scores) > 1, 'logits, not probabilities');
  }
});

test('cutTrailingSoftmax: a LogSoftmax behind Identity and Dropout is cut too', async (t) => {
  const g = graph({
    input: ['x', [1, 6]],
    output: 'out',
    nodes: [
      node('Gemm', ['x', 'w', 'b'], ['logits'], { transB: A.int(1) }),
      node('LogSoftmax', ['logits'], ['logp'], { axis: A.int(1) }, 'final_logsoftmax'),
      node('Dropout', ['logp'], ['dropped']),
      node('Identity', ['dropped'], ['out']),
    ],
    inits: { w: randomTensor([5, 6], 1), b: randomTensor([5], 2) },
  });
  const original = cloneGraph(g);
  const note = cutTrailingSoftmax(g);
  assert.match(note ?? '', /ends in LogSoftmax \(final_logsoftmax\); the pre-softmax score "logits" is explained/);
  assert.equal(g.outputs[0].name, 'logits');
  assert.ok(!g.nodes.some((n) => n.opType === 'LogSoftmax'));

  await assertScoresUnchanged(t, g, encodeModel(original), seededInput(6, 3, -2, 2), [1, 6], {
    transform: (scores) => Array.from(softmax(scores), Math.log),
    compared: 'log(softmax(scores)) vs original LogSoftmax',
  });
});

test('cutTrailingSoftmax: nothing to cut leaves the graph alone', () => {
  const mnist = decoded(MNIST);
  const before = cloneGraph(mnist);
  assert.equal(cutTrailingSoftmax(mnist), undefined);
  assert.deepEqual(mnist, before);

  // A Softmax inside the graph is not trailing: the score after it depends on it.
  const inner = graph({
    input: ['x', [1, 4]],
    output: 'y',
    nodes: [node('Softmax', ['x'], ['p'], { axis: A.int(1) }), node('Mul', ['p', 'k'], ['y'])],
    inits: { k: randomTensor([4], 9) },
  });
  const innerBefore = cloneGraph(inner);
  assert.equal(cutTrailingSoftmax(inner), undefined);
  assert.deepEqual(inner, innerBefore);
});

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
import {
  FP16_TOLERANCE,
  MNIST,
  SQUEEZENET,
  SQUEEZENET_FP32,
  SQUEEZENET_REF,
  TOLERANCE,
  decoded,
  modelFile,
  opCounts,
  reference,
  relDiff,
  runOriginal,
  runScores,
  seededInput,
  softmax,
} from '../../helpers/models';

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
  for (const [name, x] of [['fish image', ref.input], ['noise 0..255', seededInput(ref.input.length, 5, 0, 255)]] as const) {
    const scores = await runScores(g, x, ref.dims);
    assert.equal(scores.length, 1000);
    assert.ok(Math.max(...scores) > 1, 'logits, not probabilities');
    const probs = softmax(scores);
    const fp16 = await runOriginal(modelFile(SQUEEZENET), x, ref.dims);
    const d16 = relDiff(probs, fp16.data);
    t.diagnostic(`${name}: softmax(scores) vs fp16 original ${d16.toExponential(2)} (tolerance ${FP16_TOLERANCE})`);
    assert.ok(d16 <= FP16_TOLERANCE, `${name}: ${d16}`);
    if (SQUEEZENET_FP32) {
      const fp32 = await runOriginal(SQUEEZENET_FP32, x, ref.dims);
      const d32 = relDiff(probs, fp32.data);
      t.diagnostic(`${name}: softmax(scores) vs fp32 copy ${d32.toExponential(2)}`);
      assert.ok(d32 <= TOLERANCE, `${name}: ${d32}`);
    }
  }
});

test('cutTrailingSoftmax: a LogSoftmax behind Identity and Dropout is cut too', async (t) => {
  const g = graph({
    opset: 17,
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

  const x = seededInput(6, 3, -2, 2);
  const scores = await runScores(g, x, [1, 6]);
  const logp = (await runOriginal(encodeModel(original), x, [1, 6])).data;
  const ours = Array.from(softmax(scores), Math.log);
  const d = relDiff(ours, logp);
  t.diagnostic(`log(softmax(scores)) vs original LogSoftmax ${d.toExponential(2)}`);
  assert.ok(d <= TOLERANCE, String(d));
});

test('cutTrailingSoftmax: nothing to cut leaves the graph alone', () => {
  const mnist = decoded(MNIST);
  const before = cloneGraph(mnist);
  assert.equal(cutTrailingSoftmax(mnist), undefined);
  assert.deepEqual(mnist, before);

  // A Softmax inside the graph is not trailing: the score after it depends on it.
  const inner = graph({
    opset: 17,
    input: ['x', [1, 4]],
    output: 'y',
    nodes: [node('Softmax', ['x'], ['p'], { axis: A.int(1) }), node('Mul', ['p', 'k'], ['y'])],
    inits: { k: randomTensor([4], 9) },
  });
  const innerBefore = cloneGraph(inner);
  assert.equal(cutTrailingSoftmax(inner), undefined);
  assert.deepEqual(inner, innerBefore);
});

/** What an explain command hands back: the results in the extension host, their summary over the wire. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainedOutcome } from '../../extension/outcome';
import type { ExplainResult } from '../../src/protocol';

const tensor = (n: number) => ({ data: new Float32Array(n).fill(0.5), dims: [1, 1, 1, n] });

const result: ExplainResult = {
  method: 'gradient',
  params: {},
  target: 3,
  label: 'three',
  score: 2.5,
  explained: 'the score of class 3',
  top: [{ index: 3, label: 'three', score: 2.5, probability: 0.9 }],
  input: tensor(3000),
  layout: 'NCHW',
  display: { data: new Uint8Array(3000), width: 100, height: 10 },
  relevance: tensor(3000),
  relevanceSum: 1500,
  cam: tensor(10),
  layerQuantity: 'gradient',
  layers: [{ name: 'conv', node: 'n', op: 'Conv', shape: [1, 4], sum: 2, positive: 2, negative: 0, neurons: new Float32Array(4), activations: new Float32Array(4) }],
  layerMap: { layer: 'conv', data: new Float32Array(40), dims: [4, 10] },
  timings: { forwardMs: 1, compileMs: 0, runMs: 2, cached: true },
  notes: ['a note'],
};

test('in the extension host an outcome carries the results themselves', () => {
  const outcome = explainedOutcome([result]);
  assert.equal(outcome.results[0], result);
  assert.deepEqual(Object.keys(outcome), ['status', 'results']);
});

test('as JSON (a command run from the window) an outcome is its summary without tensors', () => {
  const json = JSON.stringify(explainedOutcome([result]));
  const sent = JSON.parse(json);
  assert.ok(json.length < 1500, `${json.length} characters`);
  assert.equal(sent.status, 'ok');
  for (const key of ['input', 'display', 'relevance', 'cam', 'layerMap']) assert.equal(sent.results[0][key], undefined, key);
  assert.deepEqual(sent.results[0].layers, [{ name: 'conv', node: 'n', op: 'Conv', shape: [1, 4], sum: 2, positive: 2, negative: 0 }]);
  assert.equal(sent.results[0].relevanceSum, 1500);
  assert.deepEqual(sent.results[0].top, result.top);
  assert.deepEqual(sent.results[0].notes, ['a note']);
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { layerShares, layerTableCsv, neuronShare } from '../../../src/report/layerTable';

const layers = [
  { name: 'conv,1', op: 'Conv', shape: [1, 2, 4, 4], sum: 1, gap: 0.001, positive: 3, negative: -2 },
  { name: 'fc "out"', op: 'Gemm', shape: [1, 3], sum: 1, positive: 1, negative: 0 },
];
const neurons = [
  { relevance: Float32Array.from([3, -2]), activation: Float32Array.from([0.5, 0.25]) },
  { relevance: Float32Array.from([1, 0, 0]), activation: Float32Array.from([1, 2, 3]) },
];

test('a neuron\'s share is its relevance over the layer\'s magnitude; a layer\'s share is against the largest', () => {
  assert.equal(neuronShare(3, layers[0]), 0.6);
  assert.equal(neuronShare(-2, layers[0]), -0.4);
  assert.equal(neuronShare(1, { positive: 0, negative: 0 }), 0, 'an empty layer gives no share, not NaN');
  assert.deepEqual(layerShares(layers), [1, 0.2]);
  assert.deepEqual(layerShares([{ positive: 0, negative: 0 }]), [0]);
});

test('CSV: a row per layer then its neurons, quoted where needed, full precision', () => {
  const csv = layerTableCsv(layers, (i) => neurons[i]);
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines[0], 'level,layer,op,shape,neuron,relevance,share,activation,gap,positive,negative');
  assert.equal(lines[1], 'layer,"conv,1",Conv,1x2x4x4,,1,,,0.001,3,-2');
  assert.equal(lines[2], 'neuron,"conv,1",Conv,1x2x4x4,0,3,0.6,0.5,,,');
  assert.equal(lines[3], 'neuron,"conv,1",Conv,1x2x4x4,1,-2,-0.4,0.25,,,');
  assert.equal(lines[4], 'layer,"fc ""out""",Gemm,1x3,,1,,,,1,0', 'a missing gap is an empty cell');
  assert.equal(lines.length, 1 + (1 + 2) + (1 + 3));
  assert.ok(csv.endsWith('\r\n'));
});

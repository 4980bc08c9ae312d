import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hasNeuronMaps, neuronChannel, neuronMap } from '../../../webview/model/neuronMap';
import { resizeBilinear } from '../../../src/render/resizeBilinear';

// Two channels of a 2x2 map: channel 0 counts up, channel 1 is constant.
const layer = { data: Float32Array.from([0, 1, 2, 3, 5, 5, 5, 5]), dims: [2, 2, 2] };

test('a neuron map is its own channel, left as it is at the picture size', () => {
  assert.deepEqual(Array.from(neuronMap(layer, 0, 2, 2).data), [0, 1, 2, 3]);
  const one = neuronMap(layer, 1, 2, 2);
  assert.deepEqual([one.width, one.height, ...one.data], [2, 2, 5, 5, 5, 5]);
});

test('a neuron map is upsampled bilinearly to the picture, as the input relevance would be', () => {
  const m = neuronMap(layer, 0, 4, 4);
  assert.equal(m.width, 4);
  assert.equal(m.height, 4);
  assert.deepEqual(Array.from(m.data), Array.from(resizeBilinear({ data: Float32Array.from([0, 1, 2, 3]), width: 2, height: 2 }, 4, 4).data));
  // align_corners=false: the corners keep the corner values, the centre is their mean.
  assert.equal(m.data[0], 0);
  assert.equal(m.data[15], 3);
  assert.ok(Math.abs(m.data[5] - 0.75) < 1e-6, `${m.data[5]}`);
  assert.deepEqual(new Set(neuronMap(layer, 1, 3, 5).data), new Set([5]), 'a constant channel stays constant');
});

test('the layer map itself is not changed (the picture owns a copy)', () => {
  const m = neuronMap(layer, 0, 2, 2);
  m.data[0] = 42;
  assert.equal(layer.data[0], 0);
});

test('a neuron outside the layer, or a map that is not [C, h, w], is refused', () => {
  assert.throws(() => neuronMap(layer, 2, 4, 4), /Neuron 2/);
  assert.throws(() => neuronMap(layer, -1, 4, 4));
  assert.throws(() => neuronMap({ data: new Float32Array(4), dims: [4] }, 0, 4, 4), /\[C, h, w\]/);
});

test('only feature maps [1, C, h, w] have neuron maps, not vectors', () => {
  assert.ok(hasNeuronMaps([1, 8, 4, 4]));
  assert.ok(!hasNeuronMaps([1, 10]));
});

test('a neuron\'s channel at the layer\'s own resolution, for exports', () => {
  const own = neuronChannel(layer, 1);
  assert.deepEqual([own.width, own.height, ...own.data], [2, 2, 5, 5, 5, 5]);
  assert.throws(() => neuronChannel(layer, 2), /Neuron 2/);
});

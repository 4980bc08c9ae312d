import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

// GroupNormalization is an op from opset 18 (scale and bias per group until 21).
test('GroupNormalization, 2 groups of 2 channels (opset 18)', () =>
  check({ opset: 18, inputDims: [1, 4, 2, 3], build: (g, x) => g.node('GroupNormalization', [x, g.randn([2]), g.randn([2])], { num_groups: A.int(2) }) }));

test('GroupNormalization, one group (LayerNorm over C, H, W), epsilon 0.1', () =>
  check({ opset: 18, inputDims: [1, 3, 2, 2], build: (g, x) => g.node('GroupNormalization', [x, g.randn([1]), g.randn([1])], { num_groups: A.int(1), epsilon: A.float(0.1) }) }));

test('GroupNormalization, a group per channel (InstanceNorm)', () =>
  check({ opset: 18, inputDims: [1, 3, 2, 2], build: (g, x) => g.node('GroupNormalization', [x, g.randn([3]), g.randn([3])], { num_groups: A.int(3) }) }));

import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

test('InstanceNormalization of a 4-D map', () =>
  check({ inputDims: [1, 3, 3, 4], build: (g, x) => g.node('InstanceNormalization', [x, g.randn([3]), g.randn([3])], { epsilon: A.float(1e-5) }) }));

test('InstanceNormalization of a 3-D sequence', () =>
  check({ inputDims: [1, 2, 6], build: (g, x) => g.node('InstanceNormalization', [x, g.randn([2]), g.randn([2])]) }));

// torch exports GroupNorm below opset 18 as Reshape to [N, G, -1], InstanceNormalization with unit scale, Reshape
// back, then the per-channel affine.
test('GroupNorm as torch exports it: Reshape, InstanceNormalization, Reshape, Mul, Add', () =>
  check({
    inputDims: [1, 4, 2, 3],
    build: (g, x) => {
      const grouped = g.node('Reshape', [x, g.int64s([0, 2, -1])]);
      const normed = g.node('InstanceNormalization', [grouped, g.floats([1, 1]), g.floats([0, 0])]);
      const back = g.node('Reshape', [normed, g.int64s([0, 4, 2, 3])]);
      return g.node('Add', [g.node('Mul', [back, g.randn([4, 1, 1])]), g.randn([4, 1, 1])]);
    },
  }));

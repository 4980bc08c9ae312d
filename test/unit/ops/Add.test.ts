import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

test('Add a broadcast constant [C, 1, 1]', () =>
  check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Add', [x, g.randn([3, 1, 1])]) }));

test('Add a scalar (constant first)', () =>
  check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Add', [g.floats([0.7], []), x]) }));

test('Add two tensors from the input', () =>
  check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Add', [x, g.node('Mul', [x, g.randn([2, 3, 3])])]) }));

test('Add the same tensor twice', () => check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Add', [x, x]) }));

test('Add an input-derived [N, C, 1, 1] tensor broadcast over space', () =>
  check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Add', [g.node('GlobalAveragePool', [x]), x]) }));

test('residual Add: x + Conv(x)', () =>
  check({
    inputDims: [1, 2, 5, 5],
    build: (g, x) => {
      const y = g.node('Conv', [x, g.randn([2, 2, 3, 3], 0.5), g.randn([2])], { kernel_shape: A.ints([3, 3]), pads: A.ints([1, 1, 1, 1]) });
      return g.node('Add', [y, x]);
    },
  }));

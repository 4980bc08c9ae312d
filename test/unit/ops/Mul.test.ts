import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

test('Mul by a broadcast constant [C, 1, 1]', () =>
  check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Mul', [x, g.randn([3, 1, 1])]) }));

test('Mul by a scalar (constant first)', () =>
  check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Mul', [g.floats([-1.7], []), x]) }));

test('Mul two tensors from the input', () =>
  check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Mul', [x, g.node('Mul', [x, g.randn([2, 3, 3])])]) }));

test('Mul the input by itself', () => check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Mul', [x, x]) }));

test('Mul by an input-derived [N, C, 1, 1] tensor broadcast over space', () =>
  check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Mul', [x, g.node('GlobalAveragePool', [x])]) }));

test('SiLU as torch exports it: x * sigmoid(x)', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'normal', scale: 2 }, build: (g, x) => g.node('Mul', [x, g.node('Sigmoid', [x])]) }));

test('A squeeze-and-excitation gate: x * sigmoid(W mean(x)) broadcast over space', () =>
  check({
    inputDims: [1, 4, 3, 3],
    build: (g, x) => {
      const s = g.node('Conv', [g.node('GlobalAveragePool', [x]), g.randn([4, 4, 1, 1])], { kernel_shape: A.ints([1, 1]) });
      return g.node('Mul', [g.node('Sigmoid', [s]), x]);
    },
  }));

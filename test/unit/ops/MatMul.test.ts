import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

test('MatMul 2-D with a constant B', () =>
  check({ inputDims: [1, 6], build: (g, x) => g.node('MatMul', [x, g.randn([6, 4])]) }));

test('MatMul 3-D batched, both operands from the input', () =>
  check({
    inputDims: [1, 3, 4],
    build: (g, x) => {
      // B = (x * c)^T per batch item: [1, 4, 3].
      const b = g.node('Transpose', [g.node('Mul', [x, g.randn([3, 4])])], { perm: A.ints([0, 2, 1]) });
      return g.node('MatMul', [x, b]);
    },
  }));

test('MatMul 4-D input times a constant 2-D B (B broadcast over the leading axes)', () =>
  check({ inputDims: [1, 2, 3, 4], build: (g, x) => g.node('MatMul', [x, g.randn([4, 5])]) }));

test('MatMul constant 2-D A times a 4-D input', () =>
  check({ inputDims: [1, 2, 4, 3], build: (g, x) => g.node('MatMul', [g.randn([5, 4]), x]) }));

test('MatMul with an input-derived B broadcast over axis 1 (its signal summed back)', () =>
  check({
    inputDims: [1, 2, 4, 4],
    build: (g, x) => {
      const b = g.node('Conv', [x, g.randn([1, 2, 1, 1])], { kernel_shape: A.ints([1, 1]) }); // [1, 1, 4, 4]
      return g.node('MatMul', [x, b]);
    },
  }));

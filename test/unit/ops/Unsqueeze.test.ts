import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

// Opset 17: axes are an int64 input.
test('Unsqueeze axes [1]', () =>
  check({ inputDims: [1, 3, 4], build: (g, x) => g.node('Mul', [g.node('Unsqueeze', [x, g.int64s([1])]), g.randn([2, 3, 4])]) }));

test('Unsqueeze axes [2, 4]', () =>
  check({ inputDims: [1, 3, 4], build: (g, x) => g.node('Mul', [g.node('Unsqueeze', [x, g.int64s([2, 4])]), g.randn([3, 1, 4, 2])]) }));

test('Unsqueeze axes [-1]', () =>
  check({ inputDims: [1, 3, 4], build: (g, x) => g.node('Mul', [g.node('Unsqueeze', [x, g.int64s([-1])]), g.randn([3, 4, 2])]) }));

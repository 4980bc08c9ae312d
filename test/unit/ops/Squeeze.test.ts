import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

// Opset 17: axes are an int64 input.
test('Squeeze axes [2]', () =>
  check({ inputDims: [1, 3, 1, 4], build: (g, x) => g.node('Mul', [g.node('Squeeze', [x, g.int64s([2])]), g.randn([3, 4])]) }));

test('Squeeze axes [-1, 2]', () =>
  check({ inputDims: [1, 3, 1, 1], build: (g, x) => g.node('Mul', [g.node('Squeeze', [x, g.int64s([-1, 2])]), g.randn([3])]) }));

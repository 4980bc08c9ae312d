import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Sub a broadcast constant [C, 1, 1]', () =>
  check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Sub', [x, g.randn([3, 1, 1])]) }));

test('Sub the input from a broadcast constant (signal negated)', () =>
  check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Sub', [g.randn([3, 1, 1]), x]) }));

test('Sub a scalar', () => check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Sub', [x, g.floats([0.3], [])]) }));

test('Sub the input from a scalar', () => check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Sub', [g.floats([0.3], []), x]) }));

test('Sub two tensors from the input', () =>
  check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Sub', [g.node('Mul', [x, g.randn([2, 1, 3])]), x]) }));

test('Sub an input-derived channel mean (broadcast, both ways)', () =>
  check({
    inputDims: [1, 3, 4, 4],
    build: (g, x) => {
      const centred = g.node('Sub', [x, g.node('GlobalAveragePool', [x])]);
      return g.node('Sub', [g.node('GlobalAveragePool', [g.node('Mul', [x, x])]), centred]);
    },
  }));

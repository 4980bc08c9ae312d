import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Expand along a size-1 axis and a new leading-free axis (signal summed back)', () =>
  check({ inputDims: [1, 3, 1], build: (g, x) => g.node('Mul', [g.node('Expand', [x, g.int64s([1, 3, 4])]), g.randn([3, 4])]) }));

test('Expand adding axes in front of the input (a [1, 1, 4] token expanded to [1, 5, 4] after an unsqueeze)', () =>
  check({
    inputDims: [1, 4],
    build: (g, x) => g.node('Mul', [g.node('Expand', [g.node('Unsqueeze', [x, g.int64s([1])]), g.int64s([1, 5, 4])]), g.randn([5, 4])]),
  }));

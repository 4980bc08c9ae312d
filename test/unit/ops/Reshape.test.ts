import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Reshape [N, 2, 3, 4] -> [0, 6, 4]', () =>
  check({ inputDims: [1, 2, 3, 4], build: (g, x) => g.node('Mul', [g.node('Reshape', [x, g.int64s([0, 6, 4])]), g.randn([6, 4])]) }));

test('Reshape [N, 2, 3, 4] -> [-1, 24]', () =>
  check({ inputDims: [1, 2, 3, 4], build: (g, x) => g.node('Mul', [g.node('Reshape', [x, g.int64s([-1, 24])]), g.randn([24])]) }));

test('Reshape [N, 12] -> [0, 3, 2, 2]', () =>
  check({ inputDims: [1, 12], build: (g, x) => g.node('Mul', [g.node('Reshape', [x, g.int64s([0, 3, 2, 2])]), g.randn([3, 2, 2])]) }));

import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('PRelu with a per-channel slope [C, 1, 1]', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'distinct' }, build: (g, x) => g.node('PRelu', [x, g.floats([0.25, -0.5, 1.5], [3, 1, 1])]) }));

test('PRelu with one shared slope [1]', () =>
  check({ inputDims: [1, 2, 3, 3], input: { kind: 'distinct' }, build: (g, x) => g.node('PRelu', [x, g.floats([0.1], [1])]) }));

import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Reciprocal on [1, 3]', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'uniform', lo: 1, hi: 3 }, build: (g, x) => g.node('Reciprocal', [x]) }));

test('Reciprocal on negative inputs [-3, -1]', () =>
  check({ inputDims: [1, 2, 3, 3], input: { kind: 'uniform', lo: -3, hi: -1 }, build: (g, x) => g.node('Reciprocal', [x]) }));

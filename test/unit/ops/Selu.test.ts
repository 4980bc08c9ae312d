import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

test('Selu (defaults) on both sides of 0', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'distinct', lo: -3, hi: 3, kinks: [0] }, build: (g, x) => g.node('Selu', [x]) }));

test('Selu with alpha 2, gamma 0.5', () =>
  check({
    inputDims: [1, 3, 4, 4],
    input: { kind: 'distinct', lo: -3, hi: 3, kinks: [0] },
    build: (g, x) => g.node('Selu', [x], { alpha: A.float(2), gamma: A.float(0.5) }),
  }));

import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

test('Elu (alpha 1) on both sides of 0', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'distinct', lo: -3, hi: 3, kinks: [0] }, build: (g, x) => g.node('Elu', [x]) }));

test('Elu with alpha 0.5', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'distinct', lo: -3, hi: 3, kinks: [0] }, build: (g, x) => g.node('Elu', [x], { alpha: A.float(0.5) }) }));

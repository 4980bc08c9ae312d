import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

// Kept in [0.5, 3]: the slope 1/(2 sqrt x) is smooth there.
test('Sqrt', () => check({ inputDims: [1, 3, 4, 4], input: { kind: 'uniform', lo: 0.5, hi: 3 }, build: (g, x) => g.node('Sqrt', [x]) }));

test('Sqrt of x^2 + 1 (a standard deviation)', () =>
  check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Sqrt', [g.node('Add', [g.node('Mul', [x, x]), g.floats([1], [])])]) }));

import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

// Defaults alpha 0.2, beta 0.5: the kinks at x = -2.5 and 2.5.
test('HardSigmoid (defaults)', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'distinct', lo: -4, hi: 4, kinks: [-2.5, 2.5] }, build: (g, x) => g.node('HardSigmoid', [x]) }));

// torch's hardsigmoid: alpha 1/6, kinks at -3 and 3.
test('HardSigmoid as torch exports it (alpha 1/6)', () =>
  check({
    inputDims: [1, 3, 4, 4],
    input: { kind: 'distinct', lo: -5, hi: 5, kinks: [-3, 3] },
    build: (g, x) => g.node('HardSigmoid', [x], { alpha: A.float(1 / 6), beta: A.float(0.5) }),
  }));

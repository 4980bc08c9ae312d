import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

// Kept in [0.5, 3], where 1/x is smooth.
test('Log', () => check({ inputDims: [1, 3, 4, 4], input: { kind: 'uniform', lo: 0.5, hi: 3 }, build: (g, x) => g.node('Log', [x]) }));

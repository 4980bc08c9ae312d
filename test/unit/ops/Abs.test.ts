import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Abs away from its kink at 0', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'distinct', lo: -3, hi: 3, kinks: [0] }, build: (g, x) => g.node('Abs', [x]) }));

import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('HardSwish on both sides of its kinks at -3 and 3', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'distinct', lo: -5, hi: 5, kinks: [-3, 3] }, build: (g, x) => g.node('HardSwish', [x]) }));

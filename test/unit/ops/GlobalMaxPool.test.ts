import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

// Distinct values: one maximum per channel, unchanged by the finite-difference steps.
test('GlobalMaxPool', () =>
  check({ inputDims: [1, 3, 4, 5], input: { kind: 'distinct', kinks: [] }, build: (g, x) => g.node('GlobalMaxPool', [x]) }));

test('GlobalMaxPool 1-D', () =>
  check({ inputDims: [1, 3, 7], input: { kind: 'distinct', kinks: [] }, build: (g, x) => g.node('GlobalMaxPool', [x]) }));

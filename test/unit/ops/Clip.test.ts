import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Clip as ReLU6 (min and max inputs)', () =>
  check({
    inputDims: [1, 3, 4, 4],
    input: { kind: 'distinct', lo: -3, hi: 9, kinks: [0, 6] },
    build: (g, x) => g.node('Clip', [x, g.floats([0], []), g.floats([6], [])]),
  }));

test('Clip with only max', () =>
  check({
    inputDims: [1, 3, 4, 4],
    input: { kind: 'distinct', lo: -3, hi: 3, kinks: [1] },
    build: (g, x) => g.node('Clip', [x, '', g.floats([1], [])]),
  }));

test('Clip with only min', () =>
  check({
    inputDims: [1, 3, 4, 4],
    input: { kind: 'distinct', lo: -3, hi: 3, kinks: [-0.5] },
    build: (g, x) => g.node('Clip', [x, g.floats([-0.5], [])]),
  }));

test('Clip without bounds (identity)', () => check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Clip', [x]) }));

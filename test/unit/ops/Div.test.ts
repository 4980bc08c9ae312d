import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Div by a broadcast constant [C, 1, 1]', () =>
  check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Div', [x, g.uniform([3, 1, 1], 0.5, 2)]) }));

test('Div by a scalar', () => check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Div', [x, g.floats([-0.8], [])]) }));

// The input as divisor: kept in [1, 3] so that 1/x is smooth (eps^2 |f'''| / 6 <= 1e-4 |f'|).
test('Div a scalar by the input', () =>
  check({ inputDims: [1, 2, 3, 3], input: { kind: 'uniform', lo: 1, hi: 3 }, build: (g, x) => g.node('Div', [g.floats([2], []), x]) }));

test('Div a broadcast constant by the input', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'uniform', lo: 1, hi: 3 }, build: (g, x) => g.node('Div', [g.randn([3, 1, 1]), x]) }));

test('Div two tensors from the input: x / (x^2 + 1)', () =>
  check({
    inputDims: [1, 2, 3, 3],
    build: (g, x) => g.node('Div', [x, g.node('Add', [g.node('Mul', [x, x]), g.floats([1], [])])]),
  }));

test('Div by an input-derived [N, C, 1, 1] tensor broadcast over space: x / (mean(x^2) + 1)', () =>
  check({
    inputDims: [1, 3, 4, 4],
    build: (g, x) => g.node('Div', [x, g.node('Add', [g.node('GlobalAveragePool', [g.node('Mul', [x, x])]), g.floats([1], [])])]),
  }));

// x / x = 1: its two signals cancel exactly, so only the added x's signal (1) remains.
test('Div of a tensor by itself, plus the tensor', () =>
  check({ inputDims: [1, 2, 3, 3], input: { kind: 'uniform', lo: 1, hi: 3 }, build: (g, x) => g.node('Add', [g.node('Div', [x, x]), x]) }));

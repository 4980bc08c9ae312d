import { test } from 'node:test';
import { int64Tensor } from '../../../src/onnx/ir';
import { check } from '../../helpers/gradcheck';

test('Pow with exponent 2 (a squared deviation)', () => check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Pow', [x, g.floats([2], [])]) }));

test('Pow with exponent 3', () => check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Pow', [x, g.floats([3], [])]) }));

test('Pow with exponent 0.5 on positive inputs', () =>
  check({ inputDims: [1, 2, 3, 3], input: { kind: 'uniform', lo: 0.5, hi: 3 }, build: (g, x) => g.node('Pow', [x, g.floats([0.5], [])]) }));

test('Pow with an int64 exponent', () =>
  check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Pow', [x, g.constant(int64Tensor([3], []))]) }));

test('Pow with a broadcast exponent per channel [C, 1, 1]', () =>
  check({ inputDims: [1, 3, 2, 2], input: { kind: 'uniform', lo: 0.5, hi: 2 }, build: (g, x) => g.node('Pow', [x, g.floats([1, 2, 2.5], [3, 1, 1])]) }));

test('Pow with a [C, 1, 1] base from the input raised to a [C, H, W] constant', () =>
  check({
    inputDims: [1, 3, 2, 2],
    input: { kind: 'uniform', lo: 0.5, hi: 2 },
    build: (g, x) => g.node('Pow', [g.node('GlobalAveragePool', [x]), g.uniform([3, 2, 2], 0.5, 2.5)]),
  }));

test('Pow with the exponent from the input (a constant base: 2^x)', () =>
  check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Pow', [g.floats([2], []), x]) }));

test('Pow with base and exponent from the input (x^x on positive inputs)', () =>
  check({ inputDims: [1, 2, 3, 3], input: { kind: 'uniform', lo: 0.5, hi: 2 }, build: (g, x) => g.node('Pow', [x, x]) }));

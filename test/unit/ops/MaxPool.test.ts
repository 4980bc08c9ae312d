import { test } from 'node:test';
import type { Attr } from '../../../src/onnx/ir';
import { A, check } from '../../helpers/gradcheck';

// Inputs are permutations of distinct values spaced wider than 2 eps: no window's maximum changes under
// the finite-difference steps, so they are exact.
function maxPool(inputDims: number[], attrs: Record<string, Attr>) {
  return check({ inputDims, input: { kind: 'distinct', kinks: [] }, build: (g, x) => g.node('MaxPool', [x], attrs) });
}

test('MaxPool 2x2 / 2 (non-overlapping)', () => maxPool([1, 2, 6, 6], { kernel_shape: A.ints([2, 2]), strides: A.ints([2, 2]) }));

test('MaxPool 3x3 / 2, pad 1 (overlapping)', () =>
  maxPool([1, 2, 7, 7], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]) }));

test('MaxPool 3x3 / 1, pad 1 (heavily overlapping)', () =>
  maxPool([1, 2, 5, 5], { kernel_shape: A.ints([3, 3]), pads: A.ints([1, 1, 1, 1]) }));

test('MaxPool 3x3 / 2, ceil_mode 1 (partial last window)', () =>
  maxPool([1, 2, 6, 6], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), ceil_mode: A.int(1) }));

test('MaxPool 2x2 / 2, ceil_mode 1 on an odd size', () =>
  maxPool([1, 2, 7, 7], { kernel_shape: A.ints([2, 2]), strides: A.ints([2, 2]), ceil_mode: A.int(1) }));

test('MaxPool 2x2, dilations 2', () => maxPool([1, 2, 6, 6], { kernel_shape: A.ints([2, 2]), dilations: A.ints([2, 2]) }));

test('MaxPool 3x3 / 2, dilations 2, pad 2', () =>
  maxPool([1, 2, 8, 8], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), dilations: A.ints([2, 2]), pads: A.ints([2, 2, 2, 2]) }));

test('MaxPool 3x3 / 2, auto_pad SAME_UPPER', () =>
  maxPool([1, 2, 6, 6], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), auto_pad: A.str('SAME_UPPER') }));

test('MaxPool 3x3 / 2, pad 1, ceil_mode 1', () =>
  maxPool([1, 2, 6, 6], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]), ceil_mode: A.int(1) }));

test('MaxPool 2x2 / 1, auto_pad SAME_LOWER', () =>
  maxPool([1, 2, 5, 5], { kernel_shape: A.ints([2, 2]), auto_pad: A.str('SAME_LOWER') }));

test('MaxPool 2x3 / (2, 1), rectangular window', () => maxPool([1, 2, 6, 5], { kernel_shape: A.ints([2, 3]), strides: A.ints([2, 1]) }));

test('MaxPool 1-D, kernel 3 / 2, pad 1', () => maxPool([1, 3, 9], { kernel_shape: A.ints([3]), strides: A.ints([2]), pads: A.ints([1, 1]) }));

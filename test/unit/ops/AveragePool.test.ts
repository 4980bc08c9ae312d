import { test } from 'node:test';
import type { Attr } from '../../../src/onnx/ir';
import { A, check } from '../../helpers/gradcheck';

function averagePool(inputDims: number[], attrs: Record<string, Attr>) {
  return check({ inputDims, build: (g, x) => g.node('AveragePool', [x], attrs) });
}

for (const include of [0, 1]) {
  test(`AveragePool 3x3 / 1, pad 1, count_include_pad ${include}`, () =>
    averagePool([1, 2, 5, 5], { kernel_shape: A.ints([3, 3]), pads: A.ints([1, 1, 1, 1]), count_include_pad: A.int(include) }));

  test(`AveragePool 3x3 / 2, pad 1, count_include_pad ${include}`, () =>
    averagePool([1, 2, 7, 7], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]), count_include_pad: A.int(include) }));

  test(`AveragePool 3x3 / 2, asymmetric pads, count_include_pad ${include}`, () =>
    averagePool([1, 2, 6, 6], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), pads: A.ints([0, 1, 2, 0]), count_include_pad: A.int(include) }));

  test(`AveragePool 3x3 / 2, ceil_mode 1, count_include_pad ${include}`, () =>
    averagePool([1, 2, 6, 6], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), ceil_mode: A.int(1), count_include_pad: A.int(include) }));

  test(`AveragePool 3x3 / 2, pad 1, ceil_mode 1, count_include_pad ${include}`, () =>
    averagePool([1, 2, 6, 6], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]), ceil_mode: A.int(1), count_include_pad: A.int(include) }));
}

test('AveragePool 2x2 / 2 (non-overlapping)', () => averagePool([1, 2, 6, 6], { kernel_shape: A.ints([2, 2]), strides: A.ints([2, 2]) }));

test('AveragePool 3x3 / 1 (overlapping, no pad)', () => averagePool([1, 2, 6, 6], { kernel_shape: A.ints([3, 3]) }));

test('AveragePool 2x3 / (2, 1), rectangular kernel', () =>
  averagePool([1, 2, 6, 5], { kernel_shape: A.ints([2, 3]), strides: A.ints([2, 1]) }));

test('AveragePool 2x2 / 3 (rows in no window)', () => averagePool([1, 2, 8, 8], { kernel_shape: A.ints([2, 2]), strides: A.ints([3, 3]) }));

for (const autoPad of ['SAME_UPPER', 'SAME_LOWER']) {
  for (const include of [0, 1]) {
    test(`AveragePool 2x2 / 2 on 7x7, auto_pad ${autoPad}, count_include_pad ${include}`, () =>
      averagePool([1, 2, 7, 7], { kernel_shape: A.ints([2, 2]), strides: A.ints([2, 2]), auto_pad: A.str(autoPad), count_include_pad: A.int(include) }));
  }
}

test('AveragePool 3x3 / 2, auto_pad SAME_UPPER', () =>
  averagePool([1, 2, 6, 6], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), auto_pad: A.str('SAME_UPPER') }));

for (const include of [0, 1]) {
  test(`AveragePool 1-D, kernel 3 / 2, pads (1, 2), ceil_mode 1, count_include_pad ${include}`, () =>
    averagePool([1, 3, 8], { kernel_shape: A.ints([3]), strides: A.ints([2]), pads: A.ints([1, 2]), ceil_mode: A.int(1), count_include_pad: A.int(include) }));
}

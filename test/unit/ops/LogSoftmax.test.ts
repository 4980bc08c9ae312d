import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

test('LogSoftmax over the last axis (the default)', () =>
  check({ inputDims: [1, 2, 3, 4], input: { kind: 'normal', scale: 2 }, build: (g, x) => g.node('LogSoftmax', [x]) }));

test('LogSoftmax over channels (axis 1)', () =>
  check({ inputDims: [1, 4, 2, 3], build: (g, x) => g.node('LogSoftmax', [x], { axis: A.int(1) }) }));

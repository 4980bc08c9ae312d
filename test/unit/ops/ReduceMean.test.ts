import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../../src/errors';
import { A, check, compileSpec } from '../../helpers/gradcheck';

// A Tanh after the mean makes the signal differ per output element, so a wrong spread shows.
test('ReduceMean over space (axes attribute, opset 17), keepdims', () =>
  check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Tanh', [g.node('ReduceMean', [x], { axes: A.ints([2, 3]) })]) }));

test('ReduceMean over the last axis, keepdims 0', () =>
  check({ inputDims: [1, 2, 3, 5], build: (g, x) => g.node('Tanh', [g.node('ReduceMean', [x], { axes: A.ints([-1]), keepdims: A.int(0) })]) }));

test('ReduceMean over channels (a LayerNorm over C), then broadcast back by Sub', () =>
  check({ inputDims: [1, 4, 3, 3], build: (g, x) => g.node('Mul', [g.node('Sub', [x, g.node('ReduceMean', [x], { axes: A.ints([1]) })]), g.randn([4, 1, 1])]) }));

test('ReduceMean over axes 1 and 3, keepdims 0, non-adjacent', () =>
  check({ inputDims: [1, 3, 2, 4], build: (g, x) => g.node('Tanh', [g.node('ReduceMean', [x], { axes: A.ints([1, 3]), keepdims: A.int(0) })]) }));

test('ReduceMean at opset 18 (axes input), keepdims 0', () =>
  check({ opset: 18, inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Tanh', [g.node('ReduceMean', [x, g.int64s([2, 3])], { keepdims: A.int(0) })]) }));

test('ReduceMean at opset 18 without axes and noop_with_empty_axes: the identity', () =>
  check({ opset: 18, inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Tanh', [g.node('ReduceMean', [x], { noop_with_empty_axes: A.int(1) })]) }));

test('ReduceMean over every axis (the batch too) is refused with a clear error', async () => {
  await assert.rejects(
    compileSpec({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('ReduceMean', [g.node('Tanh', [x])], { keepdims: A.int(1) }) }),
    (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP' && /batch axis/.test(e.message),
  );
});

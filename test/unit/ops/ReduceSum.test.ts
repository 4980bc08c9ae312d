import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../../src/errors';
import { A, check, compileSpec } from '../../helpers/gradcheck';

test('ReduceSum over space (axes input, opset 17), keepdims', () =>
  check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Tanh', [g.node('ReduceSum', [x, g.int64s([2, 3])])]) }));

test('ReduceSum over channels and width, keepdims 0', () =>
  check({ inputDims: [1, 3, 2, 4], build: (g, x) => g.node('Tanh', [g.node('ReduceSum', [x, g.int64s([1, -1])], { keepdims: A.int(0) })]) }));

test('ReduceSum with noop_with_empty_axes and no axes: the identity', () =>
  check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Tanh', [g.node('ReduceSum', [x], { noop_with_empty_axes: A.int(1) })]) }));

test('ReduceSum at opset 18, keepdims 0, of a 2-D tensor', () =>
  check({ opset: 18, inputDims: [1, 7], build: (g, x) => g.node('Mul', [g.node('ReduceSum', [g.node('Tanh', [x]), g.int64s([1])], { keepdims: A.int(0) }), g.floats([1.5], [])]) }));

test('ReduceSum of everything (no axes, the batch included) is refused with a clear error', async () => {
  await assert.rejects(
    compileSpec({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('ReduceSum', [g.node('Tanh', [x])]) }),
    (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP' && /ReduceSum/.test(e.message) && /batch axis/.test(e.message),
  );
});

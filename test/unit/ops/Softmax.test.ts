import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../../src/errors';
import { A, check, compileSpec } from '../../helpers/gradcheck';

test('Softmax over the last axis (the default, attention scores)', () =>
  check({ inputDims: [1, 2, 3, 4], input: { kind: 'normal', scale: 2 }, build: (g, x) => g.node('Softmax', [x]) }));

test('Softmax over channels (axis 1) of a 4-D map', () =>
  check({ inputDims: [1, 5, 2, 2], input: { kind: 'normal', scale: 2 }, build: (g, x) => g.node('Softmax', [x], { axis: A.int(1) }) }));

test('Softmax over axis -2', () =>
  check({ inputDims: [1, 3, 4, 2], build: (g, x) => g.node('Softmax', [x], { axis: A.int(-2) }) }));

test('Softmax over the batch axis is refused with a clear error', async () => {
  await assert.rejects(
    compileSpec({ inputDims: [1, 3], build: (g, x) => g.node('Mul', [g.node('Softmax', [x], { axis: A.int(0) }), g.floats([2], [])]) }),
    (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP' && /batch axis/.test(e.message),
  );
});

// Opset 11's Softmax normalizes over the input flattened from axis 1: raised as Flatten, Softmax, Reshape.
test('Softmax at opset 11 (flattened from axis 1), raised to 17, against onnxruntime at 11', () =>
  check({ opset: 11, raise: true, inputDims: [1, 2, 3, 2], input: { kind: 'normal', scale: 2 }, build: (g, x) => g.node('Softmax', [x]) }));

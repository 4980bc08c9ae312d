import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../../src/errors';
import { A, check, compileSpec } from '../../helpers/gradcheck';

// Opset 17: pads (and the constant value) are inputs. Each case scales the padded tensor by a constant.
test('Pad spatial, constant mode, asymmetric pads, value 0.5', () =>
  check({
    inputDims: [1, 2, 4, 4],
    build: (g, x) => {
      const padded = g.node('Pad', [x, g.int64s([0, 0, 1, 2, 0, 0, 2, 1]), g.floats([0.5], [])], {});
      return g.node('Mul', [padded, g.randn([2, 7, 7])]);
    },
  }));

test('Pad the channel axis, default mode and value', () =>
  check({
    inputDims: [1, 2, 3, 3],
    build: (g, x) => g.node('Mul', [g.node('Pad', [x, g.int64s([0, 1, 0, 0, 0, 2, 0, 1])]), g.randn([5, 3, 4])]),
  }));

test('Pad a 2-D tensor', () =>
  check({ inputDims: [1, 6], build: (g, x) => g.node('Mul', [g.node('Pad', [x, g.int64s([0, 3, 0, 1])]), g.randn([10])]) }));

test('Pad in reflect mode is rejected with UNSUPPORTED_OP', async () => {
  await assert.rejects(
    compileSpec({ inputDims: [1, 2, 4, 4], build: (g, x) => g.node('Pad', [x, g.int64s([0, 0, 1, 1, 0, 0, 1, 1])], { mode: A.str('reflect') }) }),
    (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP',
  );
});

// A fill value computed from the image used to lose its signal silently; as a scalar it cannot carry a
// batch axis, so the rule refuses it.
test('Pad with a fill value computed from the input is rejected with UNSUPPORTED_OP', async () => {
  await assert.rejects(
    compileSpec({
      inputDims: [1, 2, 4, 4],
      batched: false,
      build: (g, x) => {
        const m = g.node('GlobalAveragePool', [g.node('Conv', [x, g.randn([1, 2, 1, 1])], { kernel_shape: A.ints([1, 1]) })]);
        const value = g.node('Reshape', [m, g.int64s([])]);
        return g.node('Pad', [x, g.int64s([0, 0, 1, 1, 0, 0, 1, 1]), value]);
      },
    }),
    (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP' && /fill value/.test(e.message),
  );
});

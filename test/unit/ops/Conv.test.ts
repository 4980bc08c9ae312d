import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../../src/errors';
import type { Attr } from '../../../src/onnx/ir';
import { A, check, compileSpec } from '../../helpers/gradcheck';

/** A Conv with random weights [M, C/group, k, k] (and a bias when asked) on the input. */
async function conv(inputDims: number[], M: number, k: number | number[], attrs: Record<string, Attr>, opts: { group?: number; bias?: boolean } = {}) {
  const group = opts.group ?? 1;
  const kernel = typeof k === 'number' ? inputDims.slice(2).map(() => k) : k;
  await check({
    inputDims,
    build: (g, x) => {
      const w = g.randn([M, inputDims[1] / group, ...kernel], 0.5);
      const inputs = opts.bias ? [x, w, g.randn([M])] : [x, w];
      return g.node('Conv', inputs, { kernel_shape: A.ints(kernel), ...(group !== 1 ? { group: A.int(group) } : {}), ...attrs });
    },
  });
}

test('Conv 3x3, pad 1', () => conv([1, 2, 6, 6], 3, 3, { pads: A.ints([1, 1, 1, 1]) }));

test('Conv 3x3, stride 2, no pad, 7x7 input', () => conv([1, 2, 7, 7], 3, 3, { strides: A.ints([2, 2]) }));

test('Conv 3x3, stride 2, pad 1, 8x8 input', () => conv([1, 2, 8, 8], 3, 3, { strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]) }));

test('Conv 3x3, stride 2, no pad, 8x8 input: the last row and column are in no window', () =>
  conv([1, 2, 8, 8], 2, 3, { strides: A.ints([2, 2]) }));

test('Conv 2x2, stride 3 (gaps between windows), 8x8 input', () => conv([1, 2, 8, 8], 2, 2, { strides: A.ints([3, 3]) }));

test('Conv 3x3, stride 2, asymmetric pads', () => conv([1, 2, 7, 7], 2, 3, { strides: A.ints([2, 2]), pads: A.ints([1, 0, 0, 2]) }));

test('Conv 3x3, dilations 2, pad 2', () => conv([1, 2, 7, 7], 3, 3, { dilations: A.ints([2, 2]), pads: A.ints([2, 2, 2, 2]) }));

test('Conv 3x3, dilations 2, stride 2, no pad', () => conv([1, 2, 9, 9], 2, 3, { dilations: A.ints([2, 2]), strides: A.ints([2, 2]) }));

test('Conv 3x3, group 2', () => conv([1, 4, 6, 6], 6, 3, { pads: A.ints([1, 1, 1, 1]) }, { group: 2 }));

test('Conv 3x3, group 2, stride 2', () => conv([1, 4, 7, 7], 4, 3, { strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]) }, { group: 2 }));

test('Conv 3x3 depthwise (group = C)', () => conv([1, 3, 8, 8], 3, 3, { pads: A.ints([1, 1, 1, 1]) }, { group: 3 }));

test('Conv 3x3 depthwise with channel multiplier 2, stride 2', () =>
  conv([1, 3, 8, 8], 6, 3, { strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]) }, { group: 3 }));

test('Conv 3x3, auto_pad SAME_UPPER', () => conv([1, 2, 6, 6], 3, 3, { auto_pad: A.str('SAME_UPPER') }));

test('Conv 4x4, auto_pad SAME_UPPER (asymmetric pads)', () => conv([1, 2, 6, 6], 2, 4, { auto_pad: A.str('SAME_UPPER') }));

test('Conv 4x4, auto_pad SAME_LOWER (asymmetric pads)', () => conv([1, 2, 6, 6], 2, 4, { auto_pad: A.str('SAME_LOWER') }));

test('Conv 3x3, stride 2, auto_pad SAME_UPPER', () => conv([1, 2, 8, 8], 2, 3, { auto_pad: A.str('SAME_UPPER'), strides: A.ints([2, 2]) }));

test('Conv 3x3, stride 2, auto_pad SAME_LOWER', () => conv([1, 2, 8, 8], 2, 3, { auto_pad: A.str('SAME_LOWER'), strides: A.ints([2, 2]) }));

test('Conv 3x3, auto_pad VALID', () => conv([1, 2, 6, 6], 3, 3, { auto_pad: A.str('VALID') }));

test('Conv 1x1', () => conv([1, 3, 5, 5], 4, 1, {}));

test('Conv 1x1, stride 2', () => conv([1, 3, 6, 6], 2, 1, { strides: A.ints([2, 2]) }));

// The strided 1x1 adjoint spreads its values with zeros between: an odd input leaves the last row and column out.
test('Conv 1x1, stride 2, 7x7 input', () => conv([1, 3, 7, 7], 2, 1, { strides: A.ints([2, 2]) }));

test('Conv 1x1, stride 3, 8x8 input', () => conv([1, 3, 8, 8], 4, 1, { strides: A.ints([3, 3]) }));

test('Conv 1x1, strides (2, 3), 7x8 input', () => conv([1, 3, 7, 8], 4, 1, { strides: A.ints([2, 3]) }));

test('Conv 3x3 with bias', () => conv([1, 2, 6, 6], 3, 3, { pads: A.ints([1, 1, 1, 1]) }, { bias: true }));

test('Conv 3x3 with bias, stride 2', () => conv([1, 2, 7, 7], 3, 3, { strides: A.ints([2, 2]) }, { bias: true }));

// Pads wider than the kernel's reach: stride 1, but the adjoint is a ConvTranspose (the flipped Conv would
// need negative pads).
test('Conv 1x1, pad 1 (output larger than the input)', () => conv([1, 2, 4, 4], 3, 1, { pads: A.ints([1, 1, 1, 1]) }));

test('Conv 3x3, pad 3', () => conv([1, 2, 4, 4], 2, 3, { pads: A.ints([3, 2, 1, 3]) }));

// (onnxruntime refuses dilations with auto_pad SAME_*.)
test('Conv 3x3, dilations 2, asymmetric pads', () => conv([1, 2, 6, 6], 2, 3, { dilations: A.ints([2, 2]), pads: A.ints([2, 1, 0, 3]) }));

test('Conv 3x1 kernel, strides (2, 1), pads (1, 0)', () =>
  conv([1, 2, 7, 5], 3, [3, 1], { strides: A.ints([2, 1]), pads: A.ints([1, 0, 1, 0]) }));

test('Conv 2x3 kernel, strides (1, 2), dilations (2, 1)', () =>
  conv([1, 2, 7, 8], 2, [2, 3], { strides: A.ints([1, 2]), dilations: A.ints([2, 1]) }));

test('Conv 1-D, kernel 3, pad 1', () => conv([1, 3, 10], 4, 3, { pads: A.ints([1, 1]) }));

test('Conv 1-D, kernel 3, stride 2, group 3', () => conv([1, 3, 11], 3, 3, { strides: A.ints([2]) }, { group: 3 }));

// A bias [M] computed from the image (here at batch 1 through a Reshape to [-1]) used to lose its signal
// silently; it cannot carry a batch axis, so the rule refuses it.
test('Conv with a bias computed from the input is rejected with UNSUPPORTED_OP', async () => {
  await assert.rejects(
    compileSpec({
      inputDims: [1, 2, 4, 4],
      batched: false,
      build: (g, x) => {
        const m = g.node('GlobalAveragePool', [g.node('Conv', [x, g.randn([3, 2, 1, 1])], { kernel_shape: A.ints([1, 1]) })]);
        const bias = g.node('Reshape', [m, g.int64s([-1])]);
        return g.node('Conv', [x, g.randn([3, 2, 3, 3]), bias], { kernel_shape: A.ints([3, 3]) });
      },
    }),
    (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP' && /bias/.test(e.message),
  );
});

test('Conv with weights computed from the input is rejected with UNSUPPORTED_OP', async () => {
  await assert.rejects(
    compileSpec({
      inputDims: [1, 2, 3, 3],
      batched: false,
      build: (g, x) => g.node('Conv', [x, g.node('Mul', [x, g.randn([2, 3, 3])])], { kernel_shape: A.ints([3, 3]) }),
    }),
    (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP' && /weights/.test(e.message),
  );
});

// Sixteen input channels or more: each phase of a strided adjoint runs as its own convolution with its exact taps.
test('Conv 3x3, stride 2, pad 1, 16 channels (phases apart)', () => conv([1, 16, 8, 8], 3, 3, { strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]) }));

test('Conv 3x3, stride 2, no pad, 16 channels, 9x8 input (phases apart, odd rows)', () => conv([1, 16, 9, 8], 2, 3, { strides: A.ints([2, 2]) }));

test('Conv 7x7, stride 2, pad 3, 16 channels (phases apart)', () => conv([1, 16, 12, 12], 2, 7, { strides: A.ints([2, 2]), pads: A.ints([3, 3, 3, 3]) }));

test('Conv 1x1, stride 2, 16 channels: phases past the kernel stay zero channels', () => conv([1, 16, 6, 6], 2, 1, { strides: A.ints([2, 2]) }));

test('Conv 4x4, stride 2, pad 1, 16 channels (every phase 2x2: stacked)', () => conv([1, 16, 8, 8], 2, 4, { strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]) }));

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../../src/errors';
import { A, check, compileSpec } from '../../helpers/gradcheck';

test('LayerNormalization over the last axis (tokens [N, L, E], as ViT)', () =>
  check({ inputDims: [1, 3, 8], build: (g, x) => g.node('LayerNormalization', [x, g.randn([8]), g.randn([8])], { epsilon: A.float(1e-5) }) }));

test('LayerNormalization over the last two axes, without bias', () =>
  check({ inputDims: [1, 2, 3, 4], build: (g, x) => g.node('LayerNormalization', [x, g.randn([3, 4])], { axis: A.int(2) }) }));

test('LayerNormalization over channels of a channels-last map (ConvNeXt: [N, H, W, C]), large epsilon', () =>
  check({ inputDims: [1, 2, 2, 6], build: (g, x) => g.node('LayerNormalization', [x, g.randn([6]), g.randn([6])], { axis: A.int(-1), epsilon: A.float(0.1) }) }));

test('LayerNormalization as torch exports it below opset 17: ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div', () =>
  check({
    inputDims: [1, 3, 8],
    build: (g, x) => {
      const d = g.node('Sub', [x, g.node('ReduceMean', [x], { axes: A.ints([-1]) })]);
      const v = g.node('ReduceMean', [g.node('Pow', [d, g.floats([2], [])])], { axes: A.ints([-1]) });
      const y = g.node('Div', [d, g.node('Sqrt', [g.node('Add', [v, g.floats([1e-5], [])])])]);
      return g.node('Add', [g.node('Mul', [y, g.randn([8])]), g.randn([8])]);
    },
  }));

test('LayerNormalization over every axis (axis 0: the batch too) is refused with a clear error', async () => {
  await assert.rejects(
    compileSpec({ inputDims: [1, 2, 3], build: (g, x) => g.node('LayerNormalization', [g.node('Tanh', [x]), g.randn([1, 2, 3])], { axis: A.int(0) }) }),
    (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP' && /batch axis/.test(e.message),
  );
});

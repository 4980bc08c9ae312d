import assert from 'node:assert/strict';
import { test } from 'node:test';
import { A, check, compileSpec } from '../../helpers/gradcheck';
import { int64Tensor } from '../../../src/onnx/ir';

function gather(inputDims: number[], axis: number, indices: number[], idxDims: number[] = [indices.length]) {
  return check({
    inputDims,
    build: (g, x) => g.node('Mul', [g.node('Gather', [x, g.constant(int64Tensor(indices, idxDims), 'idx')], { axis: A.int(axis) }), g.randn([1])]),
  });
}

test("Gather: ViT's class token x[:, 0] (scalar index, axis 1)", () => gather([1, 5, 4], 1, [0], []));
test('Gather: scalar negative index on the last axis', () => gather([1, 3, 4], -1, [-2], []));
test('Gather: evenly spaced indices [1, 3, 5]', () => gather([1, 2, 7], 2, [1, 3, 5]));
test('Gather: unordered indices with a repeat (signals add)', () => gather([1, 2, 5, 3], 2, [4, 0, 4, 2]));
test('Gather: a 2-D index tensor in the middle axis', () => gather([1, 6, 2], 1, [0, 5, 1, 1, 3, 2], [2, 3]));

test("Gather: Swin's q, k, v = qkv[0], qkv[1], qkv[2] after a Transpose that moves the batch (axis 0 of [3, N, ...])", () =>
  check({
    inputDims: [1, 4, 3, 2],
    build: (g, x) => {
      const qkv = g.node('Transpose', [x], { perm: A.ints([2, 0, 1, 3]) }); // [3, N, 4, 2]
      const pick = (i: number) => g.node('Gather', [qkv, g.constant(int64Tensor([i], []), 'idx')], { axis: A.int(0) }); // [N, 4, 2]
      return g.node('Add', [g.node('Mul', [pick(0), g.randn([4, 2])]), g.node('Mul', [pick(2), pick(1)])]);
    },
  }));

test('Gather along the batch axis is refused', async () => {
  await assert.rejects(
    compileSpec({ inputDims: [1, 3], build: (g, x) => g.node('Gather', [x, g.constant(int64Tensor([0], []), 'idx')], { axis: A.int(0) }) }),
    /Gather .* batch axis/,
  );
});

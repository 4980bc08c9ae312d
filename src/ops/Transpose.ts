/**
 * The inverse permutation. It may move the batch axis (attention's [N, L, E] -> [L, N, E], Swin's q, k, v
 * stacked first): rules find a tensor's batch axis with ctx.freeShape.
 */
import { attrInts } from '../onnx/ir';
import { A } from '../compile/builder';
import type { OpBackward } from './rule';

export const Transpose: OpBackward = {
  opType: 'Transpose',
  backward(node, g, ctx) {
    const rank = ctx.shape(node.inputs[0]).length;
    const perm = attrInts(node, 'perm') ?? [...Array(rank).keys()].reverse();
    const inverse = Array<number>(rank);
    perm.forEach((p, i) => (inverse[p] = i));
    return [ctx.b.op('Transpose', [g], { perm: A.ints(inverse) })];
  },
};

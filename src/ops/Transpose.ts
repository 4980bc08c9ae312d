/** The inverse permutation. The batch axis must stay first: the compiled graph batches along it. */
import { ExplainError } from '../errors';
import { attrInts } from '../onnx/ir';
import { A } from '../compile/builder';
import type { OpBackward } from './rule';

export const Transpose: OpBackward = {
  opType: 'Transpose',
  backward(node, g, ctx) {
    const rank = ctx.shape(node.inputs[0]).length;
    const perm = attrInts(node, 'perm') ?? [...Array(rank).keys()].reverse();
    if (perm[0] !== 0) throw new ExplainError('UNSUPPORTED_OP', `Transpose ${node.name} moves the batch axis (perm ${perm.join(',')}), which is not supported.`);
    const inverse = Array<number>(rank);
    perm.forEach((p, i) => (inverse[p] = i));
    return [ctx.b.op('Transpose', [g], { perm: A.ints(inverse) })];
  },
};

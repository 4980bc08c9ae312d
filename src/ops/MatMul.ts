/** Batched matrix product: dA = G B^T, dB = A^T G, each summed over broadcast batch axes. */
import { ExplainError } from '../errors';
import { A } from '../compile/builder';
import type { BackwardContext, OpBackward } from './rule';
import { unbroadcast } from './shared/unbroadcast';

function transposeLast(ctx: BackwardContext, t: string, rank: number): string {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return ctx.b.op('Transpose', [t], { perm: A.ints(perm) });
}

export const MatMul: OpBackward = {
  opType: 'MatMul',
  backward(node, g, ctx) {
    const [a, b] = node.inputs;
    const shapeOf = (t: string) => ctx.constant(t)?.dims ?? ctx.shape(t);
    const [ra, rb] = [shapeOf(a).length, shapeOf(b).length];
    if (ra < 2 || rb < 2) throw new ExplainError('UNSUPPORTED_OP', `MatMul ${node.name} with a vector operand is not supported.`);
    const gs = ctx.shape(node.outputs[0]);
    const dA = ctx.needsGrad(a) ? unbroadcast(ctx, ctx.b.op('MatMul', [g, transposeLast(ctx, b, rb)]), gs.slice(0, -1).concat(shapeOf(b)[rb - 2]), a) : undefined;
    const dB = ctx.needsGrad(b) ? unbroadcast(ctx, ctx.b.op('MatMul', [transposeLast(ctx, a, ra), g]), gs.slice(0, -2).concat(shapeOf(a)[ra - 1], gs[gs.length - 1]), b) : undefined;
    return [dA, dB];
  },
};

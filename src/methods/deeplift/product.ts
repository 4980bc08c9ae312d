/**
 * The product of two image-dependent tensors (a gate, squeeze-and-excitation): with a = a0 + Da, c = c0 + Dc,
 *
 *   ac - a0 c0 = Da (c0 + Dc/2) + Dc (a0 + Da/2)
 *
 * exactly, so m_a = m (c + c0)/2 and m_c = m (a + a0)/2 (kundajelab's distribute_over_product): each factor's
 * multiplier is the other factor's mean over the pair. Summed over broadcast axes like the gradient.
 */
import type { BackwardRule } from '../../ops/rule';
import { unbroadcast } from '../../ops/shared/unbroadcast';
import { rows } from './pairs';

export const product: BackwardRule = (node, g, ctx) => {
  const b = ctx.b;
  const gs = ctx.shape(node.outputs[0]);
  const mean = (t: string) => {
    const s = ctx.shape(t);
    const [v, v0] = rows(ctx, t, s);
    return b.op('Mul', [b.op('Add', [v, v0]), b.scalar(0.5)]);
  };
  const [a, c] = node.inputs;
  return [unbroadcast(ctx, b.op('Mul', [g, mean(c)]), gs, a), unbroadcast(ctx, b.op('Mul', [g, mean(a)]), gs, c)];
};

/**
 * A MatMul of two image-dependent tensors (attention's QK^T and A V) is bilinear the same way:
 * AB - A0 B0 = DA (B + B0)/2 + (A + A0)/2 DB exactly (the Shapley value of the two factors), so
 * m_A = m ((B + B0)/2)^T and m_B = ((A + A0)/2)^T m.
 */
export const matmulProduct: BackwardRule = (node, g, ctx) => {
  const b = ctx.b;
  const mean = (t: string) => {
    const [v, v0] = rows(ctx, t, ctx.shape(t));
    return b.op('Mul', [b.op('Add', [v, v0]), b.scalar(0.5)]);
  };
  const swap = (t: string, rank: number) => {
    const perm = Array.from({ length: rank }, (_, i) => i);
    [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
    return b.op('Transpose', [t], { perm: { type: 'ints', value: perm } });
  };
  const [a, c] = node.inputs;
  const gs = ctx.shape(node.outputs[0]);
  const [ra, rc] = [ctx.shape(a).length, ctx.shape(c).length];
  const toA = b.op('MatMul', [g, swap(mean(c), rc)]);
  const toC = b.op('MatMul', [swap(mean(a), ra), g]);
  return [unbroadcast(ctx, toA, [...gs.slice(0, -2), ...ctx.shape(a).slice(-2)], a), unbroadcast(ctx, toC, [...gs.slice(0, -2), ...ctx.shape(c).slice(-2)], c)];
};

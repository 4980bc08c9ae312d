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

/**
 * DeepLIFT through a Softmax along an axis (attention weights), exactly: with e = exp(x - M) and r = 1 / sum(e)
 * (M the larger of the two rows' maxima, the same for both, so y = e r in both rows and nothing overflows),
 *
 *   Dy_i = De_i (r + r0)/2 + Dr (e_i + e0_i)/2        (the two-player Shapley split of a product, product.ts)
 *   Dr   = -DS / (S S0),  DS = sum_i De_i             (1/S - 1/S0, exactly)
 *   De_i = slope_i Dx_i, slope_i = De_i / Dx_i        (Rescale; e0_i where |Dx_i| < 1e-7)
 *
 * so sum_i m_x,i Dx_i = sum_i m_y,i Dy_i: the layer conserves the difference. Before, the gradient of the
 * softmax at x stood in for it (MaxViT's attention: 2% of f(x) - f(x0) lost per block).
 */
import { A } from '../../compile/builder';
import { attrInt } from '../../onnx/ir';
import type { BackwardRule } from '../../ops/rule';
import { rows } from './pairs';
import { NEAR_ZERO } from './rescale';

export const softmax: BackwardRule = (node, g, ctx) => {
  const b = ctx.b;
  const x = node.inputs[0];
  const shape = ctx.shape(x);
  const axis = (attrInt(node, 'axis', -1) + shape.length) % shape.length;
  // Opset 17: ReduceSum takes its axes as an input, ReduceMax as an attribute (an input from 18).
  const along = (op: 'ReduceSum' | 'ReduceMax', t: string) =>
    op === 'ReduceSum' ? b.op(op, [t, b.int64s([axis])], { keepdims: A.int(1) }) : b.op(op, [t], { axes: A.ints([axis]), keepdims: A.int(1) });
  const half = (t: string, u: string) => b.op('Mul', [b.op('Add', [t, u]), b.scalar(0.5)]);
  const [xa, x0] = rows(ctx, x, shape);
  const shift = b.op('Max', [along('ReduceMax', xa), along('ReduceMax', x0)]);
  const [ea, e0] = [xa, x0].map((t) => b.op('Exp', [b.op('Sub', [t, shift])]));
  const [sa, s0] = [ea, e0].map((t) => along('ReduceSum', t));
  const [ra, r0] = [sa, s0].map((t) => b.op('Reciprocal', [t]));
  // m_S = m_r * dr/dS = -(sum_i m_y,i (e_i + e0_i)/2) r r0
  const mR = along('ReduceSum', b.op('Mul', [g, half(ea, e0)]));
  const mS = b.op('Neg', [b.op('Mul', [mR, b.op('Mul', [ra, r0])])]);
  const mE = b.op('Add', [b.op('Mul', [g, half(ra, r0)]), mS]);
  const dx = b.op('Sub', [xa, x0]);
  const small = b.op('Less', [b.op('Abs', [dx]), b.scalar(NEAR_ZERO)]);
  const safe = b.op('Add', [dx, b.op('Cast', [small], { to: A.int(1) })]);
  const slope = b.op('Where', [small, e0, b.op('Div', [b.op('Sub', [ea, e0]), safe])]);
  return [b.op('Mul', [mE, slope], {}, 'dl_softmax')];
};

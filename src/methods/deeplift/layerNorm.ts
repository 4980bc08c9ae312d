/**
 * DeepLIFT through LayerNormalization y = c inv w + b, c = x - mean(x), inv = 1/sqrt(v + eps), v = mean(c^2)
 * over the normalized axes, exactly (before, the gradient at x stood in for it: ConvNeXt lost 7% of
 * f(x) - f(x0)):
 *
 *   D(c inv) = Dc (inv + inv0)/2 + Dinv (c + c0)/2                 (Shapley split of a product, product.ts)
 *   Dinv     = -inv^2 inv0^2 / (inv + inv0) Dv                     (1/sqrt(A) - 1/sqrt(B), exactly)
 *   Dv       = mean((c + c0) Dc)                                   (c^2 - c0^2 = (c + c0) Dc)
 *   Dc       = Dx - mean(Dx)                                       (linear: m_x = m_c - mean(m_c))
 *
 * so sum m_x Dx = sum m_y Dy over each normalized row.
 */
import { ExplainError } from '../../errors';
import { A } from '../../compile/builder';
import { attrFloat, attrInt } from '../../onnx/ir';
import type { BackwardRule } from '../../ops/rule';
import { rows } from './pairs';

export const layerNorm: BackwardRule = (node, g, ctx) => {
  const b = ctx.b;
  const [x, w] = node.inputs;
  if (ctx.needsGrad(w) || (node.inputs[2] && ctx.needsGrad(node.inputs[2]))) {
    throw new ExplainError('UNSUPPORTED_OP', `DeepLIFT needs LayerNormalization ${node.name}'s scale and bias constant.`);
  }
  const shape = ctx.shape(x);
  const rank = shape.length;
  const from = (attrInt(node, 'axis', -1) + rank) % rank;
  // Opset 17: ReduceMean's axes are an attribute (an input from 18).
  const axes = A.ints(Array.from({ length: rank - from }, (_, i) => from + i));
  const mean = (t: string) => b.op('ReduceMean', [t], { axes, keepdims: A.int(1) });
  const sum = (t: string) => b.op('ReduceSum', [t, b.int64s(axes.value as number[])], { keepdims: A.int(1) });
  const half = (t: string, u: string) => b.op('Mul', [b.op('Add', [t, u]), b.scalar(0.5)]);
  const [xa, x0] = rows(ctx, x, shape);
  const [ca, c0] = [xa, x0].map((t) => b.op('Sub', [t, mean(t)]));
  const eps = b.scalar(attrFloat(node, 'epsilon', 1e-5));
  const [ia, i0] = [ca, c0].map((c) => b.op('Reciprocal', [b.op('Sqrt', [b.op('Add', [mean(b.op('Mul', [c, c])), eps])])]));
  const cMean = half(ca, c0);
  const h = b.op('Mul', [g, w]);
  const mInv = sum(b.op('Mul', [h, cMean]));
  const square = (t: string) => b.op('Mul', [t, t]);
  const slope = b.op('Neg', [b.op('Div', [b.op('Mul', [square(ia), square(i0)]), b.op('Add', [ia, i0])])]);
  // m_c = h (inv + inv0)/2 + m_inv slope (c + c0)/N, N the row's size: Dv = (2/N) sum cMean Dc.
  const size = shape.slice(from).reduce((p, v) => p * v, 1);
  const mV = b.op('Mul', [b.op('Mul', [mInv, slope]), b.scalar(2 / size)]);
  const mC = b.op('Add', [b.op('Mul', [h, half(ia, i0)]), b.op('Mul', [mV, cMean])]);
  return [b.op('Sub', [mC, mean(mC)], {}, 'dl_layernorm'), ...node.inputs.slice(1).map(() => undefined)];
};
